import { ApiObject, Chart } from 'cdk8s';
import { Construct, IConstruct, IValidation } from 'constructs';
import { presentedClientCertificate } from '../core/client-identity';
import { isClusterScoped } from '../core/cluster-scoped';
import { hostnameMatches, hostnamesIntersect } from '../core/hostnames';
import { describeObject } from '../core/kube-object';
import { RenderedObjects } from '../core/rendered-objects';
import { onResourceCreated } from '../core/resource';
import { wiringChecksDisabled } from '../core/wiring-checks-context';
import type { IGateway } from '../gateway/gateway';
import { HttpRoute } from '../gateway/http-route';
import type { ICertificate } from '../pki/certificate';
import type { ICertificateIssuer } from '../pki/issuer';
import type { IBackendService } from '../workloads/backend-service';
import { ServerVerifier, wiringOf } from './chart-wiring';
import { IndexedObject, ManifestIndex, objectPath } from './manifest-index';

/** Names a construct-level object the way messages do: `Kind namespace/name (construct path)`. */
function label(kind: string, construct: IConstruct & { name: string; namespace?: string }): string {
  return `${kind} ${construct.namespace ? `${construct.namespace}/` : ''}${construct.name} (${construct.node.path})`;
}

/** The CA an issuer signs with: CA issuers sharing one CA Secret are the same CA; else the issuer's kind, namespace and name. */
function caIdentity(issuer: ICertificateIssuer): string {
  const caCertificate = issuer.caCertificate;
  if (caCertificate) return `CA Secret ${caCertificate.namespace}/${caCertificate.secretName}`;
  return issuer.kind === 'ClusterIssuer' ? `ClusterIssuer/${issuer.name}` : `Issuer/${issuer.namespace}/${issuer.name}`;
}

function describeCa(issuer: ICertificateIssuer): string {
  return `${issuer.kind} ${issuer.namespace ? `${issuer.namespace}/` : ''}${issuer.name}`;
}

/** The id of the child that owns the reporting MtlsWiringValidation of its parent scope. */
const WIRING_CHECKS_ID = 'BackendMtlsWiringChecks';
/** The id of the app's child that owns its CrossChartValidation. */
const CROSS_CHART_CHECKS_ID = 'BackendMtlsCrossChartChecks';

/** Owns the one {@link MtlsWiringValidation} that reports for its parent, so a second one added by hand stays silent. */
class WiringChecks extends Construct {
  /** The owner of `scope`'s wiring validation, created on first use. */
  public static of(scope: IConstruct): WiringChecks {
    const existing = scope.node.tryFindChild(WIRING_CHECKS_ID);
    return existing instanceof WiringChecks ? existing : new WiringChecks(scope);
  }

  /** Whether a wiring validation covers `scope`. */
  public static covers(scope: IConstruct): boolean {
    return scope.node.tryFindChild(WIRING_CHECKS_ID) instanceof WiringChecks;
  }

  /** The validation that reports; the first one created for the scope. */
  public reporter?: MtlsWiringValidation;

  private constructor(scope: IConstruct) {
    super(scope as Construct, WIRING_CHECKS_ID);
  }
}

/** Adds the wiring validation to the chart of every Resource, and the cross-chart validation to its app, once each. */
function enableWiringChecks(resource: IConstruct): void {
  const chart = Chart.of(resource);
  if (!WiringChecks.covers(chart)) chart.node.addValidation(new MtlsWiringValidation(chart));
  const root = resource.node.root;
  if (!root.node.tryFindChild(CROSS_CHART_CHECKS_ID)) {
    new Construct(root as Construct, CROSS_CHART_CHECKS_ID);
    root.node.addValidation(new CrossChartValidation(root));
  }
}

/**
 * Checks a chart for broken mTLS wiring, so that a setup Envoy would answer with 503s cannot be synthesized.
 * Every message names both ends of the broken link. Every chart that holds a construct of this library gets
 * it without asking; turn it off with the context `backend-mtls:wiringChecks: false` on the chart or the app
 * (`chart.node.setContext(WIRING_CHECKS_CONTEXT, false)` before adding constructs), or `wiringChecks: false`
 * on {@link BackendMtlsChart}.
 */
export class MtlsWiringValidation implements IValidation {
  constructor(private readonly scope: IConstruct) {
    // One validation per scope reports; a second one added by hand stays silent instead of doubling every message.
    const owner = WiringChecks.of(scope);
    owner.reporter ??= this;
  }

  public validate(): string[] {
    if (WiringChecks.of(this.scope).reporter !== this || wiringChecksDisabled(this.scope)) return [];
    const scopePath = this.scope.node.path;
    const within = (construct: IConstruct) => construct.node.path === scopePath || construct.node.path.startsWith(`${scopePath}/`);
    // One walk of the app: the scope's own links are those of the app's that lie within it, in the same order.
    const nodes = this.scope.node.root.node.findAll();
    const appWiring = wiringOf(nodes);
    const routes = appWiring.routes.filter(within);
    const gateways = [...new Set(routes.map((route) => route.parent.gateway))];
    const index = ManifestIndex.of(nodes, gateways.map(declaredGateway));
    const local = index.within(scopePath);
    return [
      ...checkServerVerification(appWiring.verifiers.filter((verifier) => within(verifier.construct))),
      ...checkClientCertificates(routes, index),
      ...checkIssuers(appWiring.certificates.filter(within), index),
      ...checkRoutes(local, index),
      ...checkReferenceGrants(local, index),
      ...local.duplicates().map((group) =>
        `${group.map((object) => object.label).join(' and ')} share kind, namespace and name: the second apply overwrites the first; rename one`),
      ...checkSecretWriters(appWiring.certificates, within),
      ...checkImportedClientSecrets(presentedClients(routes), appWiring.certificates),
      ...checkRouteMatches(appWiring.routes, within),
    ];
  }
}

/** Two Certificates writing one Secret overwrite each other on every issuance; checked across the whole app. */
function checkSecretWriters(certificates: readonly ICertificate[], within: (construct: IConstruct) => boolean): string[] {
  return laterDuplicates(certificates, (certificate) => `${certificate.namespace}/${certificate.secretName}`, within, (certificate) => certificate)
    .map(([first, second]) => `${label('Certificate', second)}: secretName "${second.secretName}" is also the Secret of `
      + `${label('Certificate', first)}: cert-manager would write both certificates into one Secret, each issuance overwriting the other (and an `
        + `Issuer signing with that Secret would sign with the wrong key); give each Certificate its own secretName`);
}

/**
 * An imported client certificate names a Secret someone else issues; when a Certificate of the app writes that
 * Secret too, cert-manager overwrites Envoy's client key pair with its own on every issuance.
 */
function checkImportedClientSecrets(clients: readonly ICertificate[], rendered: readonly ICertificate[]): string[] {
  const writers = new Map(rendered.map((certificate) => [`${certificate.namespace}/${certificate.secretName}`, certificate]));
  return clients.filter((client) => !rendered.includes(client)).flatMap((client) => {
    const writer = writers.get(`${client.namespace}/${client.secretName}`);
    if (!writer) return [];
    return [`${label('Certificate', client)}: Envoy's client certificate is read from Secret ${client.namespace}/${client.secretName}, which `
      + `${label('Certificate', writer)} also writes: two writers of one Secret, and cert-manager would replace Envoy's key pair with that `
      + 'certificate\'s on every issuance; import a Secret no Certificate of the app writes, or let the setup issue the client certificate'];
  });
}

/** Every client certificate Envoy presents on these routes: each Gateway's, its EnvoyProxy's, each per-backend one. */
function presentedClients(routes: readonly HttpRoute[]): ICertificate[] {
  return [...new Set(routes.flatMap((route) => {
    const gateway = route.parent.gateway;
    const perBackend = route.rules.map((rule) => rule.envoyBackend?.clientCertificate);
    return [gateway.clientCertificate, gateway.gatewayClass?.envoyProxy?.clientCertificate, ...perBackend]
      .filter((cert): cert is ICertificate => cert !== undefined);
  }))];
}

/** A second route rule with the hostname and path prefix of another on the same listener never gets traffic. */
function checkRouteMatches(routes: readonly HttpRoute[], within: (construct: IConstruct) => boolean): string[] {
  const matches = routes.flatMap((route) => (route.hostnames.length > 0 ? route.hostnames : ['*'])
    .flatMap((hostname) => route.rules.map((rule, index) => ({
      route, hostname, index, rule, prefix: rule.pathPrefix.length > 1 ? rule.pathPrefix.replace(/\/+$/, '') : rule.pathPrefix,
    }))));
  const key = (match: typeof matches[number]) =>
    `${match.route.parent.gateway.node.path}|${match.route.parent.name}|${match.hostname}|${match.prefix}`;
  return laterDuplicates(matches, key, within, (match) => match.route).map(([first, second]) => {
    const service = `Service ${second.rule.backend.namespace}/${second.rule.backend.serviceName}`;
    return `${label('HTTPRoute', second.route)}: rules[${second.index}] matches hostname "${second.hostname}" and path prefix `
      + `"${second.rule.pathPrefix}" on listener "${second.route.parent.name}" of ${label('Gateway', second.route.parent.gateway)}, exactly as `
        + `rules[${first.index}] of ${label('HTTPRoute', first.route)} does: Gateway API sends such requests to one rule only, so ${service} `
          + `would never get traffic; give the backend another hostname or pathPrefix`;
  });
}

/**
 * Pairs of items with equal keys: the first item with a key and each later one. A pair is reported where the later
 * item lives, or where the first lives when no validation covers the later one, so each conflict is reported once.
 */
function laterDuplicates<T>(
  items: readonly T[], key: (item: T) => string, within: (construct: IConstruct) => boolean, construct: (item: T) => IConstruct,
): [T, T][] {
  const first = new Map<string, T>();
  const pairs: [T, T][] = [];
  for (const item of items) {
    const earlier = first.get(key(item));
    if (earlier === undefined) {first.set(key(item), item);}
    else if (within(construct(item)) || (within(construct(earlier)) && !construct(item).node.scopes.some(WiringChecks.covers))) {
      pairs.push([earlier, item]);
    }
  }
  return pairs;
}

/**
 * Checks what spans the charts of one app: an object rendered by two charts. A namespaced one is overwritten by
 * the second apply; a cluster-scoped one (GatewayClass, Bundle, Namespace) may be shared only when both charts
 * render it identically. Added to the app with the first construct of this library.
 */
export class CrossChartValidation implements IValidation {
  constructor(private readonly app: IConstruct) {}

  public validate(): string[] {
    if (wiringChecksDisabled(this.app)) return [];
    // Each chart's own objects (not those of a chart it nests), charts in tree order, from one walk of the app.
    const objectsByChart = new Map<Chart, ApiObject[]>();
    for (const node of this.app.node.findAll()) {
      if (Chart.isChart(node)) objectsByChart.set(node, []);
      else if (node instanceof ApiObject) objectsByChart.get(Chart.of(node))?.push(node);
    }
    if ([...objectsByChart.values()].filter((objects) => objects.length > 0).length < 2) return [];
    const byIdentity = new Map<string, { chart: Chart; object: ApiObject }[]>();
    for (const [chart, objects] of objectsByChart) {
      for (const object of objects) {
        const namespace = isClusterScoped(object) ? '' : object.metadata.namespace;
        const key = `${object.apiVersion.split('/').slice(0, -1).join('/')}/${object.kind}/${namespace}/${object.name}`;
        const group = byIdentity.get(key);
        if (group) group.push({ chart, object });
        else byIdentity.set(key, [{ chart, object }]);
      }
    }
    const errors: string[] = [];
    for (const group of byIdentity.values()) {
      // A chart with the checks off opts only itself out: a conflict with any chart that keeps them is still reported.
      if (new Set(group.map((entry) => entry.chart)).size < 2 || group.every((entry) => wiringChecksDisabled(entry.chart))) continue;
      const [first, ...others] = group;
      const json = RenderedObjects.jsonOf(first.object);
      const charts = group.map(({ chart, object }) => `chart "${chart.node.path}" (${objectPath(object)})`).join(' and ');
      if (isClusterScoped(first.object)) {
        const differing = others.filter(({ object }) => JSON.stringify(RenderedObjects.jsonOf(object)) !== JSON.stringify(json));
        if (differing.length === 0) continue;
        errors.push(`${describeObject(json)} is rendered by ${charts} with different specs: it is cluster-scoped, so the second apply rewires the `
          + `first chart's; give one of them another name`);
      } else {
        errors.push(`${describeObject(json)} is rendered by ${charts}: the second apply overwrites the first; rename one, or put the charts in `
          + `different namespaces`);
      }
    }
    return errors;
  }
}

/** A Gateway this chart's routes attach to, as the checks read it when no chart of the app renders it (an imported one). */
function declaredGateway(gateway: IGateway): IndexedObject {
  const json = {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'Gateway',
    metadata: { name: gateway.name, namespace: gateway.namespace },
    spec: {
      listeners: gateway.listeners.map((listener) => ({
        name: listener.name,
        hostname: listener.hostname,
        allowedRoutes: { namespaces: { from: listener.allowedRoutes } },
      })),
    },
  };
  return { json, label: `${describeObject(json)} (imported at ${gateway.node.path})`, path: gateway.node.path, declared: true };
}

/** BackendTLSPolicies and Envoy Gateway Backends: what Envoy checks the backend's certificate against. */
function checkServerVerification(verifiers: ServerVerifier[]): string[] {
  const errors: string[] = [];
  for (const { kind, construct, field, hostname, trust, namespace, backend } of verifiers) {
    const verifier = label(kind, construct);
    const server = backend.serverCertificate;
    const names = backend.tlsHostnames;
    if (!names.some((name) => hostnameMatches(name, hostname))) {
      const owner = server ? label('Certificate', server) : `backend ${backend.namespace}/${backend.serviceName}`;
      errors.push(`${verifier}: ${field} "${hostname}" is not among the dnsNames of ${owner} [${names.join(', ')}]: Envoy would reject the `
        + `backend's certificate; use one of those names or add it to the certificate`);
    }
    if (trust.bundle && !trust.bundle.reaches(namespace)) {
      errors.push(`${verifier}: trusts ConfigMap ${trust.name} of ${label('Bundle', trust.bundle)}, which trust-manager does not write into `
        + `namespace "${namespace}": add the namespace to the Bundle's targets`);
    }
    if (!server) continue;
    if (trust.authority && server.issuer && caIdentity(trust.authority) !== caIdentity(server.issuer)) {
      errors.push(`${verifier}: trusts the CA of ${describeCa(trust.authority)} (${trust.kind} ${trust.name}), but `
        + `${label('Certificate', server)} is issued by ${describeCa(server.issuer)}: Envoy would reject the backend's certificate; trust the CA `
          + `that issued it`);
    }
    errors.push(...usageErrors(server, 'server auth', `the backend's server certificate, which ${verifier} verifies`));
  }
  return errors;
}

function checkClientCertificates(routes: HttpRoute[], index: ManifestIndex): string[] {
  const errors: string[] = [];
  const seen = new Set<string>();
  for (const route of routes) {
    const gateway = route.parent.gateway;
    const proxy = gateway.gatewayClass?.envoyProxy;
    // Only a Gateway and GatewayClass the app renders are known to present no client certificate.
    const gatewayClass = gateway.gatewayClass;
    const renderedClass = gatewayClass && index.find('GatewayClass', undefined, gatewayClass.name) ? gatewayClass : undefined;
    const knownWithout = index.find('Gateway', gateway.namespace, gateway.name)?.declared === false ? renderedClass : undefined;
    for (const { backend, envoyBackend } of route.rules) {
      const key = `${gateway.node.path}|${backend.namespace}/${backend.serviceName}`;
      if (seen.has(key) || !backend.clientTrust) continue;
      seen.add(key);
      const client = presentedClientCertificate({
        backend: envoyBackend?.clientCertificate, gateway: gateway.clientCertificate, proxy: proxy?.clientCertificate,
      });
      if (!client) {
        if (knownWithout) {
          errors.push(`${label('HTTPRoute', route)}: sends traffic to backend ${backend.namespace}/${backend.serviceName} (${backend.node.path}), `
            + `which requires a client certificate, but ${label('Gateway', gateway)} presents none: set clientCertificate on the EnvoyProxy of `
              + `GatewayClass ${knownWithout.name}, or clientCertificate on the Gateway`);
        }
        continue;
      }
      const authority = backend.clientTrust.authority;
      if (client.issuer && authority && caIdentity(client.issuer) !== caIdentity(authority)) {
        errors.push(`${label('Certificate', client)}: Envoy's client certificate is issued by ${describeCa(client.issuer)}, but backend `
          + `${backend.namespace}/${backend.serviceName} (${backend.node.path}) only accepts clients of ${describeCa(authority)}: issue the `
            + `client certificate from the backend's CA`);
      }
      errors.push(...identityErrors(backend, client));
    }
  }
  for (const client of presentedClients(routes)) errors.push(...usageErrors(client, 'client auth', 'Envoy\'s client certificate'));
  const proxies = new Set(routes.flatMap((route) => route.parent.gateway.gatewayClass?.envoyProxy ?? []));
  for (const proxy of proxies) {
    const client = proxy.clientCertificate;
    if (client && client.namespace !== proxy.namespace) {
      errors.push(`${label('EnvoyProxy', proxy)}: backendTLS.clientCertificateRef names Secret ${client.namespace}/${client.secretName} of `
        + `${label('Certificate', client)}, but Envoy Gateway reads it only from the EnvoyProxy's namespace "${proxy.namespace}" (it ignores `
          + `ReferenceGrants here): issue the client certificate in ${proxy.namespace}`);
    }
  }
  return errors;
}

function checkIssuers(certificates: ICertificate[], index: ManifestIndex): string[] {
  return certificates.flatMap((certificate) => {
    const issuer = certificate.issuer;
    if (!issuer?.inChart || index.find(issuer.kind, issuer.namespace, issuer.name)) return [];
    const factory = issuer.kind === 'ClusterIssuer' ? 'ExistingIssuer.fromClusterIssuerName' : 'ExistingIssuer.fromIssuerAttributes';
    const rule = `which no chart of this app renders: add it to a chart, or declare it with ${factory}(...)`;
    return [`${label('Certificate', certificate)}: issuerRef names ${describeCa(issuer)}, ${rule}`];
  });
}

function usageErrors(certificate: ICertificate, usage: 'server auth' | 'client auth', role: string): string[] {
  const errors: string[] = [];
  if (certificate.usages && !certificate.usages.includes(usage)) {
    errors.push(`${label('Certificate', certificate)}: is ${role} but its usages [${certificate.usages.join(', ')}] lack "${usage}": the TLS `
      + `handshake would fail; add "${usage}"`);
  }
  if (certificate.isCa) {
    errors.push(`${label('Certificate', certificate)}: is ${role} but isCA is true: a CA certificate must not serve as a TLS peer; set isCa to `
      + `false`);
  }
  return errors;
}

/** Route → Gateway listener and route → Service port → BackendTLSPolicy links, on the rendered objects. */
function checkRoutes(local: ManifestIndex, index: ManifestIndex): string[] {
  const errors: string[] = [];
  for (const route of local.all('HTTPRoute')) {
    const routeNamespace = route.json.metadata.namespace;
    const hostnames: string[] = route.json.spec.hostnames ?? [];
    for (const parent of route.json.spec.parentRefs ?? []) {
      const gatewayNamespace = parent.namespace ?? routeNamespace;
      const gateway = index.find('Gateway', gatewayNamespace, parent.name);
      if (!gateway) {
        errors.push(`${route.label}: parentRef names Gateway ${gatewayNamespace}/${parent.name}, which no chart of this app renders: import it `
          + `with Gateway.fromGatewayAttributes(...)`);
        continue;
      }
      const listeners: any[] = gateway.json.spec.listeners ?? [];
      const attached = parent.sectionName ? listeners.filter((listener) => listener.name === parent.sectionName) : listeners;
      if (attached.length === 0) {
        errors.push(`${route.label}: parentRef sectionName "${parent.sectionName}" is not a listener of ${gateway.label}, which has `
          + `[${listeners.map((l) => l.name).join(', ')}]`);
        continue;
      }
      for (const listener of attached) {
        if ((listener.allowedRoutes?.namespaces?.from ?? 'Same') === 'Same' && gatewayNamespace !== routeNamespace) {
          errors.push(`${route.label}: attaches to listener "${listener.name}" of ${gateway.label}, which only admits routes from its own `
            + `namespace "${gatewayNamespace}": set allowedRoutes to 'All' or move the route`);
        }
      }
      for (const hostname of hostnames) {
        if (!attached.some((listener) => hostnamesIntersect(listener.hostname, hostname))) {
          errors.push(`${route.label}: hostname "${hostname}" matches no listener hostname of ${gateway.label} `
            + `[${attached.map((l) => l.hostname ?? '*').join(', ')}]: the route would never receive traffic`);
        }
      }
    }
    for (const rule of route.json.spec.rules ?? []) {
      for (const ref of rule.backendRefs ?? []) {
        if ((ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service') errors.push(...checkServiceBackend(index, route, ref));
      }
    }
  }
  return errors;
}

function checkServiceBackend(index: ManifestIndex, route: IndexedObject, ref: any): string[] {
  const namespace = ref.namespace ?? route.json.metadata.namespace;
  const service = index.find('Service', namespace, ref.name);
  const ports: any[] = service?.json.spec.ports ?? [];
  if (service && !ports.some((port) => port.port === ref.port)) {
    return [`${route.label}: backendRef port ${ref.port} is not a port of ${service.label}, which has `
      + `[${ports.map((p) => `${p.name}:${p.port}`).join(', ')}]`];
  }
  const policies = index.policiesFor(namespace, ref.name);
  if (policies.length === 0) {
    return [`${route.label}: backendRef Service ${namespace}/${ref.name} port ${ref.port} has no BackendTLSPolicy: Envoy would speak plain HTTP `
      + `to a TLS port; add a BackendTlsPolicy for it`];
  }
  if (!service) return [];
  const covered = policies.some((policy) => policy.json.spec.targetRefs.some((target: any) => target.name === ref.name
    && (target.sectionName === undefined || ports.find((port) => port.name === target.sectionName)?.port === ref.port)));
  if (covered) return [];
  const sections = policies.flatMap((policy) => policy.json.spec.targetRefs.filter((t: any) => t.name === ref.name)
    .map((t: any) => `${policy.label} sectionName "${t.sectionName}"`));
  const errors = [`${route.label}: backendRef port ${ref.port} of ${service.label} is not covered by ${sections.join(', ')}: Envoy would speak `
    + `plain HTTP to it; point the policy's sectionName at the port named ${JSON.stringify(ports.find((p) => p.port === ref.port)?.name)}`];
  for (const policy of policies) {
    for (const target of policy.json.spec.targetRefs.filter((t: any) => t.name === ref.name && t.sectionName !== undefined)) {
      if (!ports.some((port) => port.name === target.sectionName)) {
        errors.push(`${policy.label}: targetRef sectionName "${target.sectionName}" names no port of ${service.label}, which has `
          + `[${ports.map((p) => p.name).join(', ')}]`);
      }
    }
  }
  return errors;
}

/** Cross-namespace references Gateway API only honours with a ReferenceGrant in the target namespace. */
function checkReferenceGrants(local: ManifestIndex, index: ManifestIndex): string[] {
  const granted = (from: { kind: string; namespace: string }, to: { group: string; kind: string; namespace: string; name: string }) =>
    index.grantsIn(to.namespace).some((grant) => grant.json.spec.from
      .some((f: any) => f.kind === from.kind && f.namespace === from.namespace && f.group === 'gateway.networking.k8s.io')
      && grant.json.spec.to.some((t: any) => (t.group ?? '') === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name)));
  const errors: string[] = [];
  for (const route of local.all('HTTPRoute')) {
    const from = { kind: 'HTTPRoute', namespace: route.json.metadata.namespace };
    for (const rule of route.json.spec.rules ?? []) {
      for (const ref of rule.backendRefs ?? []) {
        const to = { group: ref.group ?? '', kind: ref.kind ?? 'Service', namespace: ref.namespace ?? from.namespace, name: ref.name };
        if (to.namespace !== from.namespace && !granted(from, to)) {
          errors.push(`${route.label}: backendRef ${to.kind} ${to.namespace}/${to.name} is in another namespace and no ReferenceGrant in `
            + `"${to.namespace}" allows HTTPRoutes from "${from.namespace}": add one, or Envoy Gateway ignores the backend`);
        }
      }
    }
  }
  for (const gateway of local.all('Gateway')) {
    const ref = gateway.json.spec.tls?.backend?.clientCertificateRef;
    const from = { kind: 'Gateway', namespace: gateway.json.metadata.namespace };
    const target = ref && { group: ref.group ?? '', kind: ref.kind ?? 'Secret', namespace: ref.namespace, name: ref.name };
    if (ref && ref.namespace && ref.namespace !== from.namespace && !granted(from, target)) {
      errors.push(`${gateway.label}: tls.backend.clientCertificateRef names Secret ${ref.namespace}/${ref.name} in another namespace and no `
        + `ReferenceGrant there allows Gateways from "${from.namespace}": add one`);
    }
  }
  return errors;
}

/**
 * A route pins Envoy's client identity on the backend by its commonName (see HttpRoute.addRule); a client
 * certificate without one leaves a pinning backend open to its whole CA, or answering Envoy with 403.
 */
function identityErrors(backend: IBackendService, client: ICertificate): string[] {
  const admitted = backend.admittedClientSubjects;
  if (admitted === undefined || client.commonName) return [];
  const where = `backend ${backend.namespace}/${backend.serviceName} (${backend.node.path})`;
  const outcome = admitted.length === 0 ? 'admits every certificate of its CA' : `answers it with 403 (it admits only ${admitted.join(', ')})`;
  return [`${label('Certificate', client)}: Envoy's client certificate has no commonName, so ${where} cannot pin it and ${outcome}: give the `
    + `client certificate a commonName`];
}

onResourceCreated(enableWiringChecks);
