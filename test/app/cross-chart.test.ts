import { Chart, Testing } from 'cdk8s';
import { BackendMtlsChart, CaTrust, ExistingIssuer, GatewayClass, RestrictedNamespace, TrustBundle, WIRING_CHECKS_CONTEXT } from '../../lib';
import { all } from '../support/manifests';

describe('checks that span the charts of one app', () => {
  test('two BackendMtlsCharts in one app derive their cluster-scoped names from the chart and do not collide', () => {
    const app = Testing.app();
    const teamA = new BackendMtlsChart(app, 'team-a', { namespace: 'team-a' });
    const teamB = new BackendMtlsChart(app, 'team-b', { namespace: 'team-b' });
    expect(all(Testing.synth(teamA), 'GatewayClass').map((object) => object.metadata.name)).toEqual(['team-a-gw']);
    expect(all(Testing.synth(teamB), 'GatewayClass').map((object) => object.metadata.name)).toEqual(['team-b-gw']);
  });

  test('one GatewayClass name with two different specs fails, naming both charts', () => {
    const app = Testing.app();
    new BackendMtlsChart(app, 'team-a', { namespace: 'team-a', gatewayClassName: 'shared' });
    const teamB = new BackendMtlsChart(app, 'team-b', { namespace: 'team-b', gatewayClassName: 'shared' });
    expect(() => Testing.synth(teamB)).toThrow(/GatewayClass shared is rendered by chart "team-a" \(team-a\/Setup\/GatewayClass\) and chart "team-b" \(team-b\/Setup\/GatewayClass\) with different specs: it is cluster-scoped, so the second apply rewires the first chart's/);
  });

  test('charts with a chart-wide namespace are compared without it: a GatewayClass has none', () => {
    const app = Testing.app();
    new GatewayClass(new Chart(app, 'first', { namespace: 'team-a' }), 'Class', { name: 'shared' });
    const second = new Chart(app, 'second', { namespace: 'team-b' });
    new GatewayClass(second, 'Class', { name: 'shared', controllerName: 'example.com/other-controller' });
    expect(() => Testing.synth(second)).toThrow(/GatewayClass shared is rendered by chart "first" \(first\/Class\) and chart "second" \(second\/Class\) with different specs/);
  });

  test('one Bundle name with two different sources fails, naming both charts', () => {
    const app = Testing.app();
    const bundle = (id: string, secretName: string) => {
      const chart = new Chart(app, id);
      return new TrustBundle(chart, 'Bundle', { name: 'corp-ca', source: CaTrust.fromSecretAttributes(chart, 'Source', { name: secretName }), authority: ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp') });
    };
    bundle('team-a', 'corp-root');
    const teamB = bundle('team-b', 'other-root');
    expect(() => Testing.synth(Chart.of(teamB))).toThrow(/Bundle corp-ca is rendered by chart "team-a" \(team-a\/Bundle\) and chart "team-b" \(team-b\/Bundle\) with different specs/);
  });

  test('a cluster-scoped object rendered identically by two charts may be shared', () => {
    const app = Testing.app();
    const first = new Chart(app, 'first');
    new RestrictedNamespace(first, 'Namespace', { name: 'shared' });
    const second = new Chart(app, 'second');
    new RestrictedNamespace(second, 'Namespace', { name: 'shared' });
    expect(all(Testing.synth(second), 'Namespace')).toHaveLength(1);
    new RestrictedNamespace(new Chart(app, 'third'), 'Namespace', { name: 'shared', metadata: { labels: { team: 'c' } } });
    expect(() => Testing.synth(second)).toThrow(/Namespace shared is rendered by chart "first" \(first\/Namespace\) and chart "second" \(second\/Namespace\) and chart "third" \(third\/Namespace\) with different specs/);
  });

  test('a namespaced object rendered by two charts fails, naming both', () => {
    const app = Testing.app();
    new BackendMtlsChart(app, 'team-a');
    const teamB = new BackendMtlsChart(app, 'team-b');
    expect(() => Testing.synth(teamB)).toThrow(/Certificate httpbin-tls\/envoygateway-client-cert is rendered by chart "team-a" \(team-a\/Setup\/ClientCertificate\) and chart "team-b" \(team-b\/Setup\/ClientCertificate\): the second apply overwrites the first/);
  });

  test('wiringChecks: false on one chart leaves the cross-chart check on for the others', () => {
    const app = Testing.app();
    new BackendMtlsChart(app, 'team-a', { namespace: 'team-a', gatewayClassName: 'shared', wiringChecks: false });
    const teamB = new BackendMtlsChart(app, 'team-b', { namespace: 'team-b', gatewayClassName: 'shared' });
    expect(() => Testing.synth(teamB)).toThrow(/GatewayClass shared is rendered by chart "team-a" \(team-a\/Setup\/GatewayClass\) and chart "team-b" \(team-b\/Setup\/GatewayClass\) with different specs/);
  });

  test('the checks can be turned off per chart, by prop or by context', () => {
    const app = Testing.app();
    new BackendMtlsChart(app, 'team-a', { wiringChecks: false });
    const teamB = new BackendMtlsChart(app, 'team-b', { wiringChecks: false });
    expect(() => Testing.synth(teamB)).not.toThrow();

    const chart = new Chart(Testing.app(), 'plain');
    chart.node.setContext(WIRING_CHECKS_CONTEXT, false);
    new GatewayClass(chart, 'Class', { name: 'dup' });
    new GatewayClass(chart, 'Twin', { name: 'dup' });
    expect(() => Testing.synth(chart)).not.toThrow();
  });
});

describe('checks on by default', () => {
  test('a plain chart holding these constructs is checked without adding a validation', () => {
    const chart = new Chart(Testing.app(), 'plain');
    new GatewayClass(chart, 'Class', { name: 'dup' });
    new GatewayClass(chart, 'Twin', { name: 'dup' });
    expect(() => Testing.synth(chart)).toThrow(/GatewayClass dup \(plain\/Class\) and GatewayClass dup \(plain\/Twin\) share kind, namespace and name/);
  });
});
