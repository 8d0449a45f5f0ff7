import { Testing } from 'cdk8s';
import { BackendMtlsChart, HttpbinTls, RoutedBackend } from '../../lib';
import { all, one } from '../support/manifests';

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);

describe('RoutedBackend', () => {
  test('renders one backend\'s workload, route and policy on the given listener', () => {
    const c = chart({ hostname: '*.demo.int' });
    const service = new HttpbinTls(c, 'OrdersWorkload', { name: 'orders', namespace: 'httpbin-tls', issuer: c.backendMtls.issuer });
    const backend = new RoutedBackend(c, 'Orders', { listener: c.backendMtls.listener, issuer: c.backendMtls.issuer, service, hostname: 'orders.demo.int' });
    const objects = Testing.synth(c).filter((object) => JSON.stringify(object).includes('orders'));
    expect(objects.filter((object) => ['HTTPRoute', 'BackendTLSPolicy'].includes(object.kind))).toMatchSnapshot();
    expect(objects.map((object) => object.kind).sort()).toEqual(
      ['BackendTLSPolicy', 'BackendTrafficPolicy', 'Certificate', 'ConfigMap', 'Deployment', 'HTTPRoute', 'Service', 'ServiceAccount'],
    );
    expect(backend.service.serviceName).toBe('orders');
    expect(one(objects, 'HTTPRoute', backend.route.name).spec.hostnames).toEqual(['orders.demo.int']);
    expect(all(objects, 'BackendTLSPolicy').map((policy) => policy.spec.targetRefs[0].name)).toEqual(['orders']);
  });

  test('without a service (JavaScript, or a cast) fails naming the prop and what to give', () => {
    const c = chart({ hostname: '*.demo.int' });
    expect(() => new RoutedBackend(c, 'Orders', { listener: c.backendMtls.listener, issuer: c.backendMtls.issuer, service: undefined as any }))
      .toThrow(/^c\/Orders: service undefined is required: give the backend's Service: an MtlsFront, an HttpbinTls or any IBackendService$/);
  });

  test('a misspelt prop (JavaScript, or a transpile-only app) fails before anything is rendered, naming the prop meant', () => {
    const c = chart({ hostname: '*.demo.int' });
    const service = new HttpbinTls(c, 'OrdersWorkload', { name: 'orders', namespace: 'httpbin-tls', issuer: c.backendMtls.issuer });
    const props = { listener: c.backendMtls.listener, issuer: c.backendMtls.issuer, service, hostnam: 'orders.demo.int' };
    expect(() => new RoutedBackend(c, 'Orders', props as any)).toThrow(/^c\/Orders: props field "hostnam" is unknown: did you mean "hostname"\?$/);
    expect(c.node.findChild('Orders').node.children).toEqual([]);
  });
});
