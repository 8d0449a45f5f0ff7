import { Construct } from 'constructs';
import { hostnamesIntersect } from '../core/hostnames';
import { checkDerivedNames, checkDnsLabel, checkHostname, checkOneOf, fail } from '../core/validate-props';
import { BackendTlsPolicy } from '../gateway/backend-tls-policy';
import { ClientCertificateMode } from '../gateway/client-certificate-mode';
import { EnvoyBackend } from '../gateway/envoy-backend';
import { Listener } from '../gateway/gateway';
import { HttpRoute } from '../gateway/http-route';
import { ReferenceGrant } from '../gateway/reference-grant';
import { CaTrust } from '../pki/ca-trust';
import { Certificate, ICertificate } from '../pki/certificate';
import { ICertificateIssuer } from '../pki/issuer';
import { TrustBundle } from '../pki/trust-bundle';
import { BackendDisruptionBudget } from '../workloads/backend-disruption-budget';
import { BackendNetworkPolicy, EnvoyProxyPods } from '../workloads/backend-network-policy';
import { IBackendService } from '../workloads/backend-service';

/** How clients reach one backend through the Gateway, and how Envoy trusts it. */
export interface AddBackendOptions {
  /** The hostname clients send for this backend; the listener must serve it. @default - the listener's hostname */
  readonly hostname?: string;
  /** The path prefix routed to this backend. @default '/' */
  readonly pathPrefix?: string;
  /** The HTTPRoute's name; it lives in the Gateway's namespace. @default '<service name>-route' */
  readonly routeName?: string;
  /**
   * The HTTPRoute's namespace, e.g. an app team's own beside a platform team's Gateway; another than the Gateway's
   * needs a listener with `allowedRoutes: 'All'`.
   * @default - the Gateway's namespace
   * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
   */
  readonly routeNamespace?: string;
  /** The BackendTLSPolicy's name (not rendered in per-backend client-certificate mode). @default '<service name>-policy' */
  readonly policyName?: string;
  /** The common name of this backend's own client certificate, in per-backend mode. @default 'envoygateway-client-<service name>' */
  readonly clientCommonName?: string;
  /**
   * Where Envoy reads the CA that signed the backend's server certificate.
   * @default - the trust bundle's ConfigMap when there is one, else the `ca.crt` of the server certificate's Secret
   */
  readonly trust?: CaTrust;
}

/** Props for {@link RoutedBackend}. */
export interface RoutedBackendProps extends AddBackendOptions {
  /** The Gateway listener the backend's route attaches to; the route lives in the Gateway's namespace. */
  readonly listener: Listener;
  /** The setup's issuer; in per-backend mode and without clientIssuer it signs the backend's own client certificate. */
  readonly issuer: ICertificateIssuer;
  /**
   * An issuer only for Envoy's client certificates: it signs the per-backend client certificate, and the workload accepts clients of its CA only.
   * @default - `issuer`
   */
  readonly clientIssuer?: ICertificateIssuer;
  /** The TLS Service traffic goes to: an {@link MtlsFront} (or a workload holding one, such as {@link HttpbinTls}) or an existing Service. */
  readonly service: IBackendService;
  /** Where Envoy's client certificate is set. @default ClientCertificateMode.ENVOY_PROXY - the chart-wide EnvoyProxy's */
  readonly clientCertificateMode?: ClientCertificateMode;
  /** A trust-manager Bundle whose ConfigMap carries the CA; the backend's namespace is added to its targets. @default - no Bundle */
  readonly trustBundle?: TrustBundle;
  /** Envoy's proxy pods, the only peers the backend's NetworkPolicy admits. @default - no NetworkPolicy */
  readonly envoyProxyPods?: Required<EnvoyProxyPods>;
  /**
   * The chart-wide client certificate Envoy presents (EnvoyProxy or Gateway mode); the workload admits its identity only.
   * @default - none; in per-backend mode the backend's own client certificate is the one admitted
   */
  readonly clientCertificate?: ICertificate;
}

/**
 * One mTLS backend behind the Gateway: its HTTPRoute in the Gateway's
 * namespace, how Envoy verifies it (BackendTLSPolicy, or an Envoy Gateway Backend carrying the backend's own client
 * certificate), the ReferenceGrant a cross-namespace route needs, a NetworkPolicy admitting only Envoy, and a
 * PodDisruptionBudget when it runs more than one pod.
 */
export class RoutedBackend extends Construct {
  /** The Service traffic goes to. */
  public readonly service: IBackendService;
  /** The backend's namespace, where its route, policy and trust live. */
  public readonly namespace: string;
  /** Which client certificate Envoy presents to this backend. */
  public readonly clientCertificateMode: ClientCertificateMode;
  /** Where Envoy reads the CA that verifies the backend. */
  public readonly trust: CaTrust;
  /** The HTTPRoute that sends traffic to the backend. */
  public readonly route: HttpRoute;
  /** The BackendTLSPolicy; undefined in per-backend mode, where the Envoy Gateway Backend carries the TLS settings. */
  public readonly policy?: BackendTlsPolicy;
  /** The Envoy Gateway Backend the route points at, in per-backend mode. */
  public readonly envoyBackend?: EnvoyBackend;
  /** The backend's own client certificate, in per-backend mode. */
  public readonly clientCertificate?: Certificate;
  /** The grant that lets the route reach across namespaces, when the backend is not in the Gateway's namespace. */
  public readonly referenceGrant?: ReferenceGrant;
  /** The NetworkPolicy, when proxy pods are given and the backend's pod labels are known. */
  public readonly networkPolicy?: BackendNetworkPolicy;
  /** The PodDisruptionBudget, when more than one pod serves the backend. */
  public readonly disruptionBudget?: BackendDisruptionBudget;

  constructor(scope: Construct, id: string, props: RoutedBackendProps) {
    super(scope, id);
    const service = props.service;
    this.service = service;
    this.namespace = service.namespace;
    this.clientCertificateMode = checkOneOf(this, 'clientCertificateMode', props.clientCertificateMode ?? ClientCertificateMode.ENVOY_PROXY, ClientCertificateMode);
    this.trust = this.resolveTrust(props);
    const gateway = props.listener.gateway;
    const routeNamespace = props.routeNamespace === undefined ? gateway.namespace : checkDnsLabel(this, 'routeNamespace', props.routeNamespace);
    if (routeNamespace !== gateway.namespace && props.listener.allowedRoutes === 'Same') {
      fail(this, 'routeNamespace', routeNamespace, `is not the namespace of Gateway ${gateway.namespace}/${gateway.name}, whose listener "${props.listener.name}" admits only routes from its own namespace: leave routeNamespace out, or give the listener allowedRoutes: 'All'`);
    }
    const perBackend = this.clientCertificateMode === ClientCertificateMode.PER_BACKEND;
    checkDerivedNames(this, 'service name', service.serviceName, [
      ...(props.routeName === undefined ? [{ name: `${service.serviceName}-route`, max: 63 }] : []),
      ...(props.policyName === undefined && !perBackend ? [{ name: `${service.serviceName}-policy`, max: 63 }] : []),
      ...(perBackend ? [{ name: `${service.serviceName}-client-cert`, max: 63 }] : []),
      ...(perBackend && props.clientCommonName === undefined ? [{ name: `envoygateway-client-${service.serviceName}`, max: 64 }] : []),
      ...(props.envoyProxyPods && service.podLabels ? [{ name: `${service.serviceName}-from-envoy`, max: 63 }] : []),
      ...(this.namespace !== routeNamespace ? [{ name: `${service.serviceName}-from-${routeNamespace}-routes`, max: 63 }] : []),
    ]);

    const listener = props.listener;
    const hostname = props.hostname === undefined ? undefined : checkHostname(this, 'hostname', props.hostname);
    if (hostname !== undefined && !hostnamesIntersect(listener.hostname, hostname)) {
      fail(this, 'hostname', hostname, `is not served by listener "${listener.name}" (hostname "${listener.hostname}"), so the route would never attach; give the chart a wildcard hostname such as "*.${hostname.split('.').slice(1).join('.')}"`);
    }

    if (this.clientCertificateMode === ClientCertificateMode.PER_BACKEND) {
      this.clientCertificate = new Certificate(this, 'ClientCertificate', {
        issuer: props.clientIssuer ?? props.issuer,
        name: `${service.serviceName}-client-cert`,
        namespace: this.namespace,
        commonName: props.clientCommonName ?? `envoygateway-client-${service.serviceName}`,
        usages: ['client auth', 'digital signature'],
      });
      this.envoyBackend = new EnvoyBackend(this, 'EnvoyBackend', { service, clientCertificate: this.clientCertificate, trust: this.trust });
    } else if (props.clientCommonName !== undefined) {
      fail(this, 'clientCommonName', props.clientCommonName, `applies only with ClientCertificateMode.PER_BACKEND; in ${this.clientCertificateMode} mode one client certificate serves every backend`);
    }
    const admitted = this.clientCertificate ?? props.clientCertificate;
    // A front the library renders (MtlsFront, HttpbinTls) pins Envoy's identity; an existing Service has no allowClient.
    if (admitted) service.allowClient?.(admitted);

    this.route = new HttpRoute(this, 'Route', {
      name: props.routeName ?? `${service.serviceName}-route`,
      namespace: routeNamespace,
      parent: listener,
      hostnames: hostname === undefined ? undefined : [hostname],
      rules: [{ pathPrefix: props.pathPrefix, backend: service, envoyBackend: this.envoyBackend }],
    });
    if (!this.envoyBackend) {
      this.policy = new BackendTlsPolicy(this, 'Policy', { name: props.policyName ?? `${service.serviceName}-policy`, backend: service, trust: this.trust });
    } else if (props.policyName !== undefined) {
      fail(this, 'policyName', props.policyName, 'applies only when a BackendTLSPolicy is rendered; in per-backend mode the Envoy Gateway Backend carries the TLS settings');
    }

    if (this.namespace !== routeNamespace) {
      const target = HttpRoute.backendRefOf(this.route.rules[0]);
      this.referenceGrant = new ReferenceGrant(this, 'ReferenceGrant', {
        name: `${service.serviceName}-from-${routeNamespace}-routes`,
        namespace: this.namespace,
        from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: this.route.namespace }],
        to: [{ group: target.group, kind: target.kind, name: target.name }],
      });
    }
    if (props.envoyProxyPods && service.podLabels) {
      this.networkPolicy = new BackendNetworkPolicy(this, 'NetworkPolicy', { backend: service, envoyProxyPods: props.envoyProxyPods });
    }
    if ((service.replicas ?? 0) > 1 && service.podLabels) {
      this.disruptionBudget = new BackendDisruptionBudget(this, 'DisruptionBudget', { backend: service });
    }
  }

  private resolveTrust(props: RoutedBackendProps): CaTrust {
    if (props.trust) return props.trust;
    if (props.trustBundle) {
      props.trustBundle.addTargetNamespace(this.namespace);
      return CaTrust.fromBundle(props.trustBundle);
    }
    if (this.service.serverCertificate) return CaTrust.fromCertificateSecret(this.service.serverCertificate);
    return fail(this, 'trust', undefined, `must be set for existing Service ${this.namespace}/${this.service.serviceName}: the chart issues no certificate for it, so name the CA with CaTrust.fromSecretAttributes/fromConfigMapAttributes or use CaDistribution.TRUST_MANAGER_BUNDLE`);
  }
}
