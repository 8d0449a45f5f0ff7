import { ApiObject } from 'cdk8s';
import { k8s } from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsLabel, checkDnsSubdomain, checkKnownKeys, checkLabels, fail } from '../core/validate-props';
import { IBackendService } from './backend-service';

/** Where Envoy Gateway runs the proxy pods of a Gateway, and the labels they carry. */
export interface EnvoyProxyPods {
  /** The namespace of the proxy pods. @default 'envoy-gateway-system' - Envoy Gateway's own namespace, its default deploy mode */
  readonly namespace?: string;
  /**
   * The labels that select the proxy pods of this Gateway.
   * @default - `app.kubernetes.io/name: envoy` and the owning-gateway name and namespace labels Envoy Gateway sets
   */
  readonly labels?: Record<string, string>;
}

/** The fields of {@link EnvoyProxyPods}; TypeScript keeps the list complete. */
export const ENVOY_PROXY_PODS_KEYS = { namespace: true, labels: true } satisfies Record<keyof EnvoyProxyPods, true>;

/** The labels Envoy Gateway puts on the proxy pods of one Gateway. */
export function envoyProxyPodLabels(gatewayName: string, gatewayNamespace: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': 'envoy',
    'gateway.envoyproxy.io/owning-gateway-name': gatewayName,
    'gateway.envoyproxy.io/owning-gateway-namespace': gatewayNamespace,
  };
}

/** Props for {@link BackendNetworkPolicy}. */
export interface BackendNetworkPolicyProps extends ResourceProps {
  /** The policy's name. @default '<service name>-from-envoy' */
  readonly name?: string;
  /** The backend whose pods the policy isolates; it must know its pod labels. */
  readonly backend: IBackendService;
  /** Envoy's proxy pods, the only peers admitted. */
  readonly envoyProxyPods: Required<EnvoyProxyPods>;
  /** The pod port Envoy connects to. @default - the backend's Service port */
  readonly targetPort?: number;
}

const BACKEND_NETWORK_POLICY_PROPS_KEYS = {
  metadata: true, name: true, backend: true, envoyProxyPods: true, targetPort: true,
} satisfies Record<keyof BackendNetworkPolicyProps, true>;

/**
 * An ingress NetworkPolicy that isolates a backend's pods and admits only Envoy Gateway's proxy pods, and only on
 * the TLS port: nothing else in the cluster can even open a connection to the mTLS front.
 */
export class BackendNetworkPolicy extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The backend whose pods the policy isolates. */
  public readonly backend: IBackendService;
  /** Envoy's proxy pods, the only peers the policy admits. */
  public readonly envoyProxyPods: Required<EnvoyProxyPods>;
  /** The one port ingress is admitted on. */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: BackendNetworkPolicyProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, BACKEND_NETWORK_POLICY_PROPS_KEYS);
    checkKnownKeys(this, 'envoyProxyPods', props.envoyProxyPods, ENVOY_PROXY_PODS_KEYS);
    this.backend = props.backend;
    this.namespace = props.backend.namespace;
    this.name = checkDnsSubdomain(this, 'name', props.name ?? `${props.backend.serviceName}-from-envoy`);
    const podLabels = props.backend.podLabels;
    if (!podLabels || Object.keys(podLabels).length === 0) {
      fail(this, 'backend.podLabels', podLabels ?? null, `must be known to isolate Service ${this.namespace}/${props.backend.serviceName}'s pods: `
        + `pass podLabels for an existing Service`);
    }
    checkLabels(this, 'backend.podLabels', podLabels);
    checkDnsLabel(this, 'envoyProxyPods.namespace', props.envoyProxyPods.namespace);
    checkLabels(this, 'envoyProxyPods.labels', props.envoyProxyPods.labels);
    if (Object.keys(props.envoyProxyPods.labels).length === 0) {
      fail(this, 'envoyProxyPods.labels', props.envoyProxyPods.labels, 'must select the proxy pods: empty labels would admit every pod in the '
        + 'namespace');
    }
    this.envoyProxyPods = props.envoyProxyPods;
    this.port = props.targetPort ?? props.backend.port;

    this.apiObject = new k8s.KubeNetworkPolicy(this, 'Resource', {
      metadata: objectMetadata(this, { ...props, name: this.name }, this.namespace),
      spec: {
        podSelector: { matchLabels: { ...podLabels } },
        policyTypes: ['Ingress'],
        ingress: [{
          from: [{
            namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': this.envoyProxyPods.namespace } },
            podSelector: { matchLabels: { ...this.envoyProxyPods.labels } },
          }],
          ports: [{ protocol: 'TCP', port: k8s.IntOrString.fromNumber(this.port) }],
        }],
      },
    });
  }
}
