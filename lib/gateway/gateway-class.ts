import { clusterScoped } from '../core/cluster-scoped';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { checkDnsSubdomain, fail } from '../checks/rules';
import { EnvoyProxy } from './envoy-proxy';

/** Envoy Gateway's controller name. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/** Props for {@link GatewayClass}. */
export interface GatewayClassProps {
  /** The GatewayClass's name (cluster-scoped). @default 'backend-mtls-gw' */
  readonly name?: string;
  /** The EnvoyProxy every Gateway of this class uses (`parametersRef`). @default - Envoy Gateway's defaults */
  readonly envoyProxy?: EnvoyProxy;
  /** The controller that implements the class. @default 'gateway.envoyproxy.io/gatewayclass-controller' */
  readonly controllerName?: string;
}

/** A GatewayClass implemented by Envoy Gateway. */
export class GatewayClass extends Construct {
  public readonly name: string;
  public readonly envoyProxy?: EnvoyProxy;
  public readonly controllerName: string;

  constructor(scope: Construct, id: string, props: GatewayClassProps = {}) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'backend-mtls-gw');
    this.envoyProxy = props.envoyProxy;
    this.controllerName = props.controllerName ?? ENVOY_GATEWAY_CONTROLLER;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$/.test(this.controllerName)) {
      fail(this, 'controllerName', this.controllerName, 'must be a domain-prefixed path such as "gateway.envoyproxy.io/gatewayclass-controller"');
    }
    const proxy = this.envoyProxy;
    const resource = new gw.GatewayClass(this, 'Resource', {
      metadata: { name: this.name },
      spec: {
        controllerName: this.controllerName,
        parametersRef: proxy ? { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy.name, namespace: proxy.namespace } : undefined,
      },
    });
    clusterScoped(resource);
  }
}
