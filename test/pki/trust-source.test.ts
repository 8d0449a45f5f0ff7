import { Testing } from 'cdk8s';
import { Certificate, SelfSignedCa, TrustSource } from '../../lib';

describe('TrustSource', () => {
  test('of a CA Certificate: its Secret\'s ca.crt in its namespace; one per certificate', () => {
    const chart = Testing.chart();
    const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'cert-manager' });
    const source = TrustSource.fromCertificate(ca.caCertificate);
    expect([source.secretName, source.key, source.namespace]).toEqual([ca.caCertificate.secretName, 'ca.crt', 'cert-manager']);
    expect(TrustSource.fromCertificate(ca.caCertificate)).toBe(source);
    expect(source).not.toBe(TrustSource.fromCertificate(new Certificate(chart, 'Other', { issuer: ca, name: 'other', commonName: 'other', isCa: true })));
  });

  test('of an existing Secret: ca.crt unless another key is named, assumed in the trust namespace', () => {
    const chart = Testing.chart();
    const byName = TrustSource.fromSecretName(chart, 'ByName', 'corp-ca-root');
    const byAttributes = TrustSource.fromSecretAttributes(chart, 'ByAttributes', { secretName: 'corp-ca-root', key: 'tls.crt' });
    expect([byName.secretName, byName.key, byName.namespace]).toEqual(['corp-ca-root', 'ca.crt', undefined]);
    expect([byAttributes.secretName, byAttributes.key]).toEqual(['corp-ca-root', 'tls.crt']);
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('refuses a Secret name that is no DNS subdomain', () => {
    expect(() => TrustSource.fromSecretName(Testing.chart(), 'Source', 'Root CA')).toThrow(/^test\/Source: secretName "Root CA" must be a DNS-1123 subdomain/);
  });
});
