import { ApiObject, Lazy } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { presentedClientCertificate } from '../core/client-identity';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkDnsLabel, checkHostname, checkKnownKeys, checkPathPrefix, fail } from '../core/validate-props';
import { IBackendService } from '../workloads/backend-service';
import { ENVOY_GATEWAY_GROUP, EnvoyBackend } from './envoy-backend';
import { Listener } from './gateway';

/** One rule of an {@link HttpRoute}: requests whose path starts with `pathPrefix` go to `backend`. */
export interface HttpRouteRule {
  /**
   * The path prefix to match. @default '/'
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httppathmatch
   */
  readonly pathPrefix?: string;
  /**
   * The TLS backend that serves the matching requests.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
   */
  readonly backend: IBackendService;
  /**
   * An Envoy Gateway Backend in front of `backend` that the rule points at instead of the Service, so the
   * Backend's own TLS settings (its client certificate) apply.
   * @default - the rule points at the Service
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httpbackendref
   */
  readonly envoyBackend?: EnvoyBackend;
}

/** A rule as the route renders it. */
export interface AddedHttpRouteRule extends HttpRouteRule {
  readonly pathPrefix: string;
}

/** Props for {@link HttpRoute}. */
export interface HttpRouteProps extends ResourceProps {
  /** The route's name. @default - derived from the construct path */
  readonly name?: string;
  /** The route's namespace. @default - the namespace of the first rule's backend */
  readonly namespace?: string;
  /**
   * The Gateway listener the route attaches to.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#parentreference
   */
  readonly parent: Listener;
  /**
   * Hostnames the route matches (`Host` header). @default - the listener's hostname
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httproutespec
   */
  readonly hostnames?: string[];
  /**
   * Rules to start with; add more with {@link HttpRoute.addRule}. @default - none
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#httprouterule
   */
  readonly rules?: HttpRouteRule[];
}

const HTTP_ROUTE_PROPS_KEYS = {
  metadata: true, name: true, namespace: true, parent: true, hostnames: true, rules: true,
} satisfies Record<keyof HttpRouteProps, true>;
const HTTP_ROUTE_RULE_KEYS = { pathPrefix: true, backend: true, envoyBackend: true } satisfies Record<keyof HttpRouteRule, true>;

/**
 * A Gateway API HTTPRoute from one listener to TLS backends; it needs at least one rule (see {@link HttpRoute.addRule}).
 * @see https://gateway-api.sigs.k8s.io/api-types/httproute/
 */
export class HttpRoute extends Resource {
  /** The group, kind, name and namespace a rule's backendRef names: the Envoy Gateway Backend, else the Service. */
  public static backendRefOf(rule: HttpRouteRule): { group: string; kind: string; name: string; namespace: string; port: number } {
    const envoyBackend = rule.envoyBackend;
    return envoyBackend
      ? { group: ENVOY_GATEWAY_GROUP, kind: 'Backend', name: envoyBackend.name, namespace: envoyBackend.namespace, port: envoyBackend.port }
      : { group: '', kind: 'Service', name: rule.backend.serviceName, namespace: rule.backend.namespace, port: rule.backend.port };
  }

  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The Gateway listener the route attaches to. */
  public readonly parent: Listener;
  /** The hostnames the route matches. */
  public readonly hostnames: readonly string[];
  private readonly _rules: AddedHttpRouteRule[] = [];

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, HTTP_ROUTE_PROPS_KEYS);
    const namespace = props.namespace ?? props.rules?.[0]?.backend.namespace;
    if (!namespace) fail(this, 'namespace', namespace, 'must be set when the route starts without rules');
    this.namespace = checkDnsLabel(this, 'namespace', namespace);
    this.parent = props.parent;
    const hostnames = props.hostnames ?? (props.parent.hostname ? [props.parent.hostname] : []);
    this.hostnames = hostnames.map((hostname, index) => checkHostname(this, `hostnames[${index}]`, hostname, { wildcard: true }));
    for (const rule of props.rules ?? []) this.addRule(rule);

    const gateway = this.parent.gateway;
    this.apiObject = new gw.HttpRoute(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: {
        parentRefs: [{
          group: 'gateway.networking.k8s.io',
          kind: 'Gateway',
          name: gateway.name,
          namespace: gateway.namespace === this.namespace ? undefined : gateway.namespace,
          sectionName: this.parent.name,
        }],
        hostnames: this.hostnames.length > 0 ? [...this.hostnames] : undefined,
        rules: Lazy.any({ produce: () => this._rules.map((rule) => this.renderRule(rule)) }) as unknown as gw.HttpRouteSpecRules[],
      },
    });
    this.name = this.apiObject.name;
    this.node.addValidation({
      validate: () => this._rules.length > 0 ? [] : [`HTTPRoute ${this.namespace}/${this.name} has no rule: add one with addRule(), or it routes `
        + `nothing`],
    });
  }

  /** The rules, in the order they were added. */
  public get rules(): readonly AddedHttpRouteRule[] {
    return [...this._rules];
  }

  /** Adds a rule sending requests under `pathPrefix` to a TLS backend; returns the rule. */
  public addRule(rule: HttpRouteRule): AddedHttpRouteRule {
    const index = this._rules.length;
    checkKnownKeys(this, `rules[${index}]`, rule, HTTP_ROUTE_RULE_KEYS);
    const pathPrefix = checkPathPrefix(this, `rules[${index}].pathPrefix`, rule.pathPrefix ?? '/');
    if (this._rules.length >= 16) fail(this, `rules[${index}]`, pathPrefix, 'exceeds the 16 rules an HTTPRoute may have; split the route');
    if (rule.envoyBackend && rule.envoyBackend.service !== rule.backend) {
      fail(this, `rules[${index}].envoyBackend`, rule.envoyBackend.name, `fronts Service `
        + `${rule.envoyBackend.service.namespace}/${rule.envoyBackend.service.serviceName}, not the rule's backend `
          + `${rule.backend.namespace}/${rule.backend.serviceName}`);
    }
    const added: AddedHttpRouteRule = rule.envoyBackend
      ? { pathPrefix, backend: rule.backend, envoyBackend: rule.envoyBackend }
      : { pathPrefix, backend: rule.backend };
    // The rule joins Envoy to the backend, so the backend admits the client identity Envoy presents to it.
    const gateway = this.parent.gateway;
    const client = presentedClientCertificate({
      backend: rule.envoyBackend?.clientCertificate, gateway: gateway.clientCertificate, proxy: gateway.gatewayClass?.envoyProxy?.clientCertificate,
    });
    if (client?.commonName) rule.backend.allowClient?.(client);
    this._rules.push(added);
    return added;
  }

  private renderRule(rule: AddedHttpRouteRule): gw.HttpRouteSpecRules {
    const ref = HttpRoute.backendRefOf(rule);
    return {
      matches: [{ path: { type: gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: rule.pathPrefix } }],
      backendRefs: [{
        group: ref.group,
        kind: ref.kind,
        name: ref.name,
        namespace: ref.namespace === this.namespace ? undefined : ref.namespace,
        port: ref.port,
      }],
    };
  }
}
