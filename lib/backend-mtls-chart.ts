import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { MtlsBackend, MtlsBackendProps, MtlsBackendRouteOptions } from './backends/mtls-backend';
import { MtlsWiringValidation } from './checks/mtls-wiring';
import { checkDnsLabel, checkLabels, checkLabelValue, checkOneOf, fail } from './checks/rules';
import { RestrictedNamespace } from './core/restricted-namespace';
import { EnvoyProxy, EnvoyServiceType } from './gateway/envoy-proxy';
import { ClientCertificateMode } from './gateway/client-certificate-mode';
import { Gateway, Listener } from './gateway/gateway';
import { GatewayClass } from './gateway/gateway-class';
import { HttpRoute } from './gateway/http-route';
import { Certificate } from './pki/certificate';
import { ICertificateIssuer } from './pki/issuer';
import { SelfSignedCa } from './pki/self-signed-ca';
import { TrustBundle } from './pki/trust-bundle';
import { TrustDistribution } from './pki/trust-distribution';
import { TrustSource } from './pki/trust-source';
import { BackendTlsPolicy } from './gateway/backend-tls-policy';
import { EnvoyProxyPods, envoyProxyPodLabels } from './workloads/backend-network-policy';
import { IBackendService } from './workloads/backend-service';
import { HttpbinTls, HttpbinTlsProps } from './workloads/httpbin-tls';

/** Props for {@link BackendMtlsChart}; every name defaults to the reference setup's. */
export interface BackendMtlsChartProps extends Pick<ChartProps, 'labels'> {
  /** The namespace of every namespaced object; labelled for Pod Security `restricted`. @default 'httpbin-tls' */
  readonly namespace?: string;
  /** Whether the chart renders the Namespace object. @default true */
  readonly createNamespace?: boolean;
  /** The hostname clients send to the Gateway. @default 'mtls-backend.demo.int' */
  readonly hostname?: string;
  /** The Gateway listener's port. @default 18080 */
  readonly listenerPort?: number;
  /**
   * The issuer of every certificate, e.g. `ExistingIssuer.fromClusterIssuerName('selfsigned-ca')`.
   * @default - a namespaced self-signed CA chain is created (see {@link SelfSignedCa})
   */
  readonly issuer?: ICertificateIssuer;
  /**
   * Whether Envoy's client certificates come from a CA of their own (a second namespaced CA chain,
   * `backend-mtls-client-*`), the only CA the backends then accept clients from. Needs the chart's own CA.
   * @default false - one CA signs server and client certificates
   */
  readonly separateClientCa?: boolean;
  /** Name of Envoy's client Certificate and its Secret. @default 'envoygateway-client-cert' */
  readonly clientCertificateName?: string;
  /** Common name of Envoy's client certificate, which the backend sees as the caller. @default 'envoygateway-client' */
  readonly clientCommonName?: string;
  /** The EnvoyProxy's name. @default 'custom-proxy-mtls' */
  readonly envoyProxyName?: string;
  /**
   * The type of the Service Envoy Gateway creates for the Envoy pods (see {@link EnvoyProxyProps.serviceType}).
   * @default EnvoyServiceType.CLUSTER_IP - reached by port-forward, Programmed on clusters without a load balancer
   */
  readonly envoyServiceType?: EnvoyServiceType;
  /** The GatewayClass's name. @default 'backend-mtls-gw' */
  readonly gatewayClassName?: string;
  /** The Gateway's name. @default 'backend-mtls-gateway' */
  readonly gatewayName?: string;
  /** The HTTPRoute's name. @default 'backend-mtls-route' */
  readonly routeName?: string;
  /** The BackendTLSPolicy's name. @default 'backend-mtls-policy' */
  readonly policyName?: string;
  /** The backend workload's settings (name, ports, images, replicas, resources). @default - httpbin-tls on 8443 */
  readonly backend?: Omit<HttpbinTlsProps, 'namespace' | 'issuer' | 'clientIssuer'>;
  /**
   * Where Envoy's client certificate is set: the EnvoyProxy (Envoy Gateway v1.1+), the Gateway (v1.8+), or an
   * Envoy Gateway Backend per backend (v1.6+, with `extensionApis.enableBackend: true`).
   * @default ClientCertificateMode.ENVOY_PROXY - one certificate for the whole proxy
   */
  readonly clientCertificateMode?: ClientCertificateMode;
  /**
   * How the CA reaches the objects that verify the backends.
   * @default TrustDistribution.SECRET - each server certificate Secret's `ca.crt`
   */
  readonly trust?: TrustDistribution;
  /**
   * The Secret key trust-manager copies into the Bundle, in its trust namespace.
   * @default - the chart's own CA certificate, which must then live in the trust namespace
   */
  readonly trustBundleSource?: TrustSource;
  /** trust-manager's trust namespace (its `--trust-namespace`). @default 'cert-manager' */
  readonly trustNamespace?: string;
  /**
   * Envoy Gateway's proxy pods, the only peers each backend's NetworkPolicy admits.
   * @default - pods labelled for this Gateway in 'envoy-gateway-system'
   */
  readonly envoyProxyPods?: EnvoyProxyPods;
  /** Whether each backend gets a NetworkPolicy that admits only Envoy's proxy pods on its TLS port. @default true */
  readonly networkPolicies?: boolean;
}

/** Options of {@link BackendMtlsChart.addBackend}: the workload and how clients reach it. */
export interface AddBackendOptions extends MtlsBackendRouteOptions, Omit<HttpbinTlsProps, 'namespace' | 'issuer' | 'clientIssuer'> {
  /** The backend's name: its Service, Deployment and the prefix of its other objects. */
  readonly name: string;
  /** The backend's namespace; another than the chart's needs a ClusterIssuer. @default - the chart's namespace */
  readonly namespace?: string;
}

/**
 * The complete backend-mTLS setup: clients speak plain HTTP to an Envoy Gateway listener; Envoy opens mTLS
 * to each backend, verifying its server certificate and presenting its own client certificate, and each backend
 * refuses any caller without a client certificate from the same CA. One backend (httpbin-tls) is there from the
 * start; add more with {@link BackendMtlsChart.addBackend} and {@link BackendMtlsChart.addExistingBackend}.
 */
export class BackendMtlsChart extends Chart {
  /** The namespace of the chart's namespaced objects (not Chart.namespace, which cdk8s would stamp on cluster-scoped ones too). */
  public readonly namespaceName: string;
  public readonly issuer: ICertificateIssuer;
  /** The CA chain, when the chart creates one. */
  public readonly ca?: SelfSignedCa;
  /** The CA chain of Envoy's client certificates, with separateClientCa. */
  public readonly clientCa?: SelfSignedCa;
  public readonly clientCertificateMode: ClientCertificateMode;
  public readonly trustDistribution: TrustDistribution;
  /** The chart-wide client certificate; undefined in per-backend mode, where each backend has its own. */
  public readonly clientCertificate?: Certificate;
  public readonly envoyProxy: EnvoyProxy;
  public readonly gatewayClass: GatewayClass;
  public readonly gateway: Gateway;
  /** The listener every backend's route attaches to. */
  public readonly listener: Listener;
  /** The trust-manager Bundle, with TrustDistribution.TRUST_MANAGER_BUNDLE. */
  public readonly trustBundle?: TrustBundle;
  /** Envoy's proxy pods that NetworkPolicies admit; undefined when NetworkPolicies are off. */
  public readonly envoyProxyPods?: Required<EnvoyProxyPods>;
  /** The first backend, httpbin-tls. */
  public readonly defaultBackend: MtlsBackend;
  /** The first backend's workload. */
  public readonly backend: HttpbinTls;
  /** The first backend's route. */
  public readonly route: HttpRoute;
  /** The first backend's BackendTLSPolicy; undefined in per-backend mode. */
  public readonly policy?: BackendTlsPolicy;
  private readonly createNamespaces: boolean;
  private readonly _namespaces = new Map<string, RestrictedNamespace>();
  private readonly _backends: MtlsBackend[] = [];

  constructor(scope: Construct, id: string, props: BackendMtlsChartProps = {}) {
    // The chart-wide namespace is not passed on: cluster-scoped objects (Namespace, GatewayClass) must not get one.
    super(scope, id, { labels: props.labels, disableResourceNameHashes: true });
    checkLabels(this, 'labels', props.labels);
    this.namespaceName = checkDnsLabel(this, 'namespace', props.namespace ?? 'httpbin-tls');
    this.clientCertificateMode = checkOneOf(this, 'clientCertificateMode', props.clientCertificateMode ?? ClientCertificateMode.ENVOY_PROXY, ClientCertificateMode);
    this.trustDistribution = checkOneOf(this, 'trust', props.trust ?? TrustDistribution.SECRET, TrustDistribution);
    if (this.trustDistribution !== TrustDistribution.TRUST_MANAGER_BUNDLE) {
      if (props.trustBundleSource) fail(this, 'trustBundleSource', props.trustBundleSource.secretName, 'applies only with trust: TrustDistribution.TRUST_MANAGER_BUNDLE');
      if (props.trustNamespace) fail(this, 'trustNamespace', props.trustNamespace, 'applies only with trust: TrustDistribution.TRUST_MANAGER_BUNDLE');
    }
    if (this.clientCertificateMode === ClientCertificateMode.PER_BACKEND && (props.clientCertificateName || props.clientCommonName)) {
      fail(this, props.clientCertificateName ? 'clientCertificateName' : 'clientCommonName', props.clientCertificateName ?? props.clientCommonName, 'applies only to the chart-wide client certificate; ClientCertificateMode.PER_BACKEND issues one per backend (see clientCommonName of addBackend)');
    }
    this.createNamespaces = props.createNamespace ?? true;
    this.ensureNamespace(this.namespaceName);

    if (props.issuer) {
      this.issuer = props.issuer;
    } else {
      this.ca = new SelfSignedCa(this, 'Ca', { namespace: this.namespaceName });
      this.issuer = this.ca;
    }
    if (props.separateClientCa) {
      if (props.issuer) fail(this, 'separateClientCa', true, 'needs the chart\'s own CA: leave issuer out, or issue Envoy\'s client certificates from your own second CA');
      this.clientCa = new SelfSignedCa(this, 'ClientCa', { namespace: this.namespaceName, namePrefix: 'backend-mtls-client' });
    }

    if (this.clientCertificateMode !== ClientCertificateMode.PER_BACKEND) {
      const clientCertificateName = props.clientCertificateName ?? 'envoygateway-client-cert';
      this.clientCertificate = new Certificate(this, 'ClientCertificate', {
        issuer: this.clientCa ?? this.issuer,
        name: clientCertificateName,
        namespace: this.namespaceName,
        secretName: clientCertificateName,
        commonName: props.clientCommonName ?? 'envoygateway-client',
        usages: ['client auth', 'digital signature'],
      });
    }
    this.envoyProxy = new EnvoyProxy(this, 'EnvoyProxy', {
      name: props.envoyProxyName,
      namespace: this.namespaceName,
      clientCertificate: this.clientCertificateMode === ClientCertificateMode.ENVOY_PROXY ? this.clientCertificate : undefined,
      serviceType: props.envoyServiceType === undefined ? undefined : checkOneOf(this, 'envoyServiceType', props.envoyServiceType, EnvoyServiceType),
    });
    this.gatewayClass = new GatewayClass(this, 'GatewayClass', { name: props.gatewayClassName, envoyProxy: this.envoyProxy });
    this.gateway = new Gateway(this, 'Gateway', {
      name: props.gatewayName,
      namespace: this.namespaceName,
      gatewayClass: this.gatewayClass,
      backendClientCertificate: this.clientCertificateMode === ClientCertificateMode.GATEWAY ? this.clientCertificate : undefined,
    });
    this.listener = this.gateway.addListener({ name: 'http', port: props.listenerPort ?? 18080, hostname: props.hostname ?? 'mtls-backend.demo.int' });

    if (this.trustDistribution === TrustDistribution.TRUST_MANAGER_BUNDLE) {
      const source = props.trustBundleSource ?? (this.ca ? TrustSource.fromCertificate(this.ca.caCertificate) : undefined);
      if (!source) fail(this, 'trustBundleSource', undefined, 'must be set with an existing issuer: name the Secret in trust-manager\'s trust namespace that holds its CA (TrustSource.fromSecretName)');
      this.trustBundle = new TrustBundle(this, 'TrustBundle', { source, authority: this.issuer, trustNamespace: props.trustNamespace });
    }
    if (props.networkPolicies ?? true) {
      const pods = props.envoyProxyPods ?? {};
      if (pods.namespace !== undefined) checkDnsLabel(this, 'envoyProxyPods.namespace', pods.namespace);
      if (pods.labels !== undefined) checkLabels(this, 'envoyProxyPods.labels', pods.labels);
      else checkLabelValue(this, 'gatewayName', this.gateway.name, ': the default envoyProxyPods.labels select Envoy\'s pods by the label gateway.envoyproxy.io/owning-gateway-name, which holds the Gateway\'s name (Envoy Gateway labels the proxy pods it deploys with it too); shorten gatewayName to 63 characters, or set envoyProxyPods.labels (or networkPolicies: false)');
      this.envoyProxyPods = {
        namespace: pods.namespace ?? 'envoy-gateway-system',
        labels: pods.labels ?? envoyProxyPodLabels(this.gateway.name, this.gateway.namespace),
      };
    } else if (props.envoyProxyPods) {
      fail(this, 'envoyProxyPods', props.envoyProxyPods, 'applies only with networkPolicies enabled');
    }

    this.defaultBackend = this.addMtlsBackend('Backend', {
      workload: { ...props.backend, namespace: this.namespaceName },
      routeName: props.routeName ?? 'backend-mtls-route',
      // In per-backend mode there is no BackendTLSPolicy; MtlsBackend rejects a policyName given there.
      policyName: this.clientCertificateMode === ClientCertificateMode.PER_BACKEND ? props.policyName : props.policyName ?? 'backend-mtls-policy',
    });
    this.backend = this.defaultBackend.workload!;
    this.route = this.defaultBackend.route;
    this.policy = this.defaultBackend.policy;
    this.node.addValidation(new MtlsWiringValidation(this));
  }

  /** Every backend, the default one first. */
  public get backends(): readonly MtlsBackend[] {
    return [...this._backends];
  }

  /** The namespaces the chart renders, in the order they were added. */
  public get namespaces(): readonly RestrictedNamespace[] {
    return [...this._namespaces.values()];
  }

  /**
   * Deploys another httpbin-tls backend with its own server certificate, route (hostname and/or path), TLS
   * verification, NetworkPolicy and, above one replica, PodDisruptionBudget; returns it.
   */
  public addBackend(id: string, options: AddBackendOptions): MtlsBackend {
    const { hostname, pathPrefix, routeName, policyName, clientCommonName, trust, ...workload } = options;
    const namespace = checkDnsLabel(this, `${id}.namespace`, options.namespace ?? this.namespaceName);
    this.ensureNamespace(namespace);
    return this.addMtlsBackend(id, {
      workload: { ...workload, namespace },
      hostname, pathPrefix, routeName, policyName, clientCommonName, trust,
    });
  }

  /**
   * Routes to and secures a TLS Service the chart does not deploy (see ExistingBackendService.fromServiceName), or
   * the {@link MtlsFront} of your own Deployment, which then admits Envoy's client identity only; its namespace must
   * already exist. Returns the backend.
   */
  public addExistingBackend(id: string, service: IBackendService, options: MtlsBackendRouteOptions = {}): MtlsBackend {
    return this.addMtlsBackend(id, { ...options, service });
  }

  private addMtlsBackend(id: string, props: Omit<MtlsBackendProps, 'listener' | 'issuer' | 'clientCertificateMode' | 'trustBundle' | 'proxyPods' | 'proxyClientCertificate' | 'clientIssuer'>): MtlsBackend {
    const backend = new MtlsBackend(this, id, {
      ...props,
      listener: this.listener,
      issuer: this.issuer,
      clientCertificateMode: this.clientCertificateMode,
      proxyClientCertificate: this.clientCertificate,
      clientIssuer: this.clientCa,
      trustBundle: this.trustBundle,
      proxyPods: this.envoyProxyPods,
    });
    this._backends.push(backend);
    return backend;
  }

  private ensureNamespace(name: string): void {
    if (!this.createNamespaces || this._namespaces.has(name)) return;
    const id = name === this.namespaceName ? 'Namespace' : `Namespace-${name}`;
    this._namespaces.set(name, new RestrictedNamespace(this, id, { name }));
  }
}
