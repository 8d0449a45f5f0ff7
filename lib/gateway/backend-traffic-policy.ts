import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as eg from '../../imports/gateway.envoyproxy.io';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkCount, checkKnownKeys } from '../core/validate-props';
import { HttpRoute } from './http-route';

/** Props for {@link BackendTrafficPolicy}. */
export interface BackendTrafficPolicyProps extends ResourceProps {
  /** The policy's name. @default - derived from the construct path */
  readonly name?: string;
  /** The HTTPRoute whose backends the policy covers; the policy lives in the route's namespace. */
  readonly route: HttpRoute;
  /**
   * How long Envoy keeps an upstream connection with no request in flight before it closes it. Set it below the
   * backend's own keep-alive timeout, so Envoy, not the backend, closes an idle connection: a request Envoy sends
   * on a connection the backend is closing at that instant is lost.
   * @see https://gateway.envoyproxy.io/docs/api/extension_types/#httptimeout
   */
  readonly connectionIdleTimeoutSeconds: number;
}

const BACKEND_TRAFFIC_POLICY_PROPS_KEYS = {
  metadata: true, name: true, route: true, connectionIdleTimeoutSeconds: true,
} satisfies Record<keyof BackendTrafficPolicyProps, true>;

/**
 * Envoy Gateway's `BackendTrafficPolicy` (gateway.envoyproxy.io/v1alpha1) on one HTTPRoute, setting Envoy's idle
 * timeout for its upstream connections (`timeout.http.connectionIdleTimeout`, the cluster's
 * `common_http_protocol_options.idle_timeout`; Envoy's default is one hour).
 * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendtrafficpolicy
 */
export class BackendTrafficPolicy extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The HTTPRoute the policy covers. */
  public readonly route: HttpRoute;
  /** Envoy's idle timeout for the route's upstream connections, in seconds. */
  public readonly connectionIdleTimeoutSeconds: number;

  constructor(scope: Construct, id: string, props: BackendTrafficPolicyProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, BACKEND_TRAFFIC_POLICY_PROPS_KEYS);
    this.route = props.route;
    this.namespace = props.route.namespace;
    this.connectionIdleTimeoutSeconds = checkCount(this, 'connectionIdleTimeoutSeconds', props.connectionIdleTimeoutSeconds, 1, 86_400);
    this.apiObject = new eg.BackendTrafficPolicy(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: {
        targetRefs: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', name: this.route.name }],
        timeout: { http: { connectionIdleTimeout: `${this.connectionIdleTimeoutSeconds}s` } },
      },
    });
    this.name = this.apiObject.name;
  }
}

/** Envoy's idle timeout for a backend that closes idle keep-alive connections after `keepAliveSeconds`: two thirds of it, at least 1 s. */
export function envoyIdleTimeoutBelow(keepAliveSeconds: number): number {
  return Math.max(1, Math.floor((keepAliveSeconds * 2) / 3));
}
