import { Testing } from 'cdk8s';
import { BackendMtlsChart, BackendMtlsChartProps, ClientCertificateMode, ExistingIssuer, TrustDistribution, TrustSource } from '../../lib';
import { validateManifests } from '../../tools/validate';

/** A chart of the given mode with a second backend in another namespace, as a platform team would build it. */
function variant(props: BackendMtlsChartProps) {
  const chart = new BackendMtlsChart(Testing.app(), 'variant', { hostname: '*.demo.int', issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca'), ...props });
  chart.addBackend('Billing', { name: 'billing', namespace: 'payments', hostname: 'billing.demo.int', replicas: 2 });
  return Testing.synth(chart);
}

describe('every mode passes the wiring checks and offline admission against the pinned CRDs', () => {
  test.each<[string, BackendMtlsChartProps]>([
    ['EnvoyProxy client certificate, Secret trust', {}],
    ['Gateway client certificate', { clientCertificateMode: ClientCertificateMode.GATEWAY }],
    ['per-backend client certificates through Envoy Gateway Backends', { clientCertificateMode: ClientCertificateMode.PER_BACKEND }],
    ['trust-manager Bundle trust', { trustDistribution: TrustDistribution.TRUST_MANAGER_BUNDLE, trustBundleSource: TrustSource.fromSecretName(Testing.chart(), 'Source', 'selfsigned-ca-root') }],
  ])('%s', (_mode, props) => {
    const objects = variant(props);
    expect(objects.filter((object) => object.metadata.namespace === 'payments').length).toBeGreaterThan(5);
    expect(validateManifests(objects)).toEqual([]);
  });
});
