import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { IResource, objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsLabel, checkDnsSubdomain, checkHostname, checkKnownKeys, checkPort, fail } from '../core/validate-props';
import { ICertificate } from '../pki/certificate';
import { IGatewayClass } from './gateway-class';

/** Which namespaces may attach routes to a listener. */
export type AllowedRoutes = 'Same' | 'All';

/**
 * A plain-HTTP listener of a {@link Gateway}.
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
 */
export interface ListenerOptions {
  /**
   * The listener's name; routes attach to it by this sectionName.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
   */
  readonly name: string;
  /**
   * The port clients connect to.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
   */
  readonly port: number;
  /**
   * The hostname the listener serves (may start with `*.`). @default - every hostname
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#listener
   */
  readonly hostname?: string;
  /**
   * Namespaces whose routes may attach. @default 'Same' - only routes in the Gateway's namespace
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#allowedroutes
   */
  readonly allowedRoutes?: AllowedRoutes;
}

/** A listener as the Gateway renders it, or as an imported Gateway declares it. */
export interface Listener extends ListenerOptions {
  /** The Gateway the listener belongs to. */
  readonly gateway: IGateway;
  /** Namespaces whose routes may attach. */
  readonly allowedRoutes: AllowedRoutes;
}

/**
 * A Gateway and its listeners, rendered by the chart or owned by a platform team; routes attach to its listeners.
 * @see https://gateway-api.sigs.k8s.io/api-types/gateway/
 */
export interface IGateway extends IResource {
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** The class that implements the Gateway, when known. */
  readonly gatewayClass?: IGatewayClass;
  /** The client certificate its `spec.tls.backend.clientCertificateRef` names, when set and known. */
  readonly clientCertificate?: ICertificate;
  /** The listeners routes can attach to. */
  readonly listeners: readonly Listener[];
  /** The listener with the given name; throws naming the Gateway's listeners when there is none. */
  listener(name: string): Listener;
}

/** What the chart must know about a Gateway it does not render, e.g. the platform team's. */
export interface GatewayAttributes {
  /** The Gateway's name. */
  readonly name: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** Its listeners, at least the ones this chart's routes attach to. */
  readonly listeners: ListenerOptions[];
  /** Its GatewayClass, for the client-certificate checks. @default - unknown */
  readonly gatewayClass?: IGatewayClass;
  /** The client certificate its `spec.tls.backend.clientCertificateRef` names. @default - none known */
  readonly clientCertificate?: ICertificate;
}

/** Props for {@link Gateway}. */
export interface GatewayProps extends ResourceProps {
  /** The Gateway's name. @default - derived from the construct path */
  readonly name?: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /**
   * The class that implements the Gateway.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayspec
   */
  readonly gatewayClass: IGatewayClass;
  /**
   * Listeners to start with; add more with {@link Gateway.addListener}. @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewayspec
   */
  readonly listeners?: ListenerOptions[];
  /**
   * The client certificate this Gateway presents to TLS backends, set by Gateway API's own
   * `spec.tls.backend.clientCertificateRef` (Envoy Gateway v1.8 and later).
   * @default - none; the EnvoyProxy's `backendTLS.clientCertificateRef` applies, if set
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#gatewaybackendtlsconfig
   */
  readonly clientCertificate?: ICertificate;
}

const GATEWAY_PROPS_KEYS = {
  metadata: true, name: true, namespace: true, gatewayClass: true, listeners: true, clientCertificate: true,
} satisfies Record<keyof GatewayProps, true>;
const LISTENER_OPTIONS_KEYS = { name: true, port: true, hostname: true, allowedRoutes: true } satisfies Record<keyof ListenerOptions, true>;

/** A Gateway API Gateway with plain-HTTP listeners; it needs at least one (see {@link Gateway.addListener}). */
export class Gateway extends Resource implements IGateway {
  /** A Gateway the chart does not render, with the listeners routes may attach to. */
  public static fromGatewayAttributes(scope: Construct, id: string, attrs: GatewayAttributes): IGateway {
    return new ImportedGateway(scope, id, attrs);
  }

  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  public readonly gatewayClass: IGatewayClass;
  /** The client certificate set by `spec.tls.backend.clientCertificateRef`, if any. */
  public readonly clientCertificate?: ICertificate;
  private readonly _listeners: Listener[] = [];

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, GATEWAY_PROPS_KEYS);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.gatewayClass = props.gatewayClass;
    this.clientCertificate = props.clientCertificate;
    for (const listener of props.listeners ?? []) this.addListener(listener);

    const client = this.clientCertificate;
    const clientCertificateRef = client && { group: '', kind: 'Secret', name: client.secretName, namespace: client.namespace };
    this.apiObject = new gw.Gateway(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: {
        gatewayClassName: this.gatewayClass.name,
        listeners: Lazy.any({ produce: () => this._listeners.map(renderListener) }) as unknown as gw.GatewaySpecListeners[],
        tls: clientCertificateRef ? { backend: { clientCertificateRef } } : undefined,
      },
    });
    this.name = this.apiObject.name;
    this.node.addValidation({
      validate: () => this._listeners.length > 0 ? [] : [`Gateway ${this.namespace}/${this.name} has no listener: add one with addListener(), or `
        + `routes cannot attach`],
    });
  }

  /** The listeners, in the order they were added. */
  public get listeners(): readonly Listener[] {
    return [...this._listeners];
  }

  /** Adds a plain-HTTP listener and returns it, for a route's `parent`. */
  public addListener(options: ListenerOptions): Listener {
    const listener = checkedListener(this, options, this._listeners);
    this._listeners.push(listener);
    return listener;
  }

  /** The listener with the given name. */
  public listener(name: string): Listener {
    const listener = this._listeners.find((candidate) => candidate.name === name);
    if (!listener) fail(this, 'listener', name, `is not a listener of this Gateway; it has ${JSON.stringify(this._listeners.map((l) => l.name))}`);
    return listener;
  }
}

class ImportedGateway extends Construct implements IGateway {
  public readonly name: string;
  public readonly namespace: string;
  public readonly gatewayClass?: IGatewayClass;
  public readonly clientCertificate?: ICertificate;
  public readonly listeners: readonly Listener[];

  constructor(scope: Construct, id: string, attrs: GatewayAttributes) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', attrs.name);
    this.namespace = checkDnsLabel(this, 'namespace', attrs.namespace);
    this.gatewayClass = attrs.gatewayClass;
    this.clientCertificate = attrs.clientCertificate;
    if (attrs.listeners.length === 0) fail(this, 'listeners', attrs.listeners, 'must name at least the listener the routes attach to');
    const listeners: Listener[] = [];
    for (const options of attrs.listeners) listeners.push(checkedListener(this, options, listeners));
    this.listeners = listeners;
  }

  public listener(name: string): Listener {
    const listener = this.listeners.find((candidate) => candidate.name === name);
    if (!listener) fail(this, 'listener', name, `is not a listener of this Gateway; it has ${JSON.stringify(this.listeners.map((l) => l.name))}`);
    return listener;
  }
}

/** A listener of `gateway` after the ones it already has: name, port and hostname checked, the name unique. */
function checkedListener(gateway: IGateway, options: ListenerOptions, existing: readonly Listener[]): Listener {
  const index = existing.length;
  checkKnownKeys(gateway, `listeners[${index}]`, options, LISTENER_OPTIONS_KEYS);
  checkDnsLabel(gateway, `listeners[${index}].name`, options.name);
  checkPort(gateway, `listeners[${index}].port`, options.port);
  if (options.hostname !== undefined) checkHostname(gateway, `listeners[${index}].hostname`, options.hostname, { wildcard: true });
  if (existing.some((listener) => listener.name === options.name)) {
    fail(gateway, `listeners[${index}].name`, options.name, 'is already a listener of this Gateway: listener names must be unique');
  }
  if (index >= 64) fail(gateway, `listeners[${index}]`, options.name, 'exceeds the 64 listeners a Gateway may have');
  return { ...options, allowedRoutes: options.allowedRoutes ?? 'Same', gateway };
}

function renderListener(listener: Listener): gw.GatewaySpecListeners {
  return {
    name: listener.name,
    protocol: 'HTTP',
    port: listener.port,
    hostname: listener.hostname,
    allowedRoutes: { namespaces: { from: listener.allowedRoutes as gw.GatewaySpecListenersAllowedRoutesNamespacesFrom } },
  };
}
