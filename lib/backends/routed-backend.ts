import { Construct } from 'constructs';
import { presentedClientCertificate } from '../core/client-identity';
import { hostnamesIntersect } from '../core/hostnames';
import { checkDerivedNames, checkDnsLabel, checkHostname, checkKnownKeys, checkOneOf, checkRequired, fail } from '../core/validate-props';
import { BackendTlsPolicy } from '../gateway/backend-tls-policy';
import { BackendTrafficPolicy, envoyIdleTimeoutBelow } from '../gateway/backend-traffic-policy';
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
  /**
   * The BackendTrafficPolicy's name, rendered for a backend that states its keep-alive timeout (an MtlsFront).
   * @default '<service name>-traffic'
   */
  readonly trafficPolicyName?: string;
  /** The common name of this backend's own client certificate, in per-backend mode. @default 'envoygateway-client-<service name>' */
  readonly clientCommonName?: string;
  /**
   * Where Envoy reads the CA that signed the backend's server certificate.
   * @default - the trust bundle's ConfigMap when there is one, else the `ca.crt` of the server certificate's Secret
   */
  readonly trust?: CaTrust;
}

/** The fields of {@link AddBackendOptions}, which addBackend admits; TypeScript keeps the list complete. */
export const ADD_BACKEND_OPTIONS_KEYS = {
  hostname: true, pathPrefix: true, routeName: true, routeNamespace: true, policyName: true, trafficPolicyName: true, clientCommonName: true,
  trust: true,
} satisfies Record<keyof AddBackendOptions, true>;

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

const ROUTED_BACKEND_PROPS_KEYS = {
  ...ADD_BACKEND_OPTIONS_KEYS, listener: true, issuer: true, clientIssuer: true, service: true, clientCertificateMode: true, trustBundle: true,
  envoyProxyPods: true, clientCertificate: true,
} satisfies Record<keyof RoutedBackendProps, true>;

/**
 * One mTLS backend behind the Gateway: its HTTPRoute in the Gateway's
 * namespace, how Envoy verifies it (BackendTLSPolicy, or an Envoy Gateway Backend carrying the backend's own client
 * certificate), the ReferenceGrant a cross-namespace route needs, a NetworkPolicy admitting only Envoy, and a
 * PodDisruptionBudget when it runs more than one pod.
 */
export class RoutedBackend extends Construct {
  /** The Service traffic goes to. */
  public readonly service: IBackendService;
  /**
   * The backend's namespace, where its BackendTLSPolicy, NetworkPolicy and trust live; its HTTPRoute is in the
   * Gateway's namespace unless `routeNamespace` is given.
   */
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
  /**
   * Envoy's idle timeout for the route's upstream connections, below the backend's keep-alive timeout; rendered
   * when the backend states that timeout (an MtlsFront does).
   */
  public readonly trafficPolicy?: BackendTrafficPolicy;
  /** The NetworkPolicy, when proxy pods are given and the backend's pod labels are known. */
  public readonly networkPolicy?: BackendNetworkPolicy;
  /** The PodDisruptionBudget, when more than one pod serves the backend. */
  public readonly disruptionBudget?: BackendDisruptionBudget;

  constructor(scope: Construct, id: string, props: RoutedBackendProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, ROUTED_BACKEND_PROPS_KEYS);
    const service = checkRequired(this, 'service', props.service, 'the backend\'s Service: an MtlsFront, an HttpbinTls or any IBackendService');
    this.service = service;
    this.namespace = service.namespace;
    this.clientCertificateMode = checkOneOf(this, 'clientCertificateMode', props.clientCertificateMode ?? ClientCertificateMode.ENVOY_PROXY,
      ClientCertificateMode);
    this.trust = this.resolveTrust(props);
    const routeNamespace = this.routeNamespaceOf(props);
    this.checkDerivedNames(props, routeNamespace);
    const hostname = this.hostnameOf(props);

    this.clientCertificate = this.createClientCertificate(props);
    this.envoyBackend = this.clientCertificate
      && new EnvoyBackend(this, 'EnvoyBackend', { service, clientCertificate: this.clientCertificate, trust: this.trust });
    const admitted = presentedClientCertificate({ backend: this.clientCertificate, gateway: props.clientCertificate });
    // A front the library renders (MtlsFront, HttpbinTls) pins Envoy's identity; an existing Service has no allowClient.
    if (admitted) service.allowClient?.(admitted);

    this.route = new HttpRoute(this, 'Route', {
      name: props.routeName ?? `${service.serviceName}-route`,
      namespace: routeNamespace,
      parent: props.listener,
      hostnames: hostname === undefined ? undefined : [hostname],
      rules: [{ pathPrefix: props.pathPrefix, backend: service, envoyBackend: this.envoyBackend }],
    });
    this.policy = this.createPolicy(props);
    this.trafficPolicy = this.createTrafficPolicy(props);
    this.referenceGrant = this.createReferenceGrant();
    if (props.envoyProxyPods && service.podLabels) {
      this.networkPolicy = new BackendNetworkPolicy(this, 'NetworkPolicy', { backend: service, envoyProxyPods: props.envoyProxyPods });
    }
    if ((service.replicas ?? 0) > 1 && service.podLabels) {
      this.disruptionBudget = new BackendDisruptionBudget(this, 'DisruptionBudget', { backend: service });
    }
  }

  /** The route's namespace: the Gateway's unless given, and then one the listener admits. */
  private routeNamespaceOf(props: RoutedBackendProps): string {
    const { gateway, allowedRoutes, name } = props.listener;
    if (props.routeNamespace === undefined) return gateway.namespace;
    const routeNamespace = checkDnsLabel(this, 'routeNamespace', props.routeNamespace);
    if (routeNamespace !== gateway.namespace && allowedRoutes === 'Same') {
      fail(this, 'routeNamespace', routeNamespace, `is not the namespace of Gateway ${gateway.namespace}/${gateway.name}, whose listener `
        + `"${name}" admits only routes from its own namespace: leave routeNamespace out, or give the listener allowedRoutes: 'All'`);
    }
    return routeNamespace;
  }

  /** The service name, short enough for every name the backend derives from it. */
  private checkDerivedNames(props: RoutedBackendProps, routeNamespace: string): void {
    const name = this.service.serviceName;
    const perBackend = this.clientCertificateMode === ClientCertificateMode.PER_BACKEND;
    checkDerivedNames(this, 'service name', name, [
      ...(props.routeName === undefined ? [{ name: `${name}-route`, max: 63 }] : []),
      ...(props.policyName === undefined && !perBackend ? [{ name: `${name}-policy`, max: 63 }] : []),
      ...(props.trafficPolicyName === undefined && this.service.keepAliveTimeoutSeconds !== undefined ? [{ name: `${name}-traffic`, max: 63 }] : []),
      ...(perBackend ? [{ name: `${name}-client-cert`, max: 63 }] : []),
      ...(perBackend && props.clientCommonName === undefined ? [{ name: `envoygateway-client-${name}`, max: 64 }] : []),
      ...(props.envoyProxyPods && this.service.podLabels ? [{ name: `${name}-from-envoy`, max: 63 }] : []),
      ...(this.namespace !== routeNamespace ? [{ name: `${name}-from-${routeNamespace}-routes`, max: 63 }] : []),
    ]);
  }

  /** The hostname the route matches, when given: one the listener serves. */
  private hostnameOf(props: RoutedBackendProps): string | undefined {
    if (props.hostname === undefined) return undefined;
    const hostname = checkHostname(this, 'hostname', props.hostname);
    const listener = props.listener;
    if (!hostnamesIntersect(listener.hostname, hostname)) {
      fail(this, 'hostname', hostname, `is not served by listener "${listener.name}" (hostname "${listener.hostname}"), so the route would never `
        + `attach; give the chart a wildcard hostname such as "*.${hostname.split('.').slice(1).join('.')}"`);
    }
    return hostname;
  }

  /** The backend's own client certificate, in per-backend mode. */
  private createClientCertificate(props: RoutedBackendProps): Certificate | undefined {
    if (this.clientCertificateMode !== ClientCertificateMode.PER_BACKEND) {
      if (props.clientCommonName !== undefined) {
        fail(this, 'clientCommonName', props.clientCommonName, `applies only with ClientCertificateMode.PER_BACKEND; in `
          + `${this.clientCertificateMode} mode one client certificate serves every backend`);
      }
      return undefined;
    }
    const name = this.service.serviceName;
    return new Certificate(this, 'ClientCertificate', {
      issuer: props.clientIssuer ?? props.issuer,
      name: `${name}-client-cert`,
      namespace: this.namespace,
      commonName: props.clientCommonName ?? `envoygateway-client-${name}`,
      usages: ['client auth', 'digital signature'],
    });
  }

  /** The BackendTLSPolicy, unless the Envoy Gateway Backend carries the TLS settings (per-backend mode). */
  private createPolicy(props: RoutedBackendProps): BackendTlsPolicy | undefined {
    if (this.envoyBackend) {
      if (props.policyName !== undefined) {
        fail(this, 'policyName', props.policyName, 'applies only when a BackendTLSPolicy is rendered; in per-backend mode the Envoy Gateway '
          + 'Backend carries the TLS settings');
      }
      return undefined;
    }
    const name = props.policyName ?? `${this.service.serviceName}-policy`;
    return new BackendTlsPolicy(this, 'Policy', { name, backend: this.service, trust: this.trust });
  }

  /** The grant that lets a route in another namespace reach the backend. */
  /**
   * Envoy closes an idle upstream connection before the backend's keep-alive timer can: a request Envoy sends on a
   * connection the backend is closing at that instant would be lost, and Envoy's own default is one hour.
   */
  private createTrafficPolicy(props: RoutedBackendProps): BackendTrafficPolicy | undefined {
    const keepAlive = this.service.keepAliveTimeoutSeconds;
    if (keepAlive === undefined) {
      if (props.trafficPolicyName !== undefined) {
        fail(this, 'trafficPolicyName', props.trafficPolicyName, `applies only to a backend that states its keep-alive timeout `
          + `(an MtlsFront); Service ${this.namespace}/${this.service.serviceName} states none, so no BackendTrafficPolicy is rendered`);
      }
      return undefined;
    }
    return new BackendTrafficPolicy(this, 'TrafficPolicy', {
      name: props.trafficPolicyName ?? `${this.service.serviceName}-traffic`,
      route: this.route,
      connectionIdleTimeoutSeconds: envoyIdleTimeoutBelow(keepAlive),
    });
  }

  private createReferenceGrant(): ReferenceGrant | undefined {
    if (this.namespace === this.route.namespace) return undefined;
    const target = HttpRoute.backendRefOf(this.route.rules[0]);
    return new ReferenceGrant(this, 'ReferenceGrant', {
      name: `${this.service.serviceName}-from-${this.route.namespace}-routes`,
      namespace: this.namespace,
      from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: this.route.namespace }],
      to: [{ group: target.group, kind: target.kind, name: target.name }],
    });
  }

  private resolveTrust(props: RoutedBackendProps): CaTrust {
    if (props.trust) return props.trust;
    if (props.trustBundle) {
      props.trustBundle.addTargetNamespace(this.namespace);
      return CaTrust.fromBundle(props.trustBundle);
    }
    if (this.service.serverCertificate) return CaTrust.fromCertificateSecret(this.service.serverCertificate);
    return fail(this, 'trust', undefined, `must be set for existing Service ${this.namespace}/${this.service.serviceName}: the chart issues no `
      + `certificate for it, so name the CA with CaTrust.fromSecretAttributes/fromConfigMapAttributes or use CaDistribution.TRUST_MANAGER_BUNDLE`);
  }
}
