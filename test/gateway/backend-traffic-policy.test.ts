import { Duration, Testing } from 'cdk8s';
import {
  BackendMtlsChart, BackendTlsPolicy, BackendTrafficPolicy, CaTrust, ExistingBackendService, ExistingIssuer, Gateway, GatewayClass, HttpRoute,
} from '../../lib';
import { one } from '../support/manifests';

describe('BackendTrafficPolicy', () => {
  const scope = Testing.chart();
  const gateway = new Gateway(scope, 'Gateway', { name: 'edge', namespace: 'edge', gatewayClass: new GatewayClass(scope, 'Class') });
  const listener = gateway.addListener({ name: 'http', port: 80 });
  const route = new HttpRoute(scope, 'Route', { name: 'orders', namespace: 'edge', parent: listener });
  const backend = ExistingBackendService.fromServiceAttributes(scope, 'Orders', { serviceName: 'orders', namespace: 'edge', port: 8443, hostname: 'orders.edge' });
  route.addRule({ backend });
  const authority = ExistingIssuer.fromClusterIssuerName(scope, 'Issuer', 'corp-ca');
  new BackendTlsPolicy(scope, 'Policy', { name: 'orders', backend, trust: CaTrust.fromSecretAttributes(scope, 'Trust', { name: 'corp-ca', authority }) });
  new BackendTrafficPolicy(scope, 'Traffic', { name: 'orders-traffic', route, connectionIdleTimeoutSeconds: 10 });
  const rendered = one(Testing.synth(scope), 'BackendTrafficPolicy', 'orders-traffic', 'edge');

  test('renders an Envoy Gateway BackendTrafficPolicy beside its HTTPRoute, setting Envoy\'s upstream idle timeout', () => {
    expect(rendered).toMatchSnapshot();
    expect(rendered.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(rendered.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'orders' }]);
    expect(rendered.spec.timeout).toEqual({ http: { connectionIdleTimeout: '10s' } });
  });

  test('refuses an idle timeout that is no whole number of seconds from 1', () => {
    for (const seconds of [0, 1.5, -3]) {
      expect(() => new BackendTrafficPolicy(scope, `Bad${seconds}`, { route, connectionIdleTimeoutSeconds: seconds }))
        .toThrow(new RegExp(`^test/Bad${seconds}: connectionIdleTimeoutSeconds ${seconds} must be an integer from 1 to 86400`));
    }
  });
});

/** The seconds of `keepalive_timeout` in the front's rendered nginx.conf, read from the manifests as nginx reads it. */
function nginxKeepAliveSeconds(manifests: any[], configMap: string, namespace: string): number {
  const conf: string = one(manifests, 'ConfigMap', configMap, namespace).data['nginx.conf'];
  const values = [...conf.matchAll(/^\s*keepalive_timeout\s+(\d+)s?;/gm)].map((match) => Number(match[1])).filter((seconds) => seconds > 0);
  expect(values.length).toBeGreaterThan(0);
  return Math.min(...values);
}

describe('a routed MtlsFront gets Envoy\'s idle timeout below its keep-alive timeout', () => {
  test.each([1, 2, 5, 7, 30])('certificateCheckInterval %ss: Envoy closes an idle connection before nginx does', (interval) => {
    const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls', { httpbin: { certificateCheckInterval: Duration.seconds(interval) } });
    const manifests = Testing.synth(chart);
    const policy = one(manifests, 'BackendTrafficPolicy', 'backend-mtls-traffic', 'httpbin-tls');
    const envoyIdle = Number(/^(\d+)s$/.exec(policy.spec.timeout.http.connectionIdleTimeout)![1]);
    expect(policy.spec.targetRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: 'backend-mtls-route' }]);
    expect(envoyIdle).toBeGreaterThanOrEqual(1);
    expect(envoyIdle).toBeLessThan(nginxKeepAliveSeconds(manifests, 'httpbin-tls-nginx', 'httpbin-tls'));
  });

  test('an existing Service states no keep-alive: no policy, and a trafficPolicyName for it is refused', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'c');
    const authority = ExistingIssuer.fromClusterIssuerName(chart, 'Corp', 'corp-ca');
    const legacy = ExistingBackendService.fromServiceAttributes(chart, 'Legacy', {
      serviceName: 'legacy', namespace: 'httpbin-tls', port: 8443, hostname: 'legacy.httpbin-tls.svc.cluster.local',
    });
    const trust = CaTrust.fromSecretAttributes(chart, 'LegacyTrust', { name: 'corp-ca', authority });
    const backend = chart.backendMtls.addBackend('Legacy', legacy, { pathPrefix: '/legacy', trust });
    expect(backend.trafficPolicy).toBeUndefined();
    expect(() => chart.backendMtls.addBackend('Named', legacy, { pathPrefix: '/named', trust, trafficPolicyName: 'named-traffic' }))
      .toThrow(/c\/Setup\/Named: trafficPolicyName "named-traffic" applies only to a backend that states its keep-alive timeout .*Service httpbin-tls\/legacy states none/);
  });
});

describe('BackendTrafficPolicy props keys', () => {
  test('a misspelt prop (JavaScript, or a transpile-only app) fails, naming the prop meant', () => {
    const scope = Testing.chart();
    const gateway = new Gateway(scope, 'Gateway', { name: 'edge', namespace: 'edge', gatewayClass: new GatewayClass(scope, 'Class') });
    const route = new HttpRoute(scope, 'Route', { name: 'orders', namespace: 'edge', parent: gateway.addListener({ name: 'http', port: 80 }) });
    expect(() => new BackendTrafficPolicy(scope, 'Traffic', { route, connectionIdleTimeout: 10 } as any))
      .toThrow(/^test\/Traffic: props field "connectionIdleTimeout" is unknown: did you mean "connectionIdleTimeoutSeconds"\?$/);
  });
});
