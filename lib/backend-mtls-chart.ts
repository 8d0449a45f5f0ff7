import { Chart, ChartProps } from 'cdk8s';
import { Construct } from 'constructs';
import { MtlsWiringValidation } from './checks/mtls-wiring';
import { checkDnsLabel } from './checks/rules';
import { RestrictedNamespace } from './core/restricted-namespace';
import { BackendTlsPolicy } from './gateway/backend-tls-policy';
import { EnvoyProxy } from './gateway/envoy-proxy';
import { Gateway } from './gateway/gateway';
import { GatewayClass } from './gateway/gateway-class';
import { HttpRoute } from './gateway/http-route';
import { CaTrust } from './pki/ca-trust';
import { Certificate } from './pki/certificate';
import { ICertificateIssuer } from './pki/issuer';
import { SelfSignedCa } from './pki/self-signed-ca';
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
  /** Name of Envoy's client Certificate and its Secret. @default 'envoygateway-client-cert' */
  readonly clientCertificateName?: string;
  /** Common name of Envoy's client certificate, which the backend sees as the caller. @default 'envoygateway-client' */
  readonly clientCommonName?: string;
  /** The EnvoyProxy's name. @default 'custom-proxy-mtls' */
  readonly envoyProxyName?: string;
  /** The GatewayClass's name. @default 'backend-mtls-gw' */
  readonly gatewayClassName?: string;
  /** The Gateway's name. @default 'backend-mtls-gateway' */
  readonly gatewayName?: string;
  /** The HTTPRoute's name. @default 'backend-mtls-route' */
  readonly routeName?: string;
  /** The BackendTLSPolicy's name. @default 'backend-mtls-policy' */
  readonly policyName?: string;
  /** The backend workload's settings (name, ports, images, replicas, resources). @default - httpbin-tls on 8443 */
  readonly backend?: Omit<HttpbinTlsProps, 'namespace' | 'issuer'>;
}

/**
 * The complete backend-mTLS setup: clients speak plain HTTP to an Envoy Gateway listener; Envoy opens mTLS
 * to the httpbin-tls backend, verifying its server certificate and presenting its own client certificate,
 * and the backend refuses any caller without a client certificate from the same CA.
 */
export class BackendMtlsChart extends Chart {
  /** The namespace of the chart's namespaced objects (not Chart.namespace, which cdk8s would stamp on cluster-scoped ones too). */
  public readonly namespaceName: string;
  public readonly issuer: ICertificateIssuer;
  /** The CA chain, when the chart creates one. */
  public readonly ca?: SelfSignedCa;
  public readonly clientCertificate: Certificate;
  public readonly envoyProxy: EnvoyProxy;
  public readonly gatewayClass: GatewayClass;
  public readonly gateway: Gateway;
  public readonly backend: HttpbinTls;
  public readonly route: HttpRoute;
  public readonly policy: BackendTlsPolicy;

  constructor(scope: Construct, id: string, props: BackendMtlsChartProps = {}) {
    // The chart-wide namespace is not passed on: cluster-scoped objects (Namespace, GatewayClass) must not get one.
    super(scope, id, { labels: props.labels, disableResourceNameHashes: true });
    this.namespaceName = checkDnsLabel(this, 'namespace', props.namespace ?? 'httpbin-tls');
    if (props.createNamespace ?? true) new RestrictedNamespace(this, 'Namespace', { name: this.namespaceName });

    if (props.issuer) {
      this.issuer = props.issuer;
    } else {
      this.ca = new SelfSignedCa(this, 'Ca', { namespace: this.namespaceName });
      this.issuer = this.ca;
    }

    const clientCertificateName = props.clientCertificateName ?? 'envoygateway-client-cert';
    this.clientCertificate = new Certificate(this, 'ClientCertificate', {
      issuer: this.issuer,
      name: clientCertificateName,
      namespace: this.namespaceName,
      secretName: clientCertificateName,
      commonName: props.clientCommonName ?? 'envoygateway-client',
      usages: ['client auth', 'digital signature'],
    });
    this.envoyProxy = new EnvoyProxy(this, 'EnvoyProxy', {
      name: props.envoyProxyName,
      namespace: this.namespaceName,
      clientCertificate: this.clientCertificate,
    });
    this.gatewayClass = new GatewayClass(this, 'GatewayClass', { name: props.gatewayClassName, envoyProxy: this.envoyProxy });
    this.gateway = new Gateway(this, 'Gateway', { name: props.gatewayName, namespace: this.namespaceName, gatewayClass: this.gatewayClass });
    const listener = this.gateway.addListener({ name: 'http', port: props.listenerPort ?? 18080, hostname: props.hostname ?? 'mtls-backend.demo.int' });

    this.backend = new HttpbinTls(this, 'Backend', { ...props.backend, namespace: this.namespaceName, issuer: this.issuer });
    this.route = new HttpRoute(this, 'Route', { name: props.routeName, parent: listener, rules: [{ pathPrefix: '/', backend: this.backend }] });
    this.policy = new BackendTlsPolicy(this, 'Policy', {
      name: props.policyName,
      backend: this.backend,
      trust: CaTrust.fromCertificateSecret(this.backend.serverCertificate),
    });
    this.node.addValidation(new MtlsWiringValidation(this));
  }
}
