import { Testing } from 'cdk8s';
import { BackendMtlsChart, ClientCertificateMode, EnvoyProxy, EnvoyServiceType } from '../../lib';
import { validateManifests } from '../../tools/validate';

const envoyProxyOf = (objects: any[]) => objects.find((object) => object.kind === 'EnvoyProxy');

describe('EnvoyProxy', () => {
  test('gives the Envoy Service type ClusterIP unless told otherwise, so a Gateway is Programmed without a load balancer', () => {
    const chart = Testing.chart();
    new EnvoyProxy(chart, 'Proxy', { namespace: 'edge' });
    expect(envoyProxyOf(Testing.synth(chart)).spec).toEqual({ provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'ClusterIP' } } } });
  });

  test.each([EnvoyServiceType.LOAD_BALANCER, EnvoyServiceType.NODE_PORT])('renders the Envoy Service type %s on request, and admission accepts it', (serviceType) => {
    const chart = Testing.chart();
    const proxy = new EnvoyProxy(chart, 'Proxy', { namespace: 'edge', serviceType });
    const objects = Testing.synth(chart);
    expect(proxy.serviceType).toEqual(serviceType);
    expect(envoyProxyOf(objects).spec.provider.kubernetes.envoyService.type).toEqual(serviceType);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('refuses a Service type Envoy Gateway does not know, naming the prop, the value and the choices', () => {
    expect(() => new EnvoyProxy(Testing.chart(), 'Proxy', { namespace: 'edge', serviceType: 'External' as EnvoyServiceType }))
      .toThrow('test/Proxy: serviceType "External" must be one of ClusterIP, LoadBalancer, NodePort');
  });

  test('refuses a misspelt prop (JavaScript, or a transpile-only app), naming the prop meant', () => {
    expect(() => new EnvoyProxy(Testing.chart(), 'Proxy', { namespace: 'edge', servicetype: EnvoyServiceType.LOAD_BALANCER } as any))
      .toThrow(/^test\/Proxy: props field "servicetype" is unknown: did you mean "serviceType"\?$/);
  });
});

describe('BackendMtlsChart passes envoyServiceType to its EnvoyProxy', () => {
  test('in every client-certificate mode, next to the client certificate where the EnvoyProxy carries it', () => {
    for (const mode of Object.values(ClientCertificateMode)) {
      const chart = new BackendMtlsChart(Testing.app(), 'Chart', { clientCertificateMode: mode, envoyServiceType: EnvoyServiceType.LOAD_BALANCER });
      const spec = envoyProxyOf(Testing.synth(chart)).spec;
      expect([mode, spec.provider.kubernetes.envoyService.type, spec.backendTLS !== undefined])
        .toEqual([mode, 'LoadBalancer', mode === ClientCertificateMode.ENVOY_PROXY]);
    }
  });

  test('refuses a bad envoyServiceType under the name the chart\'s user wrote', () => {
    expect(() => new BackendMtlsChart(Testing.app(), 'Chart', { envoyServiceType: 'loadbalancer' as EnvoyServiceType }))
      .toThrow('Chart/Setup: envoyServiceType "loadbalancer" must be one of ClusterIP, LoadBalancer, NodePort');
  });
});
