import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdk8s';
import { BackendMtlsChart, CaDistribution, CaTrust, ClientCertificateMode, ExistingIssuer } from '../../lib';
import { renderTopology, replaceTopologySection } from '../../tools/diagram';

const root = join(__dirname, '..', '..');

describe('the topology diagram', () => {
  const diagram = renderTopology(Testing.synth(new BackendMtlsChart(Testing.app(), 'backend-mtls')));

  test('docs/topology.mmd and the README section are the default chart\'s current diagram', () => {
    const stale: string[] = [];
    if (readFileSync(join(root, 'docs', 'topology.mmd'), 'utf8') !== diagram) stale.push('docs/topology.mmd');
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    if (replaceTopologySection(readme, diagram) !== readme) stale.push('README.md');
    if (stale.length > 0) throw new Error(`${stale.join(' and ')} ${stale.length > 1 ? 'are' : 'is'} stale: run npm run diagram`);
  });

  test('draws the references of the default chart', () => {
    expect(diagram).toMatch(/^flowchart LR\n/);
    const ids = new Map([...diagram.matchAll(/(n\d+)[\[(]+"([^"]+)"/g)].map(([, id, label]) => [label, id]));
    const edge = (from: string, label: string, to: string) => `  ${ids.get(from)} -->|${label}| ${ids.get(to)}\n`;
    expect(diagram).toContain(edge('HTTPRoute<br/>backend-mtls-route', 'backendRef', 'Service<br/>httpbin-tls'));
    expect(diagram).toContain(edge('BackendTLSPolicy<br/>backend-mtls-policy', 'trusts CA', 'Secret<br/>httpbin-tls-secret'));
    expect(diagram).toContain(edge('EnvoyProxy<br/>custom-proxy-mtls', 'client certificate', 'Secret<br/>envoygateway-client-cert'));
    expect(diagram).toContain(edge('NetworkPolicy<br/>httpbin-tls-from-envoy', 'admits only Envoy to', 'Deployment<br/>httpbin-tls'));
    expect(diagram).toMatch(/\(\["Secret<br\/>httpbin-tls-secret"\]\):::external/);
  });

  test('draws Backends, ReferenceGrants and Bundles of the other modes', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'all', {
      clientCertificateMode: ClientCertificateMode.PER_BACKEND,
      caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE,
      issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'ca'),
      bundleSource: CaTrust.fromSecretAttributes(Testing.chart(), 'Source', { name: 'root-ca' }),
    });
    chart.addHttpbin('B', { name: 'billing', namespace: 'payments', pathPrefix: '/billing', replicas: 2 });
    const all = renderTopology(Testing.synth(chart));
    expect(all).toContain('subgraph ns1["namespace payments"]');
    for (const label of ['endpoint', 'allows HTTPRoute from httpbin-tls', 'writes', 'reads CA', 'protects', 'admits only Envoy to']) expect(all).toContain(`-->|${label}|`);
    expect(all).toContain('ClusterIssuer<br/>ca');
  });

  test('replaceTopologySection needs the markers', () => {
    expect(() => replaceTopologySection('# no markers\n', 'flowchart LR\n')).toThrow(/README.md lacks the markers <!-- topology:start --> \.\.\. <!-- topology:end -->/);
  });
});
