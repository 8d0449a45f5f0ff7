import { Chart, ChartProps, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { AddBackendOptions, BackendMtls, BackendMtlsProps } from './backend-mtls';
import { MtlsBackend, MtlsBackendRouteOptions } from './backends/mtls-backend';
import { checkLabels } from './checks/rules';
import { WIRING_CHECKS_CONTEXT } from './checks/wiring-registry';
import { ClientCertificateMode } from './gateway/client-certificate-mode';
import { TrustDistribution } from './pki/trust-distribution';
import { IBackendService } from './workloads/backend-service';

/** Props for {@link BackendMtlsChart}: those of {@link BackendMtls}, every name defaulting to the reference setup's. */
export interface BackendMtlsChartProps extends Pick<ChartProps, 'labels'>, Partial<BackendMtlsProps> {
  /** The namespace of every namespaced object; labelled for Pod Security `restricted`. @default 'httpbin-tls' */
  readonly namespace?: string;
  /** The hostname clients send to the Gateway. @default 'mtls-backend.demo.int' */
  readonly hostname?: string;
  /** The Gateway listener's port. @default 18080 */
  readonly listenerPort?: number;
  /** Name of Envoy's client Certificate and its Secret. @default 'envoygateway-client-cert' */
  readonly clientCertificateName?: string;
  /** The EnvoyProxy's name. @default 'custom-proxy-mtls' */
  readonly envoyProxyName?: string;
  /** The GatewayClass's name (cluster-scoped). @default '<chart name>-gw', 'backend-mtls-gw' for the chart 'backend-mtls' */
  readonly gatewayClassName?: string;
  /** The Gateway's name. @default 'backend-mtls-gateway' */
  readonly gatewayName?: string;
  /** The default backend's HTTPRoute name. @default 'backend-mtls-route' */
  readonly routeName?: string;
  /** The default backend's BackendTLSPolicy name (none is rendered in per-backend mode). @default 'backend-mtls-policy' */
  readonly policyName?: string;
  /** The trust-manager Bundle's name (cluster-scoped). @default '<chart name>-ca', 'backend-mtls-ca' for the chart 'backend-mtls' */
  readonly trustBundleName?: string;
  /**
   * Whether `app.synth()` runs the wiring checks on this chart (see {@link MtlsWiringValidation}).
   * @default true
   */
  readonly wiringChecks?: boolean;
}

/**
 * The reference setup as a chart of its own: one {@link BackendMtls} (construct id `Setup`) with the reference
 * names. Resource name hashes are off, so every object keeps the name it is given.
 */
export class BackendMtlsChart extends Chart {
  /** The setup the chart holds. */
  public readonly backendMtls: BackendMtls;

  constructor(scope: Construct, id: string, props: BackendMtlsChartProps = {}) {
    // The setup's namespace is not the chart's: cdk8s would stamp a chart namespace on cluster-scoped objects too.
    super(scope, id, { labels: props.labels, disableResourceNameHashes: true });
    checkLabels(this, 'labels', props.labels);
    if (props.wiringChecks === false) this.node.setContext(WIRING_CHECKS_CONTEXT, false);
    const { labels, wiringChecks, ...setup } = props;
    const chartName = Names.toDnsLabel(this, { includeHash: false });
    const perBackend = setup.clientCertificateMode === ClientCertificateMode.PER_BACKEND;
    this.backendMtls = new BackendMtls(this, 'Setup', {
      ...setup,
      namespace: setup.namespace ?? 'httpbin-tls',
      hostname: setup.hostname ?? 'mtls-backend.demo.int',
      listenerPort: setup.listenerPort ?? 18080,
      caNamePrefix: setup.caNamePrefix ?? 'backend-mtls',
      clientCertificateName: setup.clientCertificateName ?? (perBackend ? undefined : 'envoygateway-client-cert'),
      envoyProxyName: setup.envoyProxyName ?? 'custom-proxy-mtls',
      gatewayClassName: setup.gatewayClassName ?? `${chartName}-gw`,
      gatewayName: setup.gatewayName ?? 'backend-mtls-gateway',
      routeName: setup.routeName ?? 'backend-mtls-route',
      // In per-backend mode there is no BackendTLSPolicy; MtlsBackend rejects a policyName given there.
      policyName: setup.policyName ?? (perBackend ? undefined : 'backend-mtls-policy'),
      trustBundleName: setup.trustBundleName ?? (setup.trustDistribution === TrustDistribution.TRUST_MANAGER_BUNDLE ? `${chartName}-ca` : undefined),
    });
  }

  /** Adds an httpbin-tls backend to the setup; see {@link BackendMtls.addBackend}. */
  public addBackend(id: string, options: AddBackendOptions): MtlsBackend {
    return this.backendMtls.addBackend(id, options);
  }

  /** Adds a TLS Service the chart does not deploy; see {@link BackendMtls.addExistingBackend}. */
  public addExistingBackend(id: string, service: IBackendService, options: MtlsBackendRouteOptions = {}): MtlsBackend {
    return this.backendMtls.addExistingBackend(id, service, options);
  }
}
