import { Testing } from 'cdk8s';
import { BackendMtlsChart, MtlsBackend } from '../../lib';
import { legacyService as existing } from '../support/charts';
import { all, one } from '../support/manifests';

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);

describe('MtlsBackend', () => {
  test('renders one backend\'s workload, route and policy on the given listener', () => {
    const c = chart({ hostname: '*.demo.int' });
    const backend = new MtlsBackend(c, 'Orders', {
      listener: c.backendMtls.listener, issuer: c.backendMtls.issuer, workload: { name: 'orders', namespace: 'httpbin-tls' }, hostname: 'orders.demo.int',
    });
    const objects = Testing.synth(c).filter((object) => JSON.stringify(object).includes('orders'));
    expect(objects.filter((object) => ['HTTPRoute', 'BackendTLSPolicy'].includes(object.kind))).toMatchSnapshot();
    expect(objects.map((object) => object.kind).sort()).toEqual(
      ['BackendTLSPolicy', 'Certificate', 'ConfigMap', 'Deployment', 'HTTPRoute', 'Service', 'ServiceAccount'],
    );
    expect(backend.service.serviceName).toBe('orders');
    expect(one(objects, 'HTTPRoute', backend.route.name).spec.hostnames).toEqual(['orders.demo.int']);
    expect(all(objects, 'BackendTLSPolicy').map((policy) => policy.spec.targetRefs[0].name)).toEqual(['orders']);
  });

  test('MtlsBackend needs exactly one of workload and service', () => {
    const c = chart();
    expect(() => new MtlsBackend(c, 'M', { listener: c.backendMtls.listener, issuer: c.backendMtls.issuer })).toThrow(/c\/M: workload "nor service" exactly one of workload/);
    expect(() => new MtlsBackend(c, 'N', { listener: c.backendMtls.listener, issuer: c.backendMtls.issuer, service: existing(), workload: { namespace: 'httpbin-tls' } })).toThrow(/c\/N: workload "and service" exactly one/);
  });
});
