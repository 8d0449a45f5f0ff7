import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackendMtls, Certificate, ClientCertificateMode, ExistingIssuer } from '../../lib';
import { validateManifests } from '../../tools/validate';
import { all, one } from '../support/manifests';

describe('BackendMtls in a chart of the user\'s own', () => {
  const chart = new Chart(Testing.app(), 'team-a');
  new kplus.ConfigMap(chart, 'Settings', { metadata: { namespace: 'team-a' }, data: { mode: 'strict' } });
  const mtls = new BackendMtls(chart, 'Mtls', { namespace: 'team-a', hostname: '*.team-a.example' });
  mtls.addBackend('Orders', { name: 'orders', hostname: 'orders.team-a.example' });
  const objects = Testing.synth(chart);

  test('renders the setup beside the user\'s objects, passing the wiring checks and offline admission', () => {
    expect(all(objects, 'ConfigMap').map((configMap) => configMap.data.mode)).toContain('strict');
    expect(all(objects, 'HTTPRoute')).toHaveLength(2);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('carries none of the reference setup\'s names: the ones left out come from the construct path', () => {
    const names = objects.map((object) => object.metadata.name as string);
    for (const reference of ['backend-mtls-route', 'backend-mtls-policy', 'backend-mtls-gateway', 'custom-proxy-mtls', 'backend-mtls-gw', 'backend-mtls-ca']) {
      expect(names).not.toContain(reference);
    }
    expect(one(objects, 'GatewayClass').metadata.name).toBe(mtls.gatewayClass.name);
    expect(mtls.gatewayClass.name).toMatch(/^team-a-mtls-gatewayclass-[0-9a-f]{8}$/);
    expect(mtls.listener.port).toBe(80);
  });

  test('bad props name the prop the user wrote', () => {
    const other = Testing.chart();
    expect(() => new BackendMtls(other, 'M', { namespace: 'ns', listenerPort: 0 })).toThrow(/^test\/M: listenerPort 0 must be an integer from 1 to 65535/);
    expect(() => new BackendMtls(other, 'N', { namespace: 'ns', hostname: 'a:80' })).toThrow(/^test\/N: hostname "a:80" must be a lower-case DNS hostname/);
  });

  test('props that apply only to another mode or trust distribution are refused, naming the one that applies', () => {
    const other = Testing.chart();
    expect(() => new BackendMtls(other, 'B', { namespace: 'ns', trustBundleName: 'corp-ca' }))
      .toThrow(/^test\/B: trustBundleName "corp-ca" applies only with trustDistribution: TrustDistribution.TRUST_MANAGER_BUNDLE/);
    const clientCertificate = Certificate.fromSecretAttributes(other, 'Client', { secretName: 'client', namespace: 'ns' });
    expect(() => new BackendMtls(other, 'C', { namespace: 'ns', clientCertificate, clientCommonName: 'envoy' }))
      .toThrow(/^test\/C: clientCommonName "envoy" applies only to a client certificate the setup issues, not to the given clientCertificate/);
    expect(() => new BackendMtls(other, 'D', { namespace: 'ns', clientCertificate, clientCertificateMode: ClientCertificateMode.PER_BACKEND }))
      .toThrow(/^test\/D: clientCertificate "client" applies only to the setup-wide client certificate; ClientCertificateMode.PER_BACKEND issues one per backend/);
  });
});

describe('BackendMtls with an existing client-certificate Secret', () => {
  test('Envoy presents the given Secret, and the setup issues no client certificate of its own', () => {
    const chart = Testing.chart();
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const clientCertificate = Certificate.fromSecretAttributes(chart, 'Client', { secretName: 'edge-client', namespace: 'edge', issuer, usages: ['client auth'], commonName: 'edge' });
    const mtls = new BackendMtls(chart, 'Mtls', { namespace: 'edge', issuer, clientCertificate });
    const objects = Testing.synth(chart);
    expect(mtls.clientCertificate).toBe(clientCertificate);
    expect(one(objects, 'EnvoyProxy').spec.backendTLS.clientCertificateRef).toEqual({ group: '', kind: 'Secret', name: 'edge-client' });
    expect(all(objects, 'Certificate').map((certificate) => certificate.spec.usages)).not.toContainEqual(expect.arrayContaining(['client auth']));
    expect(one(objects, 'ConfigMap', 'httpbin-tls-nginx', 'edge').data['nginx.conf']).toMatch(/^\s*"CN=edge" 1;$/m);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('a Secret from another CA than the backends trust fails the synth; one outside the namespace fails at once', () => {
    const chart = Testing.chart();
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const other = ExistingIssuer.fromClusterIssuerName(chart, 'Other', 'other-ca');
    new BackendMtls(chart, 'Mtls', { namespace: 'edge', issuer, clientCertificate: Certificate.fromSecretAttributes(chart, 'Client', { secretName: 'edge-client', namespace: 'edge', issuer: other, commonName: 'edge' }) });
    expect(() => Testing.synth(chart)).toThrow(/Certificate edge\/edge-client \(test\/Client\): Envoy's client certificate is issued by ClusterIssuer other-ca, but backend edge\/httpbin-tls .* only accepts clients of ClusterIssuer corp-ca/);
    const elsewhere = Certificate.fromSecretAttributes(chart, 'Elsewhere', { secretName: 'edge-client', namespace: 'default' });
    expect(() => new BackendMtls(chart, 'Wrong', { namespace: 'edge', issuer, clientCertificate: elsewhere }))
      .toThrow(/^test\/Wrong: clientCertificate "default\/edge-client" must be in the setup's namespace "edge"/);
  });
});
