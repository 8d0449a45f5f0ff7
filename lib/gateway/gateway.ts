import { Construct } from 'constructs';
import { Lazy } from 'cdk8s';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { checkDnsLabel, checkDnsSubdomain, checkHostname, checkPort, fail } from '../checks/rules';
import { Certificate } from '../pki/certificate';
import { GatewayClass } from './gateway-class';

/** Which namespaces may attach routes to a listener. */
export type AllowedRoutes = 'Same' | 'All';

/** A plain-HTTP listener of a {@link Gateway}. */
export interface ListenerOptions {
  /** The listener's name; routes attach to it by this sectionName. */
  readonly name: string;
  /** The port clients connect to. */
  readonly port: number;
  /** The hostname the listener serves (may start with `*.`). @default - every hostname */
  readonly hostname?: string;
  /** Namespaces whose routes may attach. @default 'Same' - only routes in the Gateway's namespace */
  readonly allowedRoutes?: AllowedRoutes;
}

/** A listener as the Gateway renders it. */
export interface Listener extends ListenerOptions {
  /** The Gateway the listener belongs to. */
  readonly gateway: Gateway;
  readonly allowedRoutes: AllowedRoutes;
}

/** Props for {@link Gateway}. */
export interface GatewayProps {
  /** The Gateway's name. @default 'backend-mtls-gateway' */
  readonly name?: string;
  /** The Gateway's namespace. */
  readonly namespace: string;
  /** The class that implements the Gateway. */
  readonly gatewayClass: GatewayClass;
  /** Listeners to start with; add more with {@link Gateway.addListener}. @default - none */
  readonly listeners?: ListenerOptions[];
  /**
   * The client certificate this Gateway presents to TLS backends, set by Gateway API's own
   * `spec.tls.backend.clientCertificateRef` (Envoy Gateway v1.8 and later).
   * @default - none; the EnvoyProxy's `backendTLS.clientCertificateRef` applies, if set
   */
  readonly backendClientCertificate?: Certificate;
}

/** A Gateway API Gateway with plain-HTTP listeners. */
export class Gateway extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly gatewayClass: GatewayClass;
  /** The client certificate set by `spec.tls.backend.clientCertificateRef`, if any. */
  public readonly backendClientCertificate?: Certificate;
  private readonly _listeners: Listener[] = [];

  constructor(scope: Construct, id: string, props: GatewayProps) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'backend-mtls-gateway');
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.gatewayClass = props.gatewayClass;
    this.backendClientCertificate = props.backendClientCertificate;
    for (const listener of props.listeners ?? []) this.addListener(listener);

    const clientCertificate = this.backendClientCertificate;
    new gw.Gateway(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        gatewayClassName: this.gatewayClass.name,
        listeners: Lazy.any({ produce: () => this._listeners.map(renderListener) }) as unknown as gw.GatewaySpecListeners[],
        tls: clientCertificate
          ? { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: clientCertificate.secretName, namespace: clientCertificate.namespace } } }
          : undefined,
      },
    });
  }

  /** The listeners, in the order they were added. */
  public get listeners(): readonly Listener[] {
    return [...this._listeners];
  }

  /** Adds a plain-HTTP listener and returns it, for a route's `parent`. */
  public addListener(options: ListenerOptions): Listener {
    const index = this._listeners.length;
    checkDnsLabel(this, `listeners[${index}].name`, options.name);
    checkPort(this, `listeners[${index}].port`, options.port);
    if (options.hostname !== undefined) checkHostname(this, `listeners[${index}].hostname`, options.hostname, { wildcard: true });
    if (this._listeners.some((listener) => listener.name === options.name)) {
      fail(this, `listeners[${index}].name`, options.name, 'is already a listener of this Gateway: listener names must be unique');
    }
    if (this._listeners.length >= 64) fail(this, `listeners[${index}]`, options.name, 'exceeds the 64 listeners a Gateway may have');
    const listener: Listener = { ...options, allowedRoutes: options.allowedRoutes ?? 'Same', gateway: this };
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

function renderListener(listener: Listener): gw.GatewaySpecListeners {
  return {
    name: listener.name,
    protocol: 'HTTP',
    port: listener.port,
    hostname: listener.hostname,
    allowedRoutes: { namespaces: { from: listener.allowedRoutes as gw.GatewaySpecListenersAllowedRoutesNamespacesFrom } },
  };
}
