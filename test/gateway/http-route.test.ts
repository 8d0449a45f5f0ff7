import { Testing } from 'cdk8s';
import {
  BackendMtlsChart, BackendTlsPolicy, CaTrust, ClientCertificateMode, ExistingBackendService, ExistingIssuer, Gateway, GatewayClass, HttpRoute,
} from '../../lib';
import { one } from '../support/manifests';

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);

describe('HttpRoute', () => {
  const scope = Testing.chart();
  const gateway = new Gateway(scope, 'Gateway', { name: 'edge', namespace: 'edge', gatewayClass: new GatewayClass(scope, 'Class') });
  const listener = gateway.addListener({ name: 'http', port: 80, hostname: '*.example.com', allowedRoutes: 'All' });
  const backend = ExistingBackendService.fromServiceAttributes(scope, 'Orders', { serviceName: 'orders', namespace: 'edge', port: 8443, hostname: 'orders.example.com' });
  const route = new HttpRoute(scope, 'Route', { name: 'orders', namespace: 'edge', parent: listener, hostnames: ['orders.example.com'] });
  route.addRule({ pathPrefix: '/api', backend });
  const authority = ExistingIssuer.fromClusterIssuerName(scope, 'Issuer', 'corp-ca');
  new BackendTlsPolicy(scope, 'Policy', { name: 'orders', backend, trust: CaTrust.fromSecretAttributes(scope, 'Trust', { name: 'corp-ca', authority }) });
  const rendered = one(Testing.synth(scope), 'HTTPRoute', 'orders', 'edge');

  test('renders a Gateway API HTTPRoute', () => {
    expect(rendered).toMatchSnapshot();
  });

  test('attaches to its listener by sectionName (no namespace within its own) and sends each rule\'s path prefix to the backend\'s TLS port', () => {
    expect(rendered.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', sectionName: 'http' }]);
    expect(rendered.spec.hostnames).toEqual(['orders.example.com']);
    expect(rendered.spec.rules).toHaveLength(1);
    expect(rendered.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/api' } }]);
    expect(rendered.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'orders', port: 8443 }]);
    expect(route.rules.map((rule) => rule.pathPrefix)).toEqual(['/api']);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['route path prefix without a leading slash', () => {
      const chart = new BackendMtlsChart(Testing.app(), 'c');
      chart.demoBackend.route.addRule({ pathPrefix: 'api', backend: chart.httpbin });
    }, /^c\/Setup\/Backend\/Route: rules\[1\]\.pathPrefix "api" must be an absolute path starting with "\/"/],
    ['route path with a dot segment', () => {
      const chart = new BackendMtlsChart(Testing.app(), 'c');
      chart.demoBackend.route.addRule({ pathPrefix: '/a/../b', backend: chart.httpbin });
    }, /rules\[1\]\.pathPrefix "\/a\/\.\.\/b" must be an absolute path .* without "\/\/", "\/\.\/", "\/\.\.\/"/],
  ])('refuses %s', (_case, build, message) => {
    expect(build).toThrow(message);
  });

  test('a misspelt prop or rule field (JavaScript, or a transpile-only app) fails, naming the one meant', () => {
    const c = chart();
    expect(() => new HttpRoute(c, 'R', { parent: c.backendMtls.listener, hostname: ['a.example'] } as any))
      .toThrow(/^c\/R: props field "hostname" is unknown: did you mean "hostnames"\?$/);
    expect(() => new HttpRoute(c, 'S', { parent: c.backendMtls.listener, rules: [{ backend: c.httpbin, path: '/api' } as any] }))
      .toThrow(/^c\/S: rules\[0\] field "path" is unknown: did you mean "pathPrefix"\?$/);
    expect(() => c.demoBackend.route.addRule({ backend: c.httpbin, pathprefix: '/api' } as any))
      .toThrow(/^c\/Setup\/Backend\/Route: rules\[1\] field "pathprefix" is unknown: did you mean "pathPrefix"\?$/);
    expect(c.demoBackend.route.rules).toHaveLength(1);
  });

  test('HttpRoute rejects an EnvoyBackend that fronts another Service', () => {
    const c = chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, hostname: '*.demo.int' });
    const other = c.addHttpbin('Other', { name: 'other' });
    expect(() => new HttpRoute(c, 'R', { parent: c.backendMtls.listener, rules: [{ backend: c.httpbin, envoyBackend: other.envoyBackend }] }))
      .toThrow(/c\/R: rules\[0\].envoyBackend "other" fronts Service httpbin-tls\/other, not the rule's backend httpbin-tls\/httpbin-tls/);
  });

  test('two rules with one hostname and prefix conflict on one listener only', () => {
    const c = chart({ hostname: '*.demo.int' });
    const other = c.backendMtls.gateway.addListener({ name: 'other', port: 18081, hostname: '*.demo.int' });
    new HttpRoute(c, 'OtherRoute', { name: 'other-route', parent: other, hostnames: ['mtls-backend.demo.int'], rules: [{ backend: c.httpbin }] });
    new HttpRoute(c, 'ApiRoute', { name: 'api-route', parent: c.backendMtls.listener, rules: [{ pathPrefix: '/api', backend: c.httpbin }, { pathPrefix: '/api', backend: c.httpbin }] });
    expect(() => Testing.synth(c)).toThrow(/HTTPRoute httpbin-tls\/api-route \(c\/ApiRoute\): rules\[1\] matches hostname "\*\.demo\.int" and path prefix "\/api" .* exactly as rules\[0\] of HTTPRoute httpbin-tls\/api-route/);
    expect(() => Testing.synth(c)).not.toThrow(/other-route/);
  });
});
