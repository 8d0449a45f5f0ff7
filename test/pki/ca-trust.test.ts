import { Testing } from 'cdk8s';
import { CaTrust, Certificate, ExistingIssuer, SelfSignedCa } from '../../lib';

describe('CaTrust', () => {
  test('of a certificate\'s Secret: its ca.crt, the certificate\'s issuer, in its namespace; one per certificate', () => {
    const chart = Testing.chart();
    const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
    const server = new Certificate(chart, 'Server', { issuer: ca, name: 'server', dnsNames: ['server.ns.svc'] });
    const trust = CaTrust.fromCertificateSecret(server);
    expect([trust.kind, trust.name, trust.key, trust.authority, trust.namespace]).toEqual(['Secret', 'server', 'ca.crt', ca, 'ns']);
    expect(CaTrust.fromCertificateSecret(server)).toBe(trust);
  });

  test('of an existing Secret or ConfigMap: local to whichever namespace reads it, renders nothing', () => {
    const chart = Testing.chart();
    const authority = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const secret = CaTrust.fromSecretAttributes(chart, 'Secret', { name: 'corp-ca', authority });
    const configMap = CaTrust.fromConfigMapAttributes(chart, 'ConfigMap', { name: 'corp-ca-bundle', authority });
    expect([secret.kind, secret.name, secret.namespace, secret.authority]).toEqual(['Secret', 'corp-ca', undefined, authority]);
    expect([configMap.kind, configMap.name, configMap.namespace]).toEqual(['ConfigMap', 'corp-ca-bundle', undefined]);
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('refuses a name that is no DNS subdomain', () => {
    const chart = Testing.chart();
    const authority = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    expect(() => CaTrust.fromSecretAttributes(chart, 'Trust', { name: 'Corp CA', authority })).toThrow(/^test\/Trust: name "Corp CA" must be a DNS-1123 subdomain/);
  });
});
