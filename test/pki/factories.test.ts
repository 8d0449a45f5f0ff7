import { Testing } from 'cdk8s';
import { CaTrust, Certificate, ExistingIssuer, SelfSignedCa } from '../../lib';

describe('imports of PKI objects outside the chart', () => {
  test('each factory returns a construct at (scope, id) carrying what it was told', () => {
    const chart = Testing.chart();
    const issuer = ExistingIssuer.fromIssuerAttributes(chart, 'Issuer', { name: 'team-ca', namespace: 'team' });
    const client = Certificate.fromSecretAttributes(chart, 'Client', { secretName: 'envoy-client', namespace: 'edge', issuer, usages: ['client auth'] });
    const trust = CaTrust.fromConfigMapAttributes(chart, 'Trust', { name: 'team-ca', authority: issuer });
    const source = CaTrust.fromSecretAttributes(chart, 'Source', { name: 'root', key: 'tls.crt' });
    expect([issuer, client, trust, source].map((construct) => construct.node.path)).toEqual(['test/Issuer', 'test/Client', 'test/Trust', 'test/Source']);
    expect([issuer.kind, issuer.namespace, issuer.inChart]).toEqual(['Issuer', 'team', false]);
    expect([client.name, client.namespace, client.usages, client.issuer]).toEqual(['envoy-client', 'edge', ['client auth'], issuer]);
    expect([trust.kind, trust.name, trust.authority]).toEqual(['ConfigMap', 'team-ca', issuer]);
    expect([source.name, source.key, source.namespace]).toEqual(['root', 'tls.crt', undefined]);
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('bad names are refused at the import, naming its path and the attribute', () => {
    const chart = Testing.chart();
    expect(() => ExistingIssuer.fromClusterIssuerName(chart, 'A', 'Corp CA')).toThrow(/^test\/A: name "Corp CA" must be a DNS-1123 subdomain/);
    expect(() => Certificate.fromSecretAttributes(chart, 'B', { secretName: 'client', namespace: 'Edge' })).toThrow(/^test\/B: namespace "Edge" must be a DNS-1123 label/);
    expect(() => Certificate.fromSecretAttributes(chart, 'C', { secretName: 'client', namespace: 'edge', usages: ['tls client' as any] })).toThrow(/^test\/C: usages\[0\] "tls client" is not a cert-manager key usage/);
    expect(() => CaTrust.fromSecretAttributes(chart, 'D', { name: 'ca_secret', authority: ExistingIssuer.fromClusterIssuerName(chart, 'E', 'corp') })).toThrow(/^test\/D: name "ca_secret" must be a DNS-1123 subdomain/);
    expect(() => CaTrust.fromSecretAttributes(chart, 'F', { name: 'Root' })).toThrow(/^test\/F: name "Root" must be a DNS-1123 subdomain/);
  });

  test('a certificate\'s Secret trust is one construct however often it is asked for', () => {
    const chart = Testing.chart();
    const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
    expect(CaTrust.fromCertificateSecret(ca.caCertificate)).toBe(CaTrust.fromCertificateSecret(ca.caCertificate));
    expect(CaTrust.fromCertificateSecret(ca.caCertificate)).toBe(CaTrust.fromCertificateSecret(ca.caCertificate));
    expect(CaTrust.fromCertificateSecret(ca.caCertificate).authority).toBe(ca.bootstrapIssuer);
  });
});
