import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { clusterScoped } from '../core/cluster-scoped';
import { IResource, objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsSubdomain, checkKnownKeys, fail } from '../core/validate-props';
import { IEnvoyProxy } from './envoy-proxy';

/** Envoy Gateway's controller name. */
export const ENVOY_GATEWAY_CONTROLLER = 'gateway.envoyproxy.io/gatewayclass-controller';

/**
 * A GatewayClass, rendered by the chart or owned by a platform team.
 * @see https://gateway-api.sigs.k8s.io/api-types/gatewayclass/
 */
export interface IGatewayClass extends IResource {
  /** The EnvoyProxy its `parametersRef` names, when set and known. */
  readonly envoyProxy?: IEnvoyProxy;
}

/** What the chart must know about a GatewayClass it does not render. */
export interface GatewayClassAttributes {
  /** The GatewayClass's name. */
  readonly name: string;
  /** The EnvoyProxy its `parametersRef` names. @default - none known */
  readonly envoyProxy?: IEnvoyProxy;
}

/** Props for {@link GatewayClass}. */
export interface GatewayClassProps extends ResourceProps {
  /** The GatewayClass's name (cluster-scoped). @default - derived from the construct path */
  readonly name?: string;
  /**
   * The EnvoyProxy every Gateway of this class uses (`parametersRef`). @default - Envoy Gateway's defaults
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#parametersreference
   */
  readonly envoyProxy?: IEnvoyProxy;
  /**
   * The controller that implements the class.
   * @default 'gateway.envoyproxy.io/gatewayclass-controller'
   * @see https://gateway-api.sigs.k8s.io/api-types/gatewayclass/
   */
  readonly controllerName?: string;
}

const GATEWAY_CLASS_PROPS_KEYS = {
  metadata: true, name: true, envoyProxy: true, controllerName: true,
} satisfies Record<keyof GatewayClassProps, true>;

/** A GatewayClass implemented by Envoy Gateway. */
export class GatewayClass extends Resource implements IGatewayClass {
  /** A GatewayClass the chart does not render, known by its name only. */
  public static fromGatewayClassName(scope: Construct, id: string, name: string): IGatewayClass {
    return new ImportedGatewayClass(scope, id, { name });
  }

  /** A GatewayClass the chart does not render, with the EnvoyProxy it names. */
  public static fromGatewayClassAttributes(scope: Construct, id: string, attrs: GatewayClassAttributes): IGatewayClass {
    return new ImportedGatewayClass(scope, id, attrs);
  }

  public readonly apiObject: ApiObject;
  public readonly name: string;
  /** Undefined: a GatewayClass is cluster-scoped. */
  public readonly namespace = undefined;
  public readonly envoyProxy?: IEnvoyProxy;
  /** The controller that manages Gateways of this class. */
  public readonly controllerName: string;

  constructor(scope: Construct, id: string, props: GatewayClassProps = {}) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, GATEWAY_CLASS_PROPS_KEYS);
    this.envoyProxy = props.envoyProxy;
    this.controllerName = props.controllerName ?? ENVOY_GATEWAY_CONTROLLER;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/[A-Za-z0-9\/\-._~%!$&'()*+,;=:]+$/.test(this.controllerName)) {
      fail(this, 'controllerName', this.controllerName, 'must be a domain-prefixed path such as "gateway.envoyproxy.io/gatewayclass-controller"');
    }
    const proxy = this.envoyProxy;
    const resource = new gw.GatewayClass(this, 'Resource', {
      metadata: objectMetadata(this, props),
      spec: {
        controllerName: this.controllerName,
        parametersRef: proxy ? { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: proxy.name, namespace: proxy.namespace } : undefined,
      },
    });
    clusterScoped(resource);
    this.apiObject = resource;
    this.name = resource.name;
  }
}

class ImportedGatewayClass extends Construct implements IGatewayClass {
  public readonly name: string;
  public readonly envoyProxy?: IEnvoyProxy;

  constructor(scope: Construct, id: string, attrs: GatewayClassAttributes) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', attrs.name);
    this.envoyProxy = attrs.envoyProxy;
  }
}
