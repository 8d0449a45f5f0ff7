import { Names } from 'cdk8s';
import { Construct } from 'constructs';
import { ADD_BACKEND_OPTIONS_KEYS, AddBackendOptions, RoutedBackend } from './backends/routed-backend';
import { RestrictedNamespace } from './core/restricted-namespace';
import {
  checkDnsLabel, checkHostname, checkKnownKeys, checkLabels, checkLabelValue, checkOneOf, checkPort, checkRequired, fail,
} from './core/validate-props';
import { ClientCertificateMode } from './gateway/client-certificate-mode';
import { EnvoyProxy, EnvoyProxyProps, EnvoyServiceType } from './gateway/envoy-proxy';
import { Gateway, Listener } from './gateway/gateway';
import { GatewayClass } from './gateway/gateway-class';
import { CaDistribution } from './pki/ca-distribution';
import { CaTrust } from './pki/ca-trust';
import { Certificate, ICertificate } from './pki/certificate';
import { ICertificateIssuer } from './pki/issuer';
import { SelfSignedCa } from './pki/self-signed-ca';
import { TrustBundle } from './pki/trust-bundle';
import { ENVOY_PROXY_PODS_KEYS, EnvoyProxyPods, envoyProxyPodLabels } from './workloads/backend-network-policy';
import { IBackendService } from './workloads/backend-service';

/** Props for {@link BackendMtls}; object names left out are derived from the construct path. */
export interface BackendMtlsProps {
  /** The namespace of every namespaced object; labelled for Pod Security `restricted`. */
  readonly namespace: string;
  /** Whether the setup renders the Namespace objects of its backends. @default true */
  readonly createNamespace?: boolean;
  /**
   * The hostname clients send to the Gateway; the listener serves it (may start with `*.`).
   * @default - the listener serves every hostname
   * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
   */
  readonly hostname?: string;
  /** The Gateway listener's port. @default 80 */
  readonly listenerPort?: number;
  /**
   * The issuer of every certificate, e.g. `ExistingIssuer.fromClusterIssuerName(this, 'Issuer', 'selfsigned-ca')`.
   * @default - a namespaced self-signed CA chain is created (see {@link SelfSignedCa})
   */
  readonly issuer?: ICertificateIssuer;
  /** Name prefix of the self-signed CA chain's objects, when the setup creates it. @default - derived from the construct path */
  readonly caNamePrefix?: string;
  /**
   * Whether Envoy's client certificates come from a CA of their own (a second namespaced CA chain,
   * `<caNamePrefix>-client-*`), the only CA the backends then accept clients from. Needs the setup's own CA.
   * @default false - one CA signs server and client certificates
   */
  readonly separateClientCa?: boolean;
  /**
   * The client certificate Envoy presents, e.g. an existing Secret (`Certificate.fromSecretAttributes`, with the
   * `commonName` the backends pin as the client identity); it must live in the setup's namespace. Not with
   * ClientCertificateMode.PER_BACKEND, which issues one per backend.
   * @default - a Certificate is issued by `issuer`
   */
  readonly clientCertificate?: ICertificate;
  /** Name of Envoy's client Certificate and its Secret, when the setup issues it. @default - derived from the construct path */
  readonly clientCertificateName?: string;
  /** Common name of Envoy's client certificate, which the backend sees as the caller. @default 'envoygateway-client' */
  readonly clientCommonName?: string;
  /** The EnvoyProxy's name. @default - derived from the construct path */
  readonly envoyProxyName?: string;
  /**
   * The type of the Service Envoy Gateway creates for the Envoy pods (see {@link EnvoyProxyProps.serviceType}).
   * @default EnvoyServiceType.CLUSTER_IP - reached by port-forward, Programmed on clusters without a load balancer
   */
  readonly envoyServiceType?: EnvoyServiceType;
  /** The GatewayClass's name (cluster-scoped). @default - derived from the construct path, so two setups do not collide */
  readonly gatewayClassName?: string;
  /** The Gateway's name. @default - derived from the construct path */
  readonly gatewayName?: string;
  /** The trust-manager Bundle's name (cluster-scoped). @default - derived from the construct path, so two setups do not collide */
  readonly trustBundleName?: string;
  /**
   * Where Envoy's client certificate is set: the EnvoyProxy (Envoy Gateway v1.1+), the Gateway (v1.8+), or an
   * Envoy Gateway Backend per backend (v1.6+, with `extensionApis.enableBackend: true`).
   * @default ClientCertificateMode.ENVOY_PROXY - one certificate for the whole proxy
   */
  readonly clientCertificateMode?: ClientCertificateMode;
  /**
   * How the CA reaches the objects that verify the backends.
   * @default CaDistribution.SECRET - each server certificate Secret's `ca.crt`
   */
  readonly caDistribution?: CaDistribution;
  /**
   * The Secret or ConfigMap key trust-manager copies into the Bundle, in its trust namespace, e.g.
   * `CaTrust.fromSecretAttributes(this, 'Source', { name: 'root-ca' })`.
   * @default - the setup's own CA certificate's Secret, which must then live in the trust namespace
   */
  readonly bundleSource?: CaTrust;
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

/** The fields of {@link BackendMtlsProps}, which the constructor admits; TypeScript keeps the list complete. */
export const BACKEND_MTLS_PROPS_KEYS = {
  namespace: true, createNamespace: true, hostname: true, listenerPort: true, issuer: true, caNamePrefix: true, separateClientCa: true,
  clientCertificate: true, clientCertificateName: true, clientCommonName: true, envoyProxyName: true, envoyServiceType: true,
  gatewayClassName: true, gatewayName: true, trustBundleName: true, clientCertificateMode: true, caDistribution: true, bundleSource: true,
  trustNamespace: true, envoyProxyPods: true, networkPolicies: true,
} satisfies Record<keyof BackendMtlsProps, true>;

/**
 * The complete backend-mTLS setup, usable in any chart: clients speak plain HTTP to an Envoy Gateway listener;
 * Envoy opens mTLS to each backend, verifying its server certificate and presenting its own client certificate,
 * and each backend refuses any caller without a client certificate from the same CA. It deploys no workload of its
 * own: give it backends with {@link BackendMtls.addBackend} (an {@link MtlsFront} before your Deployment, an
 * {@link HttpbinTls}, or an existing TLS Service).
 */
export class BackendMtls extends Construct {
  /** The namespace of the setup's namespaced objects. */
  public readonly namespace: string;
  /** The issuer of every certificate. */
  public readonly issuer: ICertificateIssuer;
  /** The CA chain, when the setup creates one. */
  public readonly ca?: SelfSignedCa;
  /** The CA chain of Envoy's client certificates, with separateClientCa. */
  public readonly clientCa?: SelfSignedCa;
  /** Where Envoy's client certificate is set. */
  public readonly clientCertificateMode: ClientCertificateMode;
  /** How the CA reaches the objects that verify the backends. */
  public readonly caDistribution: CaDistribution;
  /** The setup-wide client certificate; undefined in per-backend mode, where each backend has its own. */
  public readonly clientCertificate?: ICertificate;
  /** The EnvoyProxy: the Envoy Service type and, in ENVOY_PROXY mode, the client certificate. */
  public readonly envoyProxy: EnvoyProxy;
  /** The GatewayClass of the Gateway. */
  public readonly gatewayClass: GatewayClass;
  /** The Gateway clients connect to. */
  public readonly gateway: Gateway;
  /** The listener every backend's route attaches to. */
  public readonly listener: Listener;
  /** The trust-manager Bundle, with CaDistribution.TRUST_MANAGER_BUNDLE. */
  public readonly trustBundle?: TrustBundle;
  /** Envoy's proxy pods that NetworkPolicies admit; undefined when NetworkPolicies are off. */
  public readonly envoyProxyPods?: Required<EnvoyProxyPods>;
  private readonly createNamespaces: boolean;
  private readonly _namespaces = new Map<string, RestrictedNamespace>();
  private readonly _backends: RoutedBackend[] = [];

  constructor(scope: Construct, id: string, props: BackendMtlsProps) {
    super(scope, id);
    checkRequired(this, 'props', props, 'the setup\'s props, at least { namespace }');
    checkKnownKeys(this, 'props', props, BACKEND_MTLS_PROPS_KEYS);
    checkKnownKeys(this, 'envoyProxyPods', props.envoyProxyPods, ENVOY_PROXY_PODS_KEYS);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.clientCertificateMode = checkOneOf(this, 'clientCertificateMode', props.clientCertificateMode ?? ClientCertificateMode.ENVOY_PROXY,
      ClientCertificateMode);
    this.caDistribution = checkOneOf(this, 'caDistribution', props.caDistribution ?? CaDistribution.SECRET, CaDistribution);
    this.refuseBundlePropsOutsideBundleMode(props);
    this.refuseClientCertificatePropsThatDoNotApply(props);
    const listenerPort = checkPort(this, 'listenerPort', props.listenerPort ?? 80);
    const hostname = props.hostname === undefined ? undefined : checkHostname(this, 'hostname', props.hostname, { wildcard: true });
    this.createNamespaces = props.createNamespace ?? true;
    this.addNamespace(this.namespace);

    this.ca = props.issuer ? undefined : new SelfSignedCa(this, 'Ca', { namespace: this.namespace, namePrefix: props.caNamePrefix });
    this.issuer = props.issuer ?? this.ca!;
    this.clientCa = this.createClientCa(props);
    this.clientCertificate = this.clientCertificateOf(props);
    this.envoyProxy = this.createEnvoyProxy(props);
    this.gatewayClass = new GatewayClass(this, 'GatewayClass', { name: props.gatewayClassName, envoyProxy: this.envoyProxy });
    this.gateway = new Gateway(this, 'Gateway', {
      name: props.gatewayName,
      namespace: this.namespace,
      gatewayClass: this.gatewayClass,
      clientCertificate: this.clientCertificateMode === ClientCertificateMode.GATEWAY ? this.clientCertificate : undefined,
    });
    this.listener = this.gateway.addListener({ name: 'http', port: listenerPort, hostname });
    this.trustBundle = this.createTrustBundle(props);
    this.envoyProxyPods = this.envoyProxyPodsOf(props);
  }

  /** Every backend, in the order they were added. */
  public get backends(): readonly RoutedBackend[] {
    return [...this._backends];
  }

  /** The namespaces the setup renders, in the order they were added. */
  public get namespaces(): readonly RestrictedNamespace[] {
    return [...this._namespaces.values()];
  }

  /**
   * Routes to and secures a TLS backend: an {@link MtlsFront} before your own Deployment or an {@link HttpbinTls},
   * which then admit Envoy's client identity only, or an existing Service (see
   * {@link ExistingBackendService.fromServiceAttributes}). Its namespace must exist (see {@link BackendMtls.addNamespace}).
   * Returns the backend with its route, TLS verification, NetworkPolicy and, above one replica, PodDisruptionBudget.
   */
  public addBackend(id: string, backend: IBackendService, options: AddBackendOptions = {}): RoutedBackend {
    checkKnownKeys(this, `addBackend(${JSON.stringify(id)}) options`, options, ADD_BACKEND_OPTIONS_KEYS);
    checkRequired(this, `addBackend(${JSON.stringify(id)}) backend`, backend,
      'the backend\'s Service: an MtlsFront, an HttpbinTls or any IBackendService');
    const routed = new RoutedBackend(this, id, {
      ...options,
      service: backend,
      listener: this.listener,
      issuer: this.issuer,
      clientCertificateMode: this.clientCertificateMode,
      trustBundle: this.trustBundle,
      envoyProxyPods: this.envoyProxyPods,
      clientCertificate: this.clientCertificate,
      clientIssuer: this.clientCa,
    });
    this._backends.push(routed);
    return routed;
  }

  /**
   * Renders a Pod Security `restricted` Namespace for backends (once per name; none with `createNamespace: false`)
   * and returns it.
   */
  public addNamespace(name: string): RestrictedNamespace | undefined {
    checkDnsLabel(this, 'addNamespace() name', name);
    if (!this.createNamespaces) return undefined;
    const existing = this._namespaces.get(name);
    if (existing) return existing;
    const namespace = new RestrictedNamespace(this, name === this.namespace ? 'Namespace' : `Namespace-${name}`, { name });
    this._namespaces.set(name, namespace);
    return namespace;
  }

  private refuseBundlePropsOutsideBundleMode(props: BackendMtlsProps): void {
    if (this.caDistribution === CaDistribution.TRUST_MANAGER_BUNDLE) return;
    const bundleOnly = 'applies only with caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE';
    if (props.bundleSource) fail(this, 'bundleSource', props.bundleSource.name, bundleOnly);
    if (props.trustNamespace) fail(this, 'trustNamespace', props.trustNamespace, bundleOnly);
    if (props.trustBundleName) fail(this, 'trustBundleName', props.trustBundleName, bundleOnly);
  }

  private refuseClientCertificatePropsThatDoNotApply(props: BackendMtlsProps): void {
    const { clientCertificate, clientCertificateName, clientCommonName } = props;
    if (this.clientCertificateMode === ClientCertificateMode.PER_BACKEND && (clientCertificate || clientCertificateName || clientCommonName)) {
      const prop = clientCertificate ? 'clientCertificate' : clientCertificateName ? 'clientCertificateName' : 'clientCommonName';
      fail(this, prop, clientCertificate?.secretName ?? clientCertificateName ?? clientCommonName, 'applies only to the setup-wide client '
        + 'certificate; ClientCertificateMode.PER_BACKEND issues one per backend (see clientCommonName of addBackend)');
    }
    if (!clientCertificate) return;
    if (clientCertificateName || clientCommonName) {
      fail(this, clientCertificateName ? 'clientCertificateName' : 'clientCommonName', clientCertificateName ?? clientCommonName,
        'applies only to a client certificate the setup issues, not to the given clientCertificate');
    }
    if (clientCertificate.namespace !== this.namespace) {
      fail(this, 'clientCertificate', `${clientCertificate.namespace}/${clientCertificate.secretName}`, `must be in the setup's namespace `
        + `"${this.namespace}": Envoy Gateway reads the EnvoyProxy's client Secret only from its own namespace`);
    }
  }

  private createClientCa(props: BackendMtlsProps): SelfSignedCa | undefined {
    if (!props.separateClientCa) return undefined;
    if (props.issuer) {
      fail(this, 'separateClientCa', true, 'needs the setup\'s own CA: leave issuer out, or issue Envoy\'s client certificates from your '
        + 'own second CA');
    }
    const namePrefix = props.caNamePrefix === undefined ? undefined : `${props.caNamePrefix}-client`;
    return new SelfSignedCa(this, 'ClientCa', { namespace: this.namespace, namePrefix });
  }

  /** The given client certificate, or one the setup issues; none in per-backend mode, where each backend has its own. */
  private clientCertificateOf(props: BackendMtlsProps): ICertificate | undefined {
    if (props.clientCertificate) return props.clientCertificate;
    if (this.clientCertificateMode === ClientCertificateMode.PER_BACKEND) return undefined;
    const clientCertificateName = props.clientCertificateName ?? Names.toDnsLabel(this, { extra: ['client'], includeHash: false });
    return new Certificate(this, 'ClientCertificate', {
      issuer: this.clientCa ?? this.issuer,
      name: clientCertificateName,
      namespace: this.namespace,
      secretName: clientCertificateName,
      commonName: props.clientCommonName ?? 'envoygateway-client',
      usages: ['client auth', 'digital signature'],
    });
  }

  private createEnvoyProxy(props: BackendMtlsProps): EnvoyProxy {
    return new EnvoyProxy(this, 'EnvoyProxy', {
      name: props.envoyProxyName,
      namespace: this.namespace,
      clientCertificate: this.clientCertificateMode === ClientCertificateMode.ENVOY_PROXY ? this.clientCertificate : undefined,
      serviceType: props.envoyServiceType === undefined ? undefined : checkOneOf(this, 'envoyServiceType', props.envoyServiceType, EnvoyServiceType),
    });
  }

  private createTrustBundle(props: BackendMtlsProps): TrustBundle | undefined {
    if (this.caDistribution !== CaDistribution.TRUST_MANAGER_BUNDLE) return undefined;
    const source = props.bundleSource ?? (this.ca ? CaTrust.fromCertificateSecret(this.ca.caCertificate) : undefined);
    if (!source) {
      fail(this, 'bundleSource', undefined, 'must be set with an existing issuer: name the Secret in trust-manager\'s trust namespace that '
        + 'holds its CA (CaTrust.fromSecretAttributes)');
    }
    const { trustBundleName: name, trustNamespace } = props;
    return new TrustBundle(this, 'TrustBundle', { name, source, authority: this.issuer, trustNamespace });
  }

  /** The proxy pods each backend's NetworkPolicy admits; undefined when NetworkPolicies are off. */
  private envoyProxyPodsOf(props: BackendMtlsProps): Required<EnvoyProxyPods> | undefined {
    if (!(props.networkPolicies ?? true)) {
      if (props.envoyProxyPods) fail(this, 'envoyProxyPods', props.envoyProxyPods, 'applies only with networkPolicies enabled');
      return undefined;
    }
    const pods = props.envoyProxyPods ?? {};
    if (pods.namespace !== undefined) checkDnsLabel(this, 'envoyProxyPods.namespace', pods.namespace);
    if (pods.labels !== undefined) {
      checkLabels(this, 'envoyProxyPods.labels', pods.labels);
    } else {
      checkLabelValue(this, 'gatewayName', this.gateway.name, ': the default envoyProxyPods.labels select Envoy\'s pods by the label '
        + 'gateway.envoyproxy.io/owning-gateway-name, which holds the Gateway\'s name (Envoy Gateway labels the proxy pods it deploys with it '
        + 'too); shorten gatewayName to 63 characters, or set envoyProxyPods.labels (or networkPolicies: false)');
    }
    return {
      namespace: pods.namespace ?? 'envoy-gateway-system',
      labels: pods.labels ?? envoyProxyPodLabels(this.gateway.name, this.gateway.namespace),
    };
  }
}
