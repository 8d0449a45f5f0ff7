import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as eg from '../../imports/gateway.envoyproxy.io';
import { IResource, objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsLabel, checkDnsSubdomain, checkKnownKeys, checkOneOf } from '../core/validate-props';
import { ICertificate } from '../pki/certificate';

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

/**
 * Envoy Gateway's EnvoyProxy, rendered by the chart or owned by a platform team.
 * @see https://gateway.envoyproxy.io/docs/api/extension_types/#envoyproxy
 */
export interface IEnvoyProxy extends IResource {
  /** The EnvoyProxy's namespace. */
  readonly namespace: string;
  /** The client certificate Envoy presents to every TLS backend, when set and known. */
  readonly clientCertificate?: ICertificate;
}

/** What the chart must know about an EnvoyProxy it does not render. */
export interface EnvoyProxyAttributes {
  /** The EnvoyProxy's name. */
  readonly name: string;
  /** The EnvoyProxy's namespace. */
  readonly namespace: string;
  /** The client certificate its `backendTLS.clientCertificateRef` names. @default - none known */
  readonly clientCertificate?: ICertificate;
}

/** Props for {@link EnvoyProxy}. */
export interface EnvoyProxyProps extends ResourceProps {
  /** The EnvoyProxy's name. @default - derived from the construct path */
  readonly name?: string;
  /** The EnvoyProxy's namespace; the client certificate's Secret must be here too. */
  readonly namespace: string;
  /**
   * The client certificate Envoy presents to every TLS backend (`spec.backendTLS.clientCertificateRef`).
   * @default - Envoy presents no client certificate
   * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendtlsconfig
   */
  readonly clientCertificate?: ICertificate;
  /**
   * The type of the Service Envoy Gateway creates for the Envoy pods (`spec.provider.kubernetes.envoyService.type`).
   * A LoadBalancer Gateway is `Programmed` only once a load balancer assigns the Service an address.
   * @default EnvoyServiceType.CLUSTER_IP - Programmed on any cluster; clients come in by port-forward or from inside
   * @see https://gateway.envoyproxy.io/v1.9/api/extension_types/#kubernetesservicespec
   */
  readonly serviceType?: EnvoyServiceType;
}

const ENVOY_PROXY_PROPS_KEYS = {
  metadata: true, name: true, namespace: true, clientCertificate: true, serviceType: true,
} satisfies Record<keyof EnvoyProxyProps, true>;

/** Envoy Gateway's EnvoyProxy: the data-plane settings a GatewayClass or Gateway points at. */
export class EnvoyProxy extends Resource implements IEnvoyProxy {
  /** An EnvoyProxy the chart does not render, e.g. the platform team's. */
  public static fromEnvoyProxyAttributes(scope: Construct, id: string, attrs: EnvoyProxyAttributes): IEnvoyProxy {
    return new ImportedEnvoyProxy(scope, id, attrs);
  }

  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The client certificate Envoy presents to backends, if any. */
  public readonly clientCertificate?: ICertificate;
  /** The type of the Envoy Service. */
  public readonly serviceType: EnvoyServiceType;

  constructor(scope: Construct, id: string, props: EnvoyProxyProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, ENVOY_PROXY_PROPS_KEYS);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.clientCertificate = props.clientCertificate;
    this.serviceType = checkOneOf(this, 'serviceType', props.serviceType ?? EnvoyServiceType.CLUSTER_IP, EnvoyServiceType);
    this.apiObject = new eg.EnvoyProxy(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
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
    this.name = this.apiObject.name;
  }
}

class ImportedEnvoyProxy extends Construct implements IEnvoyProxy {
  public readonly name: string;
  public readonly namespace: string;
  public readonly clientCertificate?: ICertificate;

  constructor(scope: Construct, id: string, attrs: EnvoyProxyAttributes) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', attrs.name);
    this.namespace = checkDnsLabel(this, 'namespace', attrs.namespace);
    this.clientCertificate = attrs.clientCertificate;
  }
}
