import { Chart, Testing } from 'cdk8s';
import {
  BackendMtlsChart, BackendTlsPolicy, CaTrust, Certificate, EnvoyProxy, Gateway, GatewayClass, HttpbinTls, HttpRoute, SelfSignedCa,
} from '../../lib';
import { one } from '../support/manifests';

describe('Gateway and HTTPRoute', () => {
  test('without names, they are derived from the construct path, so two unnamed routes do not collide', () => {
    const chart = new Chart(Testing.app(), 'team', { disableResourceNameHashes: true });
    const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
    const client = new Certificate(chart, 'Client', { issuer: ca, name: 'client', commonName: 'envoy', usages: ['client auth'] });
    const gateway = new Gateway(chart, 'Edge', { namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class'), clientCertificate: client });
    const listener = gateway.addListener({ name: 'http', port: 80 });
    const first = new HttpbinTls(chart, 'First', { name: 'first', namespace: 'ns', issuer: ca });
    const second = new HttpbinTls(chart, 'Second', { name: 'second', namespace: 'ns', issuer: ca });
    const routes = [first, second].map((backend, index) => new HttpRoute(chart, `Route${index}`, { parent: listener, rules: [{ backend, pathPrefix: `/${backend.serviceName}` }] }));
    for (const backend of [first, second]) new BackendTlsPolicy(chart, `Policy-${backend.serviceName}`, { backend, trust: CaTrust.fromCertificateSecret(backend.serverCertificate) });
    const objects = Testing.synth(chart);
    expect(routes.map((route) => route.name)).toEqual(['team-route0', 'team-route1']);
    expect(one(objects, 'Gateway').metadata.name).toEqual('team-edge');
    expect(one(objects, 'GatewayClass').metadata.name).toEqual('team-class');
    expect(one(objects, 'Issuer', 'team-ca-ca-issuer', 'ns').spec.ca.secretName).toEqual('team-ca-ca');
  });

  test('a Gateway without a listener and an HTTPRoute without a rule fail the synth', () => {
    const chart = Testing.chart();
    const gateway = new Gateway(chart, 'Edge', { name: 'edge', namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class') });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Edge\] Gateway ns\/edge has no listener: add one with addListener\(\)/);
    new HttpRoute(chart, 'Route', { name: 'route', namespace: 'ns', parent: gateway.addListener({ name: 'http', port: 80 }) });
    expect(() => Testing.synth(chart)).toThrow(/\[test\/Route\] HTTPRoute ns\/route has no rule: add one with addRule\(\)/);
  });

  test('a misspelt prop or listener option (JavaScript, or a transpile-only app) fails, naming the one meant', () => {
    const chart = Testing.chart();
    const gatewayClass = new GatewayClass(chart, 'Class');
    expect(() => new Gateway(chart, 'A', { namespace: 'ns', gatewayClass, clientCertficate: undefined } as any))
      .toThrow(/^test\/A: props field "clientCertficate" is unknown: did you mean "clientCertificate"\?$/);
    expect(() => new Gateway(chart, 'B', { namespace: 'ns', gatewayClass, listeners: [{ name: 'http', port: 80, allowedRoute: 'All' } as any] }))
      .toThrow(/^test\/B: listeners\[0\] field "allowedRoute" is unknown: did you mean "allowedRoutes"\?$/);
    expect(chart.node.findChild('B').node.children).toEqual([]);
    const gateway = new Gateway(chart, 'C', { namespace: 'ns', gatewayClass });
    expect(() => gateway.addListener({ name: 'http', port: 80, hostnames: ['a.example'] } as any))
      .toThrow(/^test\/C: listeners\[0\] field "hostnames" is unknown: did you mean "hostname"\?$/);
    expect(gateway.listeners).toEqual([]);
  });

  test('a Listener of another Gateway is a ListenerOptions: its gateway field passes, as TypeScript lets it', () => {
    const chart = Testing.chart();
    const gatewayClass = new GatewayClass(chart, 'Class');
    const platform = new Gateway(chart, 'Platform', { namespace: 'ns', gatewayClass, listeners: [{ name: 'http', port: 80, hostname: '*.example' }] });
    const copy = new Gateway(chart, 'Copy', { namespace: 'ns', gatewayClass });
    expect(copy.addListener(platform.listener('http'))).toEqual({ name: 'http', port: 80, hostname: '*.example', allowedRoutes: 'Same', gateway: copy });
    const imported = Gateway.fromGatewayAttributes(chart, 'Imported', { name: 'edge', namespace: 'ns', gatewayClass, listeners: [...platform.listeners] });
    expect(imported.listener('http').gateway).toBe(imported);
  });
});

describe('imports of gateway objects outside the chart', () => {
  test('they carry what they were told and render nothing', () => {
    const chart = Testing.chart();
    const proxy = EnvoyProxy.fromEnvoyProxyAttributes(chart, 'Proxy', { name: 'edge-proxy', namespace: 'edge' });
    const gatewayClass = GatewayClass.fromGatewayClassAttributes(chart, 'Class', { name: 'edge', envoyProxy: proxy });
    const gateway = Gateway.fromGatewayAttributes(chart, 'Gateway', { name: 'edge', namespace: 'edge', gatewayClass, listeners: [{ name: 'http', port: 80 }] });
    expect([gateway.gatewayClass, gatewayClass.envoyProxy, GatewayClass.fromGatewayClassName(chart, 'Named', 'named').envoyProxy]).toEqual([gatewayClass, proxy, undefined]);
    expect(gateway.listener('http')).toEqual({ name: 'http', port: 80, allowedRoutes: 'Same', gateway });
    expect(Testing.synth(chart)).toEqual([]);
  });

  test('bad names and listeners are refused at the import, naming its path', () => {
    const chart = Testing.chart();
    expect(() => GatewayClass.fromGatewayClassName(chart, 'A', 'Edge Class')).toThrow(/^test\/A: name "Edge Class" must be a DNS-1123 subdomain/);
    expect(() => EnvoyProxy.fromEnvoyProxyAttributes(chart, 'B', { name: 'proxy', namespace: 'Edge' })).toThrow(/^test\/B: namespace "Edge" must be a DNS-1123 label/);
    expect(() => Gateway.fromGatewayAttributes(chart, 'C', { name: 'edge', namespace: 'edge', listeners: [{ name: 'http', port: 0 }] }))
      .toThrow(/^test\/C: listeners\[0\].port 0 must be an integer from 1 to 65535/);
    expect(() => Gateway.fromGatewayAttributes(chart, 'D', { name: 'edge', namespace: 'edge', listeners: [{ name: 'http', port: 80 }, { name: 'http', port: 8080 }] }))
      .toThrow(/^test\/D: listeners\[1\].name "http" is already a listener of this Gateway: listener names must be unique/);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['two listeners with one name', () => {
      const chart = Testing.chart();
      const gateway = new Gateway(chart, 'Gw', { namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class') });
      gateway.addListener({ name: 'http', port: 80 });
      gateway.addListener({ name: 'http', port: 81 });
    }, /^test\/Gw: listeners\[1\]\.name "http" is already a listener of this Gateway/],
    ['unknown listener asked for', () => new BackendMtlsChart(Testing.app(), 'c').backendMtls.gateway.listener('https'), /^c\/Setup\/Gateway: listener "https" is not a listener of this Gateway; it has \["http"\]/],
  ])('refuses %s', (_case, build, message) => {
    expect(build).toThrow(message);
  });
});
