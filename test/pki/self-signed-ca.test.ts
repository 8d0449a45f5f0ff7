import { Testing } from 'cdk8s';
import { SelfSignedCa } from '../../lib';
import { all, one } from '../support/manifests';

describe('SelfSignedCa', () => {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns', namePrefix: 'team' });
  const objects = Testing.synth(chart);

  test('renders a bootstrap Issuer, a CA Certificate and the CA Issuer', () => {
    expect(objects).toMatchSnapshot();
    expect(all(objects, 'Issuer').map((issuer) => issuer.metadata.name).sort()).toEqual(['team-ca-issuer', 'team-selfsigned']);
  });

  test('the bootstrap Issuer signs a long-lived CA certificate whose key never rotates, and the CA Issuer signs with it', () => {
    const certificate = one(objects, 'Certificate', 'team-ca', 'ns');
    expect(certificate.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'Issuer', name: 'team-selfsigned' });
    expect([certificate.spec.isCA, certificate.spec.commonName, certificate.spec.duration, certificate.spec.renewBefore]).toEqual([true, 'team-ca', '87600h', '720h']);
    expect(certificate.spec.privateKey.rotationPolicy).toBe('Never');
    expect(one(objects, 'Issuer', 'team-ca-issuer', 'ns').spec).toEqual({ ca: { secretName: certificate.spec.secretName } });
    expect([ca.kind, ca.name, ca.namespace, ca.caCertificate.secretName]).toEqual(['Issuer', 'team-ca-issuer', 'ns', certificate.spec.secretName]);
  });

  test('refuses a namespace that is no DNS label', () => {
    expect(() => new SelfSignedCa(Testing.chart(), 'Ca', { namespace: 'Team_A' })).toThrow(/^test\/Ca: namespace "Team_A" must be a DNS-1123 label/);
  });

  test('refuses a misspelt prop or privateKey field (JavaScript, or a transpile-only app) before it renders anything, naming the one meant', () => {
    const other = Testing.chart();
    expect(() => new SelfSignedCa(other, 'Ca', { namespace: 'ns', namprefix: 'team' } as any))
      .toThrow(/^test\/Ca: props field "namprefix" is unknown: did you mean "namePrefix"\?$/);
    expect(other.node.findChild('Ca').node.children).toEqual([]);
    expect(() => new SelfSignedCa(Testing.chart(), 'Ca', { namespace: 'ns', privateKey: { algorithm: 'ECDSA', rotation: 'Always' } as any }))
      .toThrow(/^test\/Ca: privateKey field "rotation" is unknown: did you mean "rotationPolicy"\?$/);
  });
});
