import { Chart, Testing } from 'cdk8s';
import {
  BackendMtlsChart, BackendMtlsChartProps, BackendServiceAttributes, CaDistribution, CaTrust, ClientCertificateMode, ExistingBackendService,
  ExistingIssuer, IBackendService,
} from '../../lib';

/** The reference setup's modes, each as a platform team would build it: with a second backend in another namespace. */
export const REFERENCE_MODES: readonly [string, () => BackendMtlsChartProps][] = [
  ['EnvoyProxy client certificate, Secret trust', () => ({})],
  ['Gateway client certificate', () => ({ clientCertificateMode: ClientCertificateMode.GATEWAY })],
  ['per-backend client certificates through Envoy Gateway Backends', () => ({ clientCertificateMode: ClientCertificateMode.PER_BACKEND })],
  ['trust-manager Bundle trust', () => ({
    caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, bundleSource: CaTrust.fromSecretAttributes(Testing.chart(), 'Source', { name: 'selfsigned-ca-root' }),
  })],
];

/** A reference chart of the given mode, on a cluster issuer, with a second backend `billing` in namespace `payments`. */
export function referenceVariant(props: BackendMtlsChartProps): Chart {
  const issuer = ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca');
  const chart = new BackendMtlsChart(Testing.app(), 'variant', { hostname: '*.demo.int', issuer, ...props });
  chart.addHttpbin('Billing', { name: 'billing', namespace: 'payments', hostname: 'billing.demo.int', replicas: 2 });
  return chart;
}

/** A backend Service outside the chart, `legacy/legacy` on port 9443, with the given attributes changed. */
export function legacyService(attrs: Partial<BackendServiceAttributes> = {}): IBackendService {
  return ExistingBackendService.fromServiceAttributes(Testing.chart(), 'Legacy', {
    serviceName: 'legacy', namespace: 'legacy', port: 9443, hostname: 'legacy.example', ...attrs,
  });
}
