import { Testing } from 'cdk8s';
import { BackendMtlsChart, ExistingIssuer } from '../../lib';
import { all, one } from '../support/manifests';

/** Three backends over two namespaces, signed by a ClusterIssuer (a namespaced Issuer signs only in its own). */
function threeBackends() {
  const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls', {
    hostname: '*.demo.int',
    issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca'),
  });
  const orders = chart.addHttpbin('Orders', { name: 'orders', hostname: 'orders.demo.int', replicas: 3 });
  const billing = chart.addHttpbin('Billing', { name: 'billing', namespace: 'payments', hostname: 'api.demo.int', pathPrefix: '/billing' });
  return { chart, orders, billing, objects: Testing.synth(chart) };
}

describe('a chart with many backends', () => {
  const { chart, orders, billing, objects } = threeBackends();

  test('renders three backends across two namespaces', () => {
    expect(objects).toMatchSnapshot();
    expect(chart.backendMtls.backends.map((b) => `${b.namespace}/${b.service.serviceName}`)).toEqual(['httpbin-tls/httpbin-tls', 'httpbin-tls/orders', 'payments/billing']);
    expect(all(objects, 'Namespace').map((n) => n.metadata.name)).toEqual(['httpbin-tls', 'payments']);
  });

  test('each backend has its own server certificate from the ClusterIssuer, route, policy and workload', () => {
    const certificate = one(objects, 'Certificate', 'billing-cert', 'payments');
    expect(certificate.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'selfsigned-ca' });
    expect(certificate.spec.dnsNames).toContain('billing.payments.svc.cluster.local');
    expect(one(objects, 'Deployment', 'billing', 'payments').spec.replicas).toBe(1);
    const policy = one(objects, 'BackendTLSPolicy', 'billing-policy', 'payments');
    expect(policy.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'billing', sectionName: 'https' }]);
    expect(policy.spec.validation).toEqual({ hostname: 'billing.payments.svc.cluster.local', caCertificateRefs: [{ group: '', kind: 'Secret', name: 'billing-secret' }] });
    expect(billing.policy).toBeDefined();
  });

  test('routes live in the Gateway namespace; a cross-namespace backendRef names its namespace', () => {
    const route = one(objects, 'HTTPRoute', 'billing-route', 'httpbin-tls');
    expect(route.spec.hostnames).toEqual(['api.demo.int']);
    expect(route.spec.rules).toEqual([{
      matches: [{ path: { type: 'PathPrefix', value: '/billing' } }],
      backendRefs: [{ group: '', kind: 'Service', name: 'billing', namespace: 'payments', port: 8443 }],
    }]);
    expect(one(objects, 'HTTPRoute', 'orders-route', 'httpbin-tls').spec.rules[0].backendRefs[0].namespace).toBeUndefined();
  });

  test('a ReferenceGrant in the backend namespace lets HTTPRoutes of the Gateway namespace reach that one Service', () => {
    expect(all(objects, 'ReferenceGrant')).toHaveLength(1);
    const grant = one(objects, 'ReferenceGrant', 'billing-from-httpbin-tls-routes', 'payments');
    expect(grant.spec).toEqual({
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'httpbin-tls' }],
      to: [{ group: '', kind: 'Service', name: 'billing' }],
    });
    expect(orders.referenceGrant).toBeUndefined();
  });

  test('every backend gets a NetworkPolicy on its own TLS port; a PDB only above one replica', () => {
    expect(all(objects, 'NetworkPolicy').map((p) => `${p.metadata.namespace}/${p.metadata.name}`))
      .toEqual(['httpbin-tls/httpbin-tls-from-envoy', 'httpbin-tls/orders-from-envoy', 'payments/billing-from-envoy']);
    expect(one(objects, 'NetworkPolicy', 'billing-from-envoy').spec.podSelector.matchLabels['app.kubernetes.io/name']).toBe('billing');
    const budgets = all(objects, 'PodDisruptionBudget');
    expect(budgets).toHaveLength(1);
    expect(budgets[0].metadata).toEqual({ name: 'orders', namespace: 'httpbin-tls' });
    expect(budgets[0].spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: orders.service.podLabels } });
  });

  test('createNamespace: false renders no Namespace for added backends either', () => {
    const chart2 = new BackendMtlsChart(Testing.app(), 'no-ns', { createNamespace: false, hostname: '*.demo.int', issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'ca') });
    chart2.addHttpbin('B', { name: 'b', namespace: 'team-b', hostname: 'b.demo.int' });
    expect(all(Testing.synth(chart2), 'Namespace')).toEqual([]);
  });
});
