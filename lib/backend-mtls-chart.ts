import { Chart, ChartProps, Names } from 'cdk8s';
import { Construct } from 'constructs';
import { BACKEND_MTLS_PROPS_KEYS, BackendMtls, BackendMtlsProps } from './backend-mtls';
import { ADD_BACKEND_OPTIONS_KEYS, AddBackendOptions, RoutedBackend } from './backends/routed-backend';
import { checkDnsLabel, checkKnownKeys, checkLabels, checkRequired, fail } from './core/validate-props';
import { WIRING_CHECKS_CONTEXT } from './core/wiring-checks-context';
import { ClientCertificateMode } from './gateway/client-certificate-mode';
import { CaDistribution } from './pki/ca-distribution';
import { PRIVATE_KEY_KEYS } from './pki/certificate';
import { HTTPBIN_TLS_PROPS_KEYS, HttpbinTls, HttpbinTlsProps } from './workloads/httpbin-tls';

/** The demo backend's workload settings: an httpbin-tls signed by the setup's issuer. */
export type HttpbinOptions = Omit<HttpbinTlsProps, 'namespace' | 'issuer' | 'clientIssuer'>;

/** Options of {@link BackendMtlsChart.addHttpbin}: the httpbin-tls workload and how clients reach it. */
export interface AddHttpbinOptions extends AddBackendOptions, HttpbinOptions {
  /** The backend's name: its Service, Deployment and the prefix of its other objects. */
  readonly name: string;
  /** The backend's namespace, rendered by the setup; another than the setup's needs a ClusterIssuer. @default - the setup's namespace */
  readonly namespace?: string;
}

/** Props for {@link BackendMtlsChart}: those of {@link BackendMtls}, every name defaulting to the reference setup's. */
export interface BackendMtlsChartProps extends Pick<ChartProps, 'labels'>, Partial<BackendMtlsProps> {
  /** The namespace of every namespaced object; labelled for Pod Security `restricted`. @default 'httpbin-tls' */
  readonly namespace?: string;
  /** The hostname clients send to the Gateway. @default 'mtls-backend.demo.int' */
  readonly hostname?: string;
  /** The Gateway listener's port. @default 18080 */
  readonly listenerPort?: number;
  /** Name of Envoy's client Certificate and its Secret, when the chart issues it. @default 'envoygateway-client-cert' */
  readonly clientCertificateName?: string;
  /** Name prefix of the self-signed CA chain's objects, when the chart creates it. @default 'backend-mtls' */
  readonly caNamePrefix?: string;
  /** The EnvoyProxy's name. @default 'custom-proxy-mtls' */
  readonly envoyProxyName?: string;
  /** The GatewayClass's name (cluster-scoped). @default '<chart name>-gw', 'backend-mtls-gw' for the chart 'backend-mtls' */
  readonly gatewayClassName?: string;
  /** The Gateway's name. @default 'backend-mtls-gateway' */
  readonly gatewayName?: string;
  /** The trust-manager Bundle's name (cluster-scoped). @default '<chart name>-ca', 'backend-mtls-ca' for the chart 'backend-mtls' */
  readonly trustBundleName?: string;
  /** The demo backend's workload settings (name, ports, images, replicas, resources). @default - httpbin-tls on 8443 */
  readonly httpbin?: HttpbinOptions;
  /** The demo backend's HTTPRoute name. @default 'backend-mtls-route' */
  readonly routeName?: string;
  /** The demo backend's BackendTLSPolicy name (none is rendered in per-backend mode). @default 'backend-mtls-policy' */
  readonly policyName?: string;
  /** The demo backend's BackendTrafficPolicy name (Envoy's idle timeout below the front's keep-alive). @default 'backend-mtls-traffic' */
  readonly trafficPolicyName?: string;
  /**
   * Whether `app.synth()` runs the wiring checks on this chart (see {@link MtlsWiringValidation}).
   * @default true
   */
  readonly wiringChecks?: boolean;
}

const { namespace: _namespace, issuer: _issuer, clientIssuer: _clientIssuer, ...httpbinOptionsKeys } = HTTPBIN_TLS_PROPS_KEYS;
/** The HttpbinTls props the setup gives the demo backend, each with the chart prop that sets it. */
const SETUP_GIVES_HTTPBIN = { namespace: '`namespace`', issuer: '`issuer`', clientIssuer: '`separateClientCa`' } as const;
/** The fields of {@link HttpbinOptions}: HttpbinTls' but the three the setup gives, left out as HttpbinOptions leaves them out. */
const HTTPBIN_OPTIONS_KEYS: Record<keyof HttpbinOptions, true> = httpbinOptionsKeys;
const ADD_HTTPBIN_OPTIONS_KEYS = {
  ...ADD_BACKEND_OPTIONS_KEYS, ...HTTPBIN_OPTIONS_KEYS, name: true, namespace: true,
} satisfies Record<keyof AddHttpbinOptions, true>;
const BACKEND_MTLS_CHART_PROPS_KEYS = {
  ...BACKEND_MTLS_PROPS_KEYS, labels: true, wiringChecks: true, httpbin: true, routeName: true, policyName: true, trafficPolicyName: true,
} satisfies Record<keyof BackendMtlsChartProps, true>;

/**
 * The reference setup as a chart of its own: one {@link BackendMtls} (construct id `Setup`) with the reference
 * names, and the demo backend, httpbin behind an mTLS front ({@link HttpbinTls}). Resource name hashes are off, so
 * every object keeps the name it is given.
 */
export class BackendMtlsChart extends Chart {
  /** The setup the chart holds. */
  public readonly backendMtls: BackendMtls;
  /** The demo backend, routed on the listener's hostname and `/`. */
  public readonly demoBackend: RoutedBackend;
  /** The demo backend's workload: httpbin behind an mTLS front. */
  public readonly httpbin: HttpbinTls;

  constructor(scope: Construct, id: string, props: BackendMtlsChartProps = {}) {
    // The setup's namespace is not the chart's: cdk8s would stamp a chart namespace on cluster-scoped objects too.
    super(scope, id, { labels: props.labels, disableResourceNameHashes: true });
    checkKnownKeys(this, 'props', props, BACKEND_MTLS_CHART_PROPS_KEYS);
    for (const [key, instead] of Object.entries(SETUP_GIVES_HTTPBIN)) {
      const given = (props.httpbin as Record<string, unknown> | undefined)?.[key];
      if (given !== undefined) fail(this, 'httpbin field', key, `is the setup's, not the demo backend's: set the chart's ${instead} instead`);
    }
    checkKnownKeys(this, 'httpbin', props.httpbin, HTTPBIN_OPTIONS_KEYS);
    checkKnownKeys(this, 'httpbin.privateKey', props.httpbin?.privateKey, PRIVATE_KEY_KEYS);
    checkLabels(this, 'labels', props.labels);
    if (props.wiringChecks === false) this.node.setContext(WIRING_CHECKS_CONTEXT, false);
    const { labels, wiringChecks, httpbin, routeName, policyName, trafficPolicyName, ...setup } = props;
    const chartName = Names.toDnsLabel(this, { includeHash: false });
    const perBackend = setup.clientCertificateMode === ClientCertificateMode.PER_BACKEND;
    // The reference client certificate's name, only where the setup issues one (not per backend, not the user's own).
    const issuesClientCertificate = !perBackend && setup.clientCertificate === undefined;
    this.backendMtls = new BackendMtls(this, 'Setup', {
      ...setup,
      namespace: setup.namespace ?? 'httpbin-tls',
      hostname: setup.hostname ?? 'mtls-backend.demo.int',
      listenerPort: setup.listenerPort ?? 18080,
      caNamePrefix: setup.caNamePrefix ?? 'backend-mtls',
      clientCertificateName: setup.clientCertificateName ?? (issuesClientCertificate ? 'envoygateway-client-cert' : undefined),
      envoyProxyName: setup.envoyProxyName ?? 'custom-proxy-mtls',
      gatewayClassName: setup.gatewayClassName ?? `${chartName}-gw`,
      gatewayName: setup.gatewayName ?? 'backend-mtls-gateway',
      trustBundleName: setup.trustBundleName ?? (setup.caDistribution === CaDistribution.TRUST_MANAGER_BUNDLE ? `${chartName}-ca` : undefined),
    });
    this.demoBackend = this.deployHttpbin('Backend', {
      ...httpbin,
      routeName: routeName ?? 'backend-mtls-route',
      // In per-backend mode there is no BackendTLSPolicy; RoutedBackend rejects a policyName given there.
      policyName: policyName ?? (perBackend ? undefined : 'backend-mtls-policy'),
      trafficPolicyName: trafficPolicyName ?? 'backend-mtls-traffic',
    });
    this.httpbin = this.demoBackend.service as HttpbinTls;
  }

  /**
   * Deploys another httpbin-tls backend with its own server certificate, route (hostname and/or path), TLS
   * verification, NetworkPolicy and, above one replica, PodDisruptionBudget; returns it.
   */
  public addHttpbin(id: string, options: AddHttpbinOptions): RoutedBackend {
    checkRequired(this.backendMtls, `addHttpbin(${JSON.stringify(id)}) options`, options, 'the backend\'s options, at least its name');
    checkKnownKeys(this.backendMtls, `addHttpbin(${JSON.stringify(id)}) options`, options, ADD_HTTPBIN_OPTIONS_KEYS);
    checkKnownKeys(this.backendMtls, `addHttpbin(${JSON.stringify(id)}) options.privateKey`, options?.privateKey, PRIVATE_KEY_KEYS);
    return this.deployHttpbin(id, options);
  }

  private deployHttpbin(id: string, options: Partial<AddHttpbinOptions>): RoutedBackend {
    const { hostname, pathPrefix, routeName, routeNamespace, policyName, trafficPolicyName, clientCommonName, trust, ...workload } = options;
    const setup = this.backendMtls;
    const namespace = checkDnsLabel(setup, `addHttpbin("${id}") namespace`, workload.namespace ?? setup.namespace);
    setup.addNamespace(namespace);
    // A child of the setup, just before its route: the objects keep the reference chart's order.
    const httpbinTls = new HttpbinTls(setup, `${id}Workload`, { ...workload, namespace, issuer: setup.issuer, clientIssuer: setup.clientCa });
    return setup.addBackend(id, httpbinTls, {
      hostname, pathPrefix, routeName, routeNamespace, policyName, trafficPolicyName, clientCommonName, trust,
    });
  }
}
