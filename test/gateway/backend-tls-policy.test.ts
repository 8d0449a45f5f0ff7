import { Testing } from 'cdk8s';
import { BackendTlsPolicy, CaTrust, ExistingBackendService, ExistingIssuer } from '../../lib';
import { one } from '../support/manifests';

describe('BackendTlsPolicy', () => {
  const chart = Testing.chart();
  const authority = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
  const backend = ExistingBackendService.fromServiceAttributes(chart, 'Orders', { serviceName: 'orders', namespace: 'shop', port: 8443, hostname: 'orders.shop.svc.cluster.local' });
  const policy = new BackendTlsPolicy(chart, 'Policy', { name: 'orders', backend, trust: CaTrust.fromSecretAttributes(chart, 'Trust', { name: 'corp-ca', authority }) });
  const rendered = one(Testing.synth(chart), 'BackendTLSPolicy', 'orders', 'shop');

  test('renders a Gateway API v1 BackendTLSPolicy in the backend\'s namespace', () => {
    expect(rendered).toMatchSnapshot();
    expect(rendered.apiVersion).toBe('gateway.networking.k8s.io/v1');
  });

  test('targets the backend\'s TLS port by name and verifies its hostname (by default the cluster FQDN it carries) against the trusted CA', () => {
    expect(rendered.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'orders', sectionName: backend.portName }]);
    expect(rendered.spec.validation).toEqual({
      hostname: 'orders.shop.svc.cluster.local', caCertificateRefs: [{ group: '', kind: 'Secret', name: 'corp-ca' }],
    });
    expect(policy.hostname).toBe('orders.shop.svc.cluster.local');
  });

  test('refuses a hostname that is no DNS hostname', () => {
    const scope = Testing.chart();
    const trust = CaTrust.fromSecretAttributes(scope, 'Trust', { name: 'corp-ca', authority: ExistingIssuer.fromClusterIssuerName(scope, 'Issuer', 'corp-ca') });
    expect(() => new BackendTlsPolicy(scope, 'Policy', { backend, trust, hostname: '10.0.0.1' })).toThrow(/^test\/Policy: hostname "10.0.0.1" must be a DNS hostname, not an IP address/);
  });

  test('refuses a misspelt prop (JavaScript, or a transpile-only app), naming the prop meant', () => {
    const scope = Testing.chart();
    const trust = CaTrust.fromSecretAttributes(scope, 'Trust', { name: 'corp-ca', authority: ExistingIssuer.fromClusterIssuerName(scope, 'Issuer', 'corp-ca') });
    expect(() => new BackendTlsPolicy(scope, 'Policy', { backend, trust, hostnam: 'orders.shop' } as any))
      .toThrow(/^test\/Policy: props field "hostnam" is unknown: did you mean "hostname"\?$/);
  });
});
