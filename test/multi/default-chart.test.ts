import { Testing } from 'cdk8s';
import { BackendMtlsChart, ClientCertificateMode, TrustDistribution } from '../../lib';
import { all, one } from '../support/manifests';

describe('the default chart', () => {
  const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls');
  const objects = Testing.synth(chart);

  test('has one backend, httpbin-tls, with the reference names and the EnvoyProxy client certificate', () => {
    expect(chart.backendMtls.clientCertificateMode).toBe(ClientCertificateMode.ENVOY_PROXY);
    expect(chart.backendMtls.trustDistribution).toBe(TrustDistribution.SECRET);
    expect(chart.backendMtls.backends.map((b) => b.service.serviceName)).toEqual(['httpbin-tls']);
    expect(one(objects, 'EnvoyProxy', 'custom-proxy-mtls').spec.backendTLS.clientCertificateRef.name).toBe('envoygateway-client-cert');
    expect(one(objects, 'Gateway', 'backend-mtls-gateway').spec.tls).toBeUndefined();
    expect(one(objects, 'BackendTLSPolicy', 'backend-mtls-policy').spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'httpbin-tls-secret' }]);
    expect(all(objects, 'ReferenceGrant')).toEqual([]);
    expect(all(objects, 'PodDisruptionBudget')).toEqual([]);
  });

  test('the NetworkPolicy admits only Envoy proxy pods of this Gateway, on the TLS port only', () => {
    const policy = one(objects, 'NetworkPolicy', 'httpbin-tls-from-envoy', 'httpbin-tls');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.podSelector.matchLabels).toEqual(chart.backendMtls.defaultWorkload.podLabels);
    expect(policy.spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: { matchLabels: {
          'app.kubernetes.io/name': 'envoy',
          'gateway.envoyproxy.io/owning-gateway-name': 'backend-mtls-gateway',
          'gateway.envoyproxy.io/owning-gateway-namespace': 'httpbin-tls',
        } },
      }],
      ports: [{ port: 8443, protocol: 'TCP' }],
    }]);
  });

  test('networkPolicies: false and custom proxy pods', () => {
    const off = Testing.synth(new BackendMtlsChart(Testing.app(), 'off', { networkPolicies: false }));
    expect(all(off, 'NetworkPolicy')).toEqual([]);
    const custom = Testing.synth(new BackendMtlsChart(Testing.app(), 'custom', { envoyProxyPods: { namespace: 'edge', labels: { app: 'envoy' } } }));
    expect(all(custom, 'NetworkPolicy')[0].spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: { app: 'envoy' } },
    }]);
  });
});
