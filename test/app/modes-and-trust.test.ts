import { Testing } from 'cdk8s';
import { BackendMtlsChart, CaTrust, ClientCertificateMode, ExistingBackendService, ExistingIssuer, CaDistribution } from '../../lib';
import { all, one } from '../support/manifests';

describe('ClientCertificateMode.GATEWAY', () => {
  const chart = new BackendMtlsChart(Testing.app(), 'gw', { clientCertificateMode: ClientCertificateMode.GATEWAY });
  const objects = Testing.synth(chart);

  test('sets the client certificate on the Gateway, not on the EnvoyProxy', () => {
    expect(one(objects, 'Gateway', 'backend-mtls-gateway').spec.tls).toEqual({
      backend: { clientCertificateRef: { group: '', kind: 'Secret', name: 'envoygateway-client-cert', namespace: 'httpbin-tls' } },
    });
    expect(one(objects, 'EnvoyProxy', 'custom-proxy-mtls').spec.backendTLS).toBeUndefined();
    expect(chart.backendMtls.gateway.clientCertificate).toBe(chart.backendMtls.clientCertificate);
    expect(one(objects, 'BackendTLSPolicy', 'backend-mtls-policy').spec.targetRefs[0].name).toBe('httpbin-tls');
  });
});

describe('ClientCertificateMode.PER_BACKEND', () => {
  const chart = new BackendMtlsChart(Testing.app(), 'per-backend', {
    clientCertificateMode: ClientCertificateMode.PER_BACKEND,
    hostname: '*.demo.int',
    issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca'),
  });
  const billing = chart.addHttpbin('Billing', { name: 'billing', namespace: 'payments', hostname: 'billing.demo.int' });
  const objects = Testing.synth(chart);

  test('renders an Envoy Gateway Backend per backend with its own client certificate, CA and SNI', () => {
    expect(objects).toMatchSnapshot();
    const backend = one(objects, 'Backend', 'billing', 'payments');
    expect(backend.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(backend.spec).toEqual({
      endpoints: [{ fqdn: { hostname: 'billing.payments.svc.cluster.local', port: 8443 } }],
      tls: {
        sni: 'billing.payments.svc.cluster.local',
        caCertificateRefs: [{ group: '', kind: 'Secret', name: 'billing-secret' }],
        clientCertificateRef: { group: '', kind: 'Secret', name: 'billing-client-cert' },
      },
    });
    const client = one(objects, 'Certificate', 'billing-client-cert', 'payments');
    expect(client.spec.commonName).toBe('envoygateway-client-billing');
    expect(client.spec.usages).toEqual(['client auth', 'digital signature']);
    expect(billing.envoyBackend!.clientCertificate).toBe(billing.clientCertificate);
  });

  test('routes point at the Backend, granted across namespaces; no chart-wide client certificate, no BackendTLSPolicy', () => {
    expect(one(objects, 'HTTPRoute', 'billing-route', 'httpbin-tls').spec.rules[0].backendRefs).toEqual([
      { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'billing', namespace: 'payments', port: 8443 },
    ]);
    expect(one(objects, 'HTTPRoute', 'backend-mtls-route').spec.rules[0].backendRefs).toEqual([
      { group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'httpbin-tls', port: 8443 },
    ]);
    expect(one(objects, 'ReferenceGrant', 'billing-from-httpbin-tls-routes', 'payments').spec.to).toEqual([{ group: 'gateway.envoyproxy.io', kind: 'Backend', name: 'billing' }]);
    expect(all(objects, 'BackendTLSPolicy')).toEqual([]);
    expect(chart.backendMtls.clientCertificate).toBeUndefined();
    expect(chart.demoBackend.policy).toBeUndefined();
    expect(one(objects, 'EnvoyProxy', 'custom-proxy-mtls').spec.backendTLS).toBeUndefined();
    expect(one(objects, 'Gateway', 'backend-mtls-gateway').spec.tls).toBeUndefined();
    expect(all(objects, 'Certificate').map((c) => c.metadata.name)).not.toContain('envoygateway-client-cert');
  });
});

describe('CaDistribution.TRUST_MANAGER_BUNDLE', () => {
  test('with an existing ClusterIssuer: a Bundle publishes its CA to the backend namespaces, and policies trust the ConfigMap', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'bundle', {
      caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE,
      issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca'),
      bundleSource: CaTrust.fromSecretAttributes(Testing.chart(), 'Source', { name: 'selfsigned-ca-root' }),
    });
    chart.addHttpbin('Billing', { name: 'billing', namespace: 'payments', pathPrefix: '/billing' });
    const objects = Testing.synth(chart);
    expect(objects).toMatchSnapshot();
    const bundle = one(objects, 'Bundle', 'bundle-ca');
    expect(bundle.metadata.namespace).toBeUndefined();
    expect(bundle.spec.target).toEqual({
      configMap: { key: 'ca.crt' },
      namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['httpbin-tls', 'payments'] }] },
    });
    for (const [name, namespace] of [['backend-mtls-policy', 'httpbin-tls'], ['billing-policy', 'payments']]) {
      expect(one(objects, 'BackendTLSPolicy', name, namespace).spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'ConfigMap', name: 'bundle-ca' }]);
    }
  });

  test('needs bundleSource with an existing issuer, and reads it from the trust namespace', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'bundle', {
      caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE,
      issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca'),
      bundleSource: CaTrust.fromSecretAttributes(Testing.chart(), 'Source', { name: 'root-ca', key: 'tls.crt' }),
      trustNamespace: 'trust',
    });
    expect(one(Testing.synth(chart), 'Bundle', 'bundle-ca').spec.sources).toEqual([{ secret: { name: 'root-ca', key: 'tls.crt' } }]);
    expect(chart.backendMtls.trustBundle!.trustNamespace).toBe('trust');
  });

  test('with the chart\'s own CA, trust-manager must be installed with the chart namespace as its trust namespace', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'bundle', { caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, trustNamespace: 'httpbin-tls' });
    expect(one(Testing.synth(chart), 'Bundle', 'bundle-ca').spec.sources).toEqual([{ secret: { name: 'backend-mtls-ca', key: 'ca.crt' } }]);
    expect(() => new BackendMtlsChart(Testing.app(), 'bad', { caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE }))
      .toThrow(/bad\/Setup\/TrustBundle: source.namespace "httpbin-tls" must be trust-manager's trust namespace "cert-manager"/);
  });

  test('per-backend mode: the Backend trusts the Bundle ConfigMap', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'both', {
      caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE,
      trustNamespace: 'httpbin-tls',
      clientCertificateMode: ClientCertificateMode.PER_BACKEND,
    });
    expect(one(Testing.synth(chart), 'Backend', 'httpbin-tls').spec.tls.caCertificateRefs).toEqual([{ group: '', kind: 'ConfigMap', name: 'both-ca' }]);
  });
});

describe('an existing backend Service', () => {
  test('gets a route, a policy with the given trust and hostname, a ReferenceGrant, and a NetworkPolicy when its pod labels are known', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'existing', { hostname: '*.demo.int' });
    const legacy = chart.backendMtls.addBackend('Legacy', ExistingBackendService.fromServiceAttributes(chart, 'LegacyService', {
      serviceName: 'legacy', namespace: 'legacy', port: 9443, hostname: 'legacy.internal.example', podLabels: { app: 'legacy' },
    }), { hostname: 'legacy.demo.int', trust: CaTrust.fromConfigMapAttributes(chart, 'LegacyCa', { name: 'legacy-ca', authority: chart.backendMtls.issuer }) });
    const objects = Testing.synth(chart);
    expect(legacy.service.serviceName).toBe('legacy');
    expect(one(objects, 'BackendTLSPolicy', 'legacy-policy', 'legacy').spec.validation).toEqual({
      hostname: 'legacy.internal.example', caCertificateRefs: [{ group: '', kind: 'ConfigMap', name: 'legacy-ca' }],
    });
    expect(one(objects, 'HTTPRoute', 'legacy-route', 'httpbin-tls').spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'legacy', namespace: 'legacy', port: 9443 }]);
    expect(one(objects, 'ReferenceGrant', 'legacy-from-httpbin-tls-routes', 'legacy').spec.to).toEqual([{ group: '', kind: 'Service', name: 'legacy' }]);
    expect(one(objects, 'NetworkPolicy', 'legacy-from-envoy', 'legacy').spec.ingress[0].ports).toEqual([{ port: 9443, protocol: 'TCP' }]);
    expect(all(objects, 'Namespace').map((n) => n.metadata.name)).toEqual(['httpbin-tls']);
    expect(all(objects, 'Deployment')).toHaveLength(1);
  });

  test('without pod labels, no NetworkPolicy; with a Bundle, trust defaults to its ConfigMap', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'existing', { caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, trustNamespace: 'httpbin-tls' });
    const legacy = chart.backendMtls.addBackend('Legacy', ExistingBackendService.fromServiceAttributes(chart, 'LegacyService', { serviceName: 'legacy', namespace: 'httpbin-tls', port: 9443, hostname: 'legacy.example' }), { pathPrefix: '/legacy' });
    expect(legacy.networkPolicy).toBeUndefined();
    expect(legacy.trust.kind).toBe('ConfigMap');
    expect(legacy.trust.bundle).toBe(chart.backendMtls.trustBundle);
  });
});
