import { Testing } from 'cdk8s';
import { Certificate, CertificateProps, ExistingIssuer, SelfSignedCa } from '../../lib';
import { one } from '../support/manifests';

/** Builds a lone Certificate with one prop changed. */
const certificateWith = (props: Partial<CertificateProps>) => () => {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
  new Certificate(chart, 'Cert', { issuer: ca, name: 'leaf', dnsNames: ['leaf.ns.svc'], ...props });
};

describe('Certificate', () => {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
  const certificate = new Certificate(chart, 'Leaf', { issuer: ca, name: 'leaf', dnsNames: ['leaf.ns.svc'], usages: ['server auth'] });
  const leaf = one(Testing.synth(chart), 'Certificate', 'leaf', 'ns');

  test('renders a cert-manager Certificate', () => {
    expect(leaf).toMatchSnapshot();
  });

  test('lives in its issuer\'s namespace, writes a Secret of its own name, and keeps the defaults it documents', () => {
    expect(leaf.apiVersion).toBe('cert-manager.io/v1');
    expect(leaf.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'Issuer', name: ca.name });
    expect([leaf.spec.secretName, leaf.spec.duration, leaf.spec.renewBefore]).toEqual(['leaf', '2160h', '360h']);
    expect(leaf.spec.privateKey).toMatchObject({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Always' });
    expect([certificate.namespace, certificate.secretName, certificate.issuer]).toEqual(['ns', 'leaf', ca]);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['unknown key rotation policy', certificateWith({ privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Sometimes' as any } }), /^test\/Cert: privateKey\.rotationPolicy "Sometimes" must be Always or Never/],
    ['a misspelt prop (JavaScript, or a transpile-only app)', certificateWith({ dnsName: ['leaf.ns.svc'] } as Partial<CertificateProps>),
      /^test\/Cert: props field "dnsName" is unknown: did you mean "dnsNames"\?$/],
    ['a misspelt privateKey field', certificateWith({ privateKey: { algorithm: 'RSA', sise: 4096 } as any }),
      /^test\/Cert: privateKey field "sise" is unknown: did you mean "size"\?$/],
    ['unknown usage', certificateWith({ usages: ['server auth', 'tls server' as any] }), /^test\/Cert: usages\[1\] "tls server" is not a cert-manager key usage; use one of: signing, digital signature/],
    ['certificate with no subject', certificateWith({ dnsNames: [] }), /^test\/Cert: dnsNames \[\] must name at least one DNS name, or set commonName/],
    ['commonName over 64 characters', certificateWith({ commonName: 'c'.repeat(65) }), /commonName "c{65}" must be 1 to 64 characters/],
    ['certificate outside its Issuer\'s namespace', certificateWith({ namespace: 'other' }), /^test\/Cert: namespace "other" must equal the namespace of Issuer test-ca-ca-issuer \("ns"\): a namespaced Issuer signs only in its own namespace/],
    ['certificate under a ClusterIssuer without namespace', () => { const c = Testing.chart(); new Certificate(c, 'Cert', { issuer: ExistingIssuer.fromClusterIssuerName(c, 'Corp', 'corp'), name: 'x', dnsNames: ['x'] }); }, /^test\/Cert: namespace undefined must be set: issuer ClusterIssuer corp is cluster-scoped/],
  ])('refuses %s', (_case, build, message) => {
    expect(build).toThrow(message);
  });
});
