import { Testing } from 'cdk8s';
// The public API only: what `import { ... } from 'backend-mtls'` gives a user.
import { BackendMtlsChart, ExistingIssuer } from '../lib/index';
import { validateManifests } from '../tools/validate';
import { all, certificateForSecret, Manifest, one } from './support/manifests';

describe('a chart built from the public API with another namespace, hostname and an existing ClusterIssuer', () => {
  const chart = new BackendMtlsChart(Testing.app(), 'team-a', {
    namespace: 'payments',
    hostname: 'pay.internal.example.com',
    listenerPort: 8080,
    issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca'),
    gatewayName: 'payments-gw',
    httpbin: { name: 'ledger', port: 9443, portName: 'tls' },
  });
  const manifests: Manifest[] = Testing.synth(chart);

  test('every object passes offline admission against the pinned CRDs', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('creates no CA: every Certificate is issued by the ClusterIssuer', () => {
    expect(all(manifests, 'Issuer')).toEqual([]);
    const certificates = all(manifests, 'Certificate');
    expect(certificates.map((cert) => cert.metadata.name).sort()).toEqual(['envoygateway-client-cert', 'ledger-cert']);
    for (const cert of certificates) {
      expect(cert.spec.issuerRef).toEqual({ group: 'cert-manager.io', kind: 'ClusterIssuer', name: 'selfsigned-ca' });
      expect(cert.metadata.namespace).toEqual('payments');
    }
  });

  test('the server certificate and the policy follow the backend\'s name and namespace', () => {
    const server = certificateForSecret(manifests, 'ledger-secret', 'payments');
    expect(server.spec.dnsNames).toEqual(['ledger', 'ledger.payments', 'ledger.payments.svc', 'ledger.payments.svc.cluster.local']);
    const policy = one(manifests, 'BackendTLSPolicy');
    expect(policy.metadata.namespace).toEqual('payments');
    expect(policy.spec.validation.hostname).toEqual('ledger.payments.svc.cluster.local');
    expect(policy.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'ledger', sectionName: 'tls' }]);
    expect(policy.spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'ledger-secret' }]);
  });

  test('the listener and route carry the new hostname and port, and the route reaches the new Service port', () => {
    const gateway = one(manifests, 'Gateway', 'payments-gw');
    expect(gateway.spec.listeners[0]).toEqual(expect.objectContaining({ port: 8080, hostname: 'pay.internal.example.com' }));
    const route = one(manifests, 'HTTPRoute');
    expect(route.spec.hostnames).toEqual(['pay.internal.example.com']);
    expect(route.spec.parentRefs[0].name).toEqual('payments-gw');
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'ledger', port: 9443 }]);
    const service = one(manifests, 'Service', 'ledger');
    expect(service.spec.ports).toEqual([{ name: 'tls', port: 9443, targetPort: 9443, protocol: 'TCP' }]);
    const conf: string = one(manifests, 'ConfigMap', 'ledger-nginx').data['nginx.conf'];
    expect(conf).toMatch(/listen 9443 ssl;/);
  });

  test('the Namespace is the new one, and the EnvoyProxy finds the client Secret beside it', () => {
    expect(one(manifests, 'Namespace').metadata.name).toEqual('payments');
    const proxy = one(manifests, 'EnvoyProxy');
    expect(proxy.metadata.namespace).toEqual('payments');
    expect(certificateForSecret(manifests, proxy.spec.backendTLS.clientCertificateRef.name, 'payments').spec.usages).toContain('client auth');
  });
});
