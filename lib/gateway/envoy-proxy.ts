import { Construct } from 'constructs';
import * as eg from '../../imports/gateway.envoyproxy.io';
import { checkDnsLabel, checkDnsSubdomain, checkOneOf } from '../checks/rules';
import { Certificate } from '../pki/certificate';

/**
 * How Envoy Gateway exposes a Gateway's Envoy pods: the type of the Service it creates for them.
 * @see https://gateway.envoyproxy.io/v1.9/api/extension_types/#servicetype
 */
export enum EnvoyServiceType {
  /** Reachable inside the cluster and by `kubectl port-forward`; needs nothing from the cluster. */
  CLUSTER_IP = 'ClusterIP',
  /** Exposed by the cluster's load balancer (cloud, MetalLB, cloud-provider-kind); Envoy Gateway's own default. */
  LOAD_BALANCER = 'LoadBalancer',
  /** Exposed on a port of every node. */
  NODE_PORT = 'NodePort',
}

/** Props for {@link EnvoyProxy}. */
export interface EnvoyProxyProps {
  /** The EnvoyProxy's name. @default 'custom-proxy-mtls' */
  readonly name?: string;
  /** The EnvoyProxy's namespace; the client certificate's Secret must be here too. */
  readonly namespace: string;
  /**
   * The client certificate Envoy presents to every TLS backend (`spec.backendTLS.clientCertificateRef`).
   * @default - Envoy presents no client certificate
   */
  readonly clientCertificate?: Certificate;
  /**
   * The type of the Service Envoy Gateway creates for the Envoy pods (`spec.provider.kubernetes.envoyService.type`).
   * A LoadBalancer Gateway is `Programmed` only once a load balancer assigns the Service an address.
   * @default EnvoyServiceType.CLUSTER_IP - Programmed on any cluster; clients come in by port-forward or from inside
   * @see https://gateway.envoyproxy.io/v1.9/api/extension_types/#kubernetesservicespec
   */
  readonly serviceType?: EnvoyServiceType;
}

/** Envoy Gateway's EnvoyProxy: the data-plane settings a GatewayClass or Gateway points at. */
export class EnvoyProxy extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The client certificate Envoy presents to backends, if any. */
  public readonly clientCertificate?: Certificate;
  /** The type of the Envoy Service. */
  public readonly serviceType: EnvoyServiceType;

  constructor(scope: Construct, id: string, props: EnvoyProxyProps) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'custom-proxy-mtls');
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.clientCertificate = props.clientCertificate;
    this.serviceType = checkOneOf(this, 'serviceType', props.serviceType ?? EnvoyServiceType.CLUSTER_IP, EnvoyServiceType);
    new eg.EnvoyProxy(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        provider: {
          type: eg.EnvoyProxySpecProviderType.KUBERNETES,
          kubernetes: { envoyService: { type: this.serviceType as string as eg.EnvoyProxySpecProviderKubernetesEnvoyServiceType } },
        },
        backendTls: this.clientCertificate
          ? { clientCertificateRef: { group: '', kind: 'Secret', name: this.clientCertificate.secretName } }
          : undefined,
      },
    });
  }
}
