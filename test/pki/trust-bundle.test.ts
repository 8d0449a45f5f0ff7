import { Testing } from 'cdk8s';
import { BackendMtlsChart, CaDistribution, CaTrust, ExistingIssuer, TrustBundle } from '../../lib';
import { one } from '../support/manifests';

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);

describe('TrustBundle', () => {
  const scope = Testing.chart();
  const authority = ExistingIssuer.fromClusterIssuerName(scope, 'Issuer', 'corp-ca');
  new TrustBundle(scope, 'Bundle', {
    name: 'corp-ca', source: CaTrust.fromSecretAttributes(scope, 'Source', { name: 'corp-ca-root' }), authority, targetNamespaces: ['payments', 'orders'],
  });
  const bundle = one(Testing.synth(scope), 'Bundle', 'corp-ca');

  test('renders a cluster-scoped trust-manager Bundle', () => {
    expect(bundle).toMatchSnapshot();
    expect(bundle.apiVersion).toBe('trust.cert-manager.io/v1alpha1');
    expect(bundle.metadata.namespace).toBeUndefined();
  });

  test('reads the CA from the Secret in the trust namespace and publishes it to the target namespaces only', () => {
    expect(bundle.spec.sources).toEqual([{ secret: { name: 'corp-ca-root', key: 'ca.crt' } }]);
    expect(bundle.spec.target).toEqual({
      configMap: { key: 'ca.crt' },
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['orders', 'payments'] }] },
    });
  });

  test('TrustBundle names must be valid', () => {
    expect(() => chart({ caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, trustNamespace: 'Cert_Manager' })).toThrow(/c\/Setup\/TrustBundle: trustNamespace "Cert_Manager" must be a DNS-1123 label/);
  });

  test('refuses a Bundle\'s own ConfigMap as the source of another', () => {
    const scope = Testing.chart();
    const authority = ExistingIssuer.fromClusterIssuerName(scope, 'Corp', 'corp');
    const first = new TrustBundle(scope, 'First', { name: 'first', source: CaTrust.fromSecretAttributes(scope, 'Root', { name: 'root' }), authority });
    expect(() => new TrustBundle(scope, 'Second', { name: 'second', source: CaTrust.fromBundle(first), authority }))
      .toThrow(/^test\/Second: source "first" is the ConfigMap of a trust-manager Bundle; name the Secret or ConfigMap in the trust namespace that holds the CA itself/);
  });
});

describe('TrustBundle props keys', () => {
  test('a misspelt prop (JavaScript, or a transpile-only app) fails, naming the prop meant', () => {
    const scope = Testing.chart();
    const authority = ExistingIssuer.fromClusterIssuerName(scope, 'Issuer', 'corp-ca');
    const source = CaTrust.fromSecretAttributes(scope, 'Source', { name: 'corp-ca-root' });
    expect(() => new TrustBundle(scope, 'Bundle', { source, authority, targetNamespace: ['payments'] } as any))
      .toThrow(/^test\/Bundle: props field "targetNamespace" is unknown: did you mean "targetNamespaces"\?$/);
  });
});
