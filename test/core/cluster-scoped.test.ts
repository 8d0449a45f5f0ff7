import { Chart, Testing } from 'cdk8s';
import { CaTrust, ExistingIssuer, GatewayClass, RestrictedNamespace, TrustBundle } from '../../lib';

test('in a chart with a chart-wide namespace, cluster-scoped objects carry none', () => {
  const chart = new Chart(Testing.app(), 'team', { namespace: 'team-a' });
  new RestrictedNamespace(chart, 'Namespace', { name: 'team-a' });
  new GatewayClass(chart, 'Class');
  new TrustBundle(chart, 'Bundle', { source: CaTrust.fromSecretAttributes(chart, 'Source', { name: 'root-ca' }), authority: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'corp') });
  const namespaces = Testing.synth(chart).map((object) => [object.kind, object.metadata.namespace]);
  expect(namespaces).toEqual([['Namespace', undefined], ['GatewayClass', undefined], ['Bundle', undefined]]);
});
