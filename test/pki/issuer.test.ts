import { Testing } from 'cdk8s';
import { Certificate, ExistingIssuer, Issuer } from '../../lib';
import { one } from '../support/manifests';

describe('Issuer', () => {
  const chart = Testing.chart();
  const bootstrap = new Issuer(chart, 'Bootstrap', { name: 'bootstrap', namespace: 'ns' });
  const caCertificate = new Certificate(chart, 'CaCertificate', { issuer: bootstrap, name: 'root', commonName: 'root', isCa: true, usages: ['cert sign'] });
  const ca = new Issuer(chart, 'Ca', { name: 'ca', namespace: 'ns', caCertificate });
  const objects = Testing.synth(chart);

  test('renders cert-manager Issuers', () => {
    expect([one(objects, 'Issuer', 'bootstrap', 'ns'), one(objects, 'Issuer', 'ca', 'ns')]).toMatchSnapshot();
  });

  test('is self-signed without a CA certificate, and signs with the CA certificate\'s Secret with one', () => {
    expect(one(objects, 'Issuer', 'bootstrap', 'ns').spec).toEqual({ selfSigned: {} });
    expect(one(objects, 'Issuer', 'ca', 'ns').spec).toEqual({ ca: { secretName: 'root' } });
    expect([ca.kind, ca.inChart, ca.caCertificate]).toEqual(['Issuer', true, caCertificate]);
  });

  test('a Certificate without an issuer (JavaScript, or a cast) fails naming the prop and what to give', () => {
    expect(() => new Certificate(Testing.chart(), 'NoIssuer', { issuer: undefined as any, name: 'c', namespace: 'ns', commonName: 'c' }))
      .toThrow(/^test\/NoIssuer: issuer undefined is required: give the issuer that signs it/);
  });

  test('refuses a name that is no DNS subdomain and a namespace that is no DNS label', () => {
    expect(() => new Issuer(Testing.chart(), 'Bad', { name: 'Bad_Issuer', namespace: 'ns' })).toThrow(/^test\/Bad: name "Bad_Issuer" must be a DNS-1123 subdomain/);
    expect(() => new Issuer(Testing.chart(), 'Bad', { name: 'ca', namespace: 'Team_A' })).toThrow(/^test\/Bad: namespace "Team_A" must be a DNS-1123 label/);
  });

  test('refuses a misspelt prop (JavaScript, or a transpile-only app), naming the prop meant', () => {
    expect(() => new Issuer(Testing.chart(), 'Bad', { name: 'ca', namespace: 'ns', caCertificat: undefined } as any))
      .toThrow(/^test\/Bad: props field "caCertificat" is unknown: did you mean "caCertificate"\?$/);
  });
});

describe('ExistingIssuer', () => {
  test('a ClusterIssuer or Issuer outside the chart renders nothing and signs in its own scope', () => {
    const chart = Testing.chart();
    const cluster = ExistingIssuer.fromClusterIssuerName(chart, 'Cluster', 'corp-ca');
    const local = ExistingIssuer.fromIssuerAttributes(chart, 'Local', { name: 'team-ca', namespace: 'team' });
    expect([cluster.kind, cluster.name, cluster.namespace, cluster.inChart]).toEqual(['ClusterIssuer', 'corp-ca', undefined, false]);
    expect([local.kind, local.name, local.namespace, local.inChart]).toEqual(['Issuer', 'team-ca', 'team', false]);
    expect(Testing.synth(chart)).toEqual([]);
  });
});
