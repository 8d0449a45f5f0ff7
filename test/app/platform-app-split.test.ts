import { App, Chart, Testing } from 'cdk8s';
import {
  BackendTlsPolicy, CaTrust, Certificate, EnvoyProxy, ExistingBackendService, ExistingIssuer, Gateway, GatewayClass, HttpbinTls, HttpRoute, IGateway,
  ReferenceGrant, RoutedBackend,
} from '../../lib';
import { validateManifests } from '../../tools/validate';
import { all, one } from '../support/manifests';

/** The platform team's chart: GatewayClass, EnvoyProxy with the client certificate, and a Gateway open to every namespace. */
function platformChart(app: App): { chart: Chart; gateway: Gateway } {
  const chart = new Chart(app, 'platform', { disableResourceNameHashes: true });
  const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
  const client = new Certificate(chart, 'Client', { issuer, name: 'envoy-client', namespace: 'edge', commonName: 'envoy', usages: ['client auth'] });
  const proxy = new EnvoyProxy(chart, 'Proxy', { name: 'edge-proxy', namespace: 'edge', clientCertificate: client });
  const gatewayClass = new GatewayClass(chart, 'Class', { name: 'edge', envoyProxy: proxy });
  const gateway = new Gateway(chart, 'Gateway', { name: 'edge', namespace: 'edge', gatewayClass });
  gateway.addListener({ name: 'http', port: 80, hostname: '*.example.com', allowedRoutes: 'All' });
  return { chart, gateway };
}

/** An app team's chart: its backend, route and policy, attached to a Gateway it does not render. */
function appChart(app: App, gateway: (chart: Chart) => IGateway): Chart {
  const chart = new Chart(app, 'orders', { disableResourceNameHashes: true });
  const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
  const backend = new HttpbinTls(chart, 'Orders', { name: 'orders', namespace: 'orders', issuer });
  new HttpRoute(chart, 'Route', { name: 'orders', namespace: 'orders', parent: gateway(chart).listener('http'), hostnames: ['orders.example.com'], rules: [{ backend }] });
  new BackendTlsPolicy(chart, 'Policy', { name: 'orders', backend, trust: CaTrust.fromCertificateSecret(backend.serverCertificate) });
  return chart;
}

const imported = (chart: Chart) => Gateway.fromGatewayAttributes(chart, 'Edge', {
  name: 'edge',
  namespace: 'edge',
  listeners: [{ name: 'http', port: 80, hostname: '*.example.com', allowedRoutes: 'All' }],
  gatewayClass: GatewayClass.fromGatewayClassAttributes(chart, 'EdgeClass', {
    name: 'edge',
    envoyProxy: EnvoyProxy.fromEnvoyProxyAttributes(chart, 'EdgeProxy', {
      name: 'edge-proxy',
      namespace: 'edge',
      clientCertificate: Certificate.fromSecretAttributes(chart, 'EdgeClient', {
        secretName: 'envoy-client', namespace: 'edge', commonName: 'edge-envoy', issuer: ExistingIssuer.fromClusterIssuerName(chart, 'EdgeIssuer', 'corp-ca'),
      }),
    }),
  }),
});

describe('a platform chart owns the Gateway; an app chart imports it and adds a backend, route and policy', () => {
  test('in separate apps, both charts pass the wiring checks and offline admission', () => {
    const platform = Testing.synth(platformChart(Testing.app()).chart);
    const orders = Testing.synth(appChart(Testing.app(), imported));
    expect(platform.map((object) => object.kind)).toEqual(['Certificate', 'EnvoyProxy', 'GatewayClass', 'Gateway']);
    expect(orders.map((object) => object.kind)).not.toContain('Gateway');
    expect(one(orders, 'HTTPRoute', 'orders', 'orders').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'edge', sectionName: 'http' },
    ]);
    expect(validateManifests([...platform, ...orders])).toEqual([]);
  });

  test('in one app, the app chart may also take the platform chart\'s Gateway object itself', () => {
    const app = Testing.app();
    const { gateway } = platformChart(app);
    const orders = appChart(app, () => gateway);
    expect(validateManifests(Testing.synth(orders))).toEqual([]);
  });

  test('the imported listener is checked: a route hostname it does not serve fails the synth naming the import', () => {
    const chart = new Chart(Testing.app(), 'orders', { disableResourceNameHashes: true });
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const backend = new HttpbinTls(chart, 'Orders', { name: 'orders', namespace: 'orders', issuer });
    new HttpRoute(chart, 'Route', { name: 'orders', namespace: 'orders', parent: imported(chart).listener('http'), hostnames: ['orders.example.org'], rules: [{ backend }] });
    new BackendTlsPolicy(chart, 'Policy', { name: 'orders', backend, trust: CaTrust.fromCertificateSecret(backend.serverCertificate) });
    expect(() => Testing.synth(chart)).toThrow(/HTTPRoute orders\/orders \(orders\/Route\): hostname "orders.example.org" matches no listener hostname of Gateway edge\/edge \(imported at orders\/Edge\) \[\*.example.com\]/);
  });

  test('the imported client certificate is checked against the backend\'s CA', () => {
    const chart = new Chart(Testing.app(), 'orders', { disableResourceNameHashes: true });
    const other = new Chart(Testing.app(), 'other');
    const gateway = Gateway.fromGatewayAttributes(chart, 'Edge', {
      name: 'edge', namespace: 'edge', listeners: [{ name: 'http', port: 80, allowedRoutes: 'All' }],
      clientCertificate: Certificate.fromSecretAttributes(chart, 'EdgeClient', {
        secretName: 'envoy-client', namespace: 'edge', usages: ['client auth'], issuer: ExistingIssuer.fromClusterIssuerName(other, 'Other', 'other-ca'),
      }),
    });
    const backend = new HttpbinTls(chart, 'Orders', { name: 'orders', namespace: 'orders', issuer: ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca') });
    new HttpRoute(chart, 'Route', { name: 'orders', namespace: 'orders', parent: gateway.listener('http'), rules: [{ backend }] });
    new BackendTlsPolicy(chart, 'Policy', { name: 'orders', backend, trust: CaTrust.fromCertificateSecret(backend.serverCertificate) });
    expect(() => Testing.synth(chart)).toThrow(/Envoy's client certificate is issued by ClusterIssuer other-ca, but backend orders\/orders \(orders\/Orders\) only accepts clients of ClusterIssuer corp-ca/);
  });

  test('a cross-namespace backendRef from the app chart still needs its ReferenceGrant', () => {
    const chart = new Chart(Testing.app(), 'orders', { disableResourceNameHashes: true });
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const backend = new HttpbinTls(chart, 'Orders', { name: 'orders', namespace: 'orders', issuer });
    new HttpRoute(chart, 'Route', { name: 'orders', namespace: 'routes', parent: imported(chart).listener('http'), rules: [{ backend }] });
    new BackendTlsPolicy(chart, 'Policy', { name: 'orders', backend, trust: CaTrust.fromCertificateSecret(backend.serverCertificate) });
    expect(() => Testing.synth(chart)).toThrow(/backendRef Service orders\/orders is in another namespace and no ReferenceGrant in "orders" allows HTTPRoutes from "routes"/);
    new ReferenceGrant(chart, 'Grant', { name: 'routes', namespace: 'orders', from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'routes' }], to: [{ group: '', kind: 'Service' }] });
    expect(validateManifests(Testing.synth(chart))).toEqual([]);
  });

  test('an imported Gateway names its listeners; asking for another throws naming them', () => {
    const chart = Testing.chart();
    expect(() => imported(chart).listener('https')).toThrow(/^test\/Edge: listener "https" is not a listener of this Gateway; it has \["http"\]/);
    expect(() => Gateway.fromGatewayAttributes(chart, 'Empty', { name: 'empty', namespace: 'edge', listeners: [] })).toThrow(/^test\/Empty: listeners \[\] must name at least the listener the routes attach to/);
  });
});

describe('an app team adds whole mTLS backends to the platform\'s Gateway with RoutedBackend', () => {
  const chart = new Chart(Testing.app(), 'orders', { disableResourceNameHashes: true });
  const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
  const listener = imported(chart).listener('http');
  const service = new HttpbinTls(chart, 'OrdersWorkload', { name: 'orders', namespace: 'orders', issuer });
  const orders = new RoutedBackend(chart, 'Orders', { listener, issuer, routeNamespace: 'orders', hostname: 'orders.example.com', service });
  const objects = Testing.synth(chart);

  test('the route, policy, NetworkPolicy and workload live in the app\'s namespace; no ReferenceGrant is needed', () => {
    expect(orders.route.namespace).toBe('orders');
    expect(one(objects, 'HTTPRoute', 'orders-route', 'orders').spec.parentRefs).toEqual([
      { group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'edge', namespace: 'edge', sectionName: 'http' },
    ]);
    expect(all(objects, 'ReferenceGrant')).toEqual([]);
    expect(objects.filter((object) => object.metadata.namespace !== 'orders')).toEqual([]);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('a route namespace the listener does not admit is refused where it is given', () => {
    const other = new Chart(Testing.app(), 'other');
    const sameOnly = Gateway.fromGatewayAttributes(other, 'Edge', { name: 'edge', namespace: 'edge', listeners: [{ name: 'http', port: 80 }] });
    expect(() => new RoutedBackend(other, 'Orders', {
      listener: sameOnly.listener('http'), issuer: ExistingIssuer.fromClusterIssuerName(other, 'Issuer', 'corp-ca'), routeNamespace: 'orders',
      trust: CaTrust.fromConfigMapAttributes(other, 'Trust', { name: 'corp-ca' }),
      service: ExistingBackendService.fromServiceAttributes(other, 'Service', { serviceName: 'orders', namespace: 'orders', port: 8443, hostname: 'orders.orders.svc' }),
    })).toThrow(/^other\/Orders: routeNamespace "orders" is not the namespace of Gateway edge\/edge, whose listener "http" admits only routes from its own namespace/);
  });
});
