import { Testing } from 'cdk8s';
import { BackendTlsPolicy, CaTrust, Certificate, EnvoyBackend, ExistingBackendService, ExistingIssuer, SelfSignedCa, TrustBundle } from '../../lib';
import { one } from '../support/manifests';

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

  test('no positional factory: the old call that named a Secret "ca.crt" does not compile, and fails if forced', () => {
    const chart = Testing.chart();
    // tsc checks these lines (npm test runs tsc --noEmit over test/): each must stay a type error.
    // @ts-expect-error TrustSource.fromSecretName(scope, secretName, key) took the Secret's name for the construct id
    expect(() => CaTrust.fromSecretName(chart, 'root-ca', 'ca.crt')).toThrow(TypeError);
    // @ts-expect-error the Secret is named by attributes, { name, key }, never by position
    expect(() => CaTrust.fromSecretAttributes(chart, 'root-ca', 'ca.crt')).toThrow(/^test\/root-ca: name undefined must be a DNS-1123 subdomain/);
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('of a CA Certificate as a Bundle source: its Secret\'s ca.crt in its namespace, the certificate it comes from', () => {
    const chart = Testing.chart();
    const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'cert-manager' });
    const source = CaTrust.fromCertificateSecret(ca.caCertificate);
    expect([source.kind, source.name, source.key, source.namespace, source.certificate])
      .toEqual(['Secret', ca.caCertificate.secretName, 'ca.crt', 'cert-manager', ca.caCertificate]);
    expect(source).not.toBe(CaTrust.fromCertificateSecret(new Certificate(chart, 'Other', { issuer: ca, name: 'other', commonName: 'other', isCa: true })));
  });

  test('of an existing Secret or ConfigMap: ca.crt unless another key is named; a Bundle reads either kind', () => {
    const chart = Testing.chart();
    const authority = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const secret = CaTrust.fromSecretAttributes(chart, 'Secret', { name: 'corp-ca-root' });
    const configMap = CaTrust.fromConfigMapAttributes(chart, 'ConfigMap', { name: 'corp-ca-root', key: 'root.pem' });
    expect([secret.key, configMap.key, secret.authority]).toEqual(['ca.crt', 'root.pem', undefined]);
    new TrustBundle(chart, 'FromSecret', { name: 'from-secret', source: secret, authority });
    new TrustBundle(chart, 'FromConfigMap', { name: 'from-config-map', source: configMap, authority });
    const objects = Testing.synth(chart);
    expect(one(objects, 'Bundle', 'from-secret').spec.sources).toEqual([{ secret: { name: 'corp-ca-root', key: 'ca.crt' } }]);
    expect(one(objects, 'Bundle', 'from-config-map').spec.sources).toEqual([{ configMap: { name: 'corp-ca-root', key: 'root.pem' } }]);
  });

  test('refuses a key that is no Secret or ConfigMap key', () => {
    expect(() => CaTrust.fromSecretAttributes(Testing.chart(), 'Source', { name: 'root', key: 'ca crt' })).toThrow(/^test\/Source: key "ca crt" must be a Secret or ConfigMap key/);
  });

  test('a verifier refuses a CA under another key than ca.crt, which Gateway API does not read', () => {
    const chart = Testing.chart();
    const service = ExistingBackendService.fromServiceAttributes(chart, 'Legacy', { serviceName: 'legacy', namespace: 'legacy', port: 443, hostname: 'legacy.legacy.svc' });
    const trust = CaTrust.fromSecretAttributes(chart, 'Trust', { name: 'legacy-ca', key: 'tls.crt' });
    expect(() => new BackendTlsPolicy(chart, 'Policy', { backend: service, trust })).toThrow(/^test\/Policy: trust.key "tls.crt" must be "ca.crt": Gateway API verifiers read the CA from that key only/);
    const clientCertificate = Certificate.fromSecretAttributes(chart, 'Client', { secretName: 'client', namespace: 'legacy', commonName: 'envoy' });
    expect(() => new EnvoyBackend(chart, 'Backend', { service, clientCertificate, trust })).toThrow(/^test\/Backend: trust.key "tls.crt" must be "ca.crt"/);
  });
});
