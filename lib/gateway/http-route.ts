import { Construct } from 'constructs';
import { Lazy } from 'cdk8s';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { checkDnsLabel, checkDnsSubdomain, checkHostname, fail } from '../checks/rules';
import { IBackendService } from '../workloads/backend-service';
import { Listener } from './gateway';

/** One rule of an {@link HttpRoute}: requests whose path starts with `pathPrefix` go to `backend`. */
export interface HttpRouteRule {
  /** The path prefix to match. @default '/' */
  readonly pathPrefix?: string;
  /** The TLS backend that serves the matching requests. */
  readonly backend: IBackendService;
}

/** Props for {@link HttpRoute}. */
export interface HttpRouteProps {
  /** The route's name. @default 'backend-mtls-route' */
  readonly name?: string;
  /** The route's namespace. @default - the namespace of the first rule's backend */
  readonly namespace?: string;
  /** The Gateway listener the route attaches to. */
  readonly parent: Listener;
  /** Hostnames the route matches (`Host` header). @default - the listener's hostname */
  readonly hostnames?: string[];
  /** Rules to start with; add more with {@link HttpRoute.addRule}. @default - none */
  readonly rules?: HttpRouteRule[];
}

/** A Gateway API HTTPRoute from one listener to TLS backends. */
export class HttpRoute extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly parent: Listener;
  public readonly hostnames: readonly string[];
  private readonly _rules: Required<HttpRouteRule>[] = [];

  constructor(scope: Construct, id: string, props: HttpRouteProps) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'backend-mtls-route');
    const namespace = props.namespace ?? props.rules?.[0]?.backend.namespace;
    if (!namespace) fail(this, 'namespace', namespace, 'must be set when the route starts without rules');
    this.namespace = checkDnsLabel(this, 'namespace', namespace);
    this.parent = props.parent;
    const hostnames = props.hostnames ?? (props.parent.hostname ? [props.parent.hostname] : []);
    this.hostnames = hostnames.map((hostname, index) => checkHostname(this, `hostnames[${index}]`, hostname, { wildcard: true }));
    for (const rule of props.rules ?? []) this.addRule(rule);

    const gateway = this.parent.gateway;
    new gw.HttpRoute(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
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
  }

  /** The rules, in the order they were added. */
  public get rules(): readonly Required<HttpRouteRule>[] {
    return [...this._rules];
  }

  /** Adds a rule sending requests under `pathPrefix` to a TLS backend; returns the rule. */
  public addRule(rule: HttpRouteRule): Required<HttpRouteRule> {
    const index = this._rules.length;
    const pathPrefix = rule.pathPrefix ?? '/';
    if (!pathPrefix.startsWith('/') || /\/\/|\/\.\.?(\/|$)|[%#?]/.test(pathPrefix)) {
      fail(this, `rules[${index}].pathPrefix`, pathPrefix, 'must be an absolute path starting with "/", without "//", "/./", "/../", "%", "#" or "?"');
    }
    if (this._rules.length >= 16) fail(this, `rules[${index}]`, pathPrefix, 'exceeds the 16 rules an HTTPRoute may have; split the route');
    const added = { pathPrefix, backend: rule.backend };
    this._rules.push(added);
    return added;
  }

  private renderRule(rule: Required<HttpRouteRule>): gw.HttpRouteSpecRules {
    const backend = rule.backend;
    return {
      matches: [{ path: { type: gw.HttpRouteSpecRulesMatchesPathType.PATH_PREFIX, value: rule.pathPrefix } }],
      backendRefs: [{
        group: '',
        kind: 'Service',
        name: backend.serviceName,
        namespace: backend.namespace === this.namespace ? undefined : backend.namespace,
        port: backend.port,
      }],
    };
  }
}
