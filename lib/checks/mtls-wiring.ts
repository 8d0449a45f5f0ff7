import { Construct, IConstruct, IValidation } from 'constructs';
import { BackendTlsPolicy } from '../gateway/backend-tls-policy';
import { EnvoyBackend } from '../gateway/envoy-backend';
import { HttpRoute } from '../gateway/http-route';
import { CaTrust } from '../pki/ca-trust';
import { Certificate } from '../pki/certificate';
import { ICertificateIssuer, issuerKey } from '../pki/issuer';
import { IBackendService } from '../workloads/backend-service';
import { HttpbinTls } from '../workloads/httpbin-tls';
import { MtlsFront } from '../workloads/mtls-front';
import { hostnameMatches, hostnamesIntersect } from './hostnames';
import { IndexedObject, ManifestIndex } from './manifest-index';

/** Names a construct-level object the way messages do: `Kind namespace/name (construct path)`. */
function label(kind: string, construct: Construct & { name: string; namespace?: string }): string {
  return `${kind} ${construct.namespace ? `${construct.namespace}/` : ''}${construct.name} (${construct.node.path})`;
}

/** The CA an issuer signs with: CA issuers sharing one CA Secret are the same CA. */
export function caIdentity(issuer: ICertificateIssuer): string {
  const caCertificate = (issuer as { caCertificate?: Certificate }).caCertificate;
  return caCertificate ? `CA Secret ${caCertificate.namespace}/${caCertificate.secretName}` : issuerKey(issuer);
}

function describeCa(issuer: ICertificateIssuer): string {
  return `${issuer.kind} ${issuer.namespace ? `${issuer.namespace}/` : ''}${issuer.name}`;
}

/**
 * Checks the whole chart for broken mTLS wiring, so that a setup Envoy would answer with 503s cannot be
 * synthesized. Every message names both ends of the broken link. Added to {@link BackendMtlsChart} by
 * default; add it to your own chart with `chart.node.addValidation(new MtlsWiringValidation(chart))`.
 */
export class MtlsWiringValidation implements IValidation {
  constructor(private readonly scope: Construct) {
    validatedScopes.add(scope);
  }

  public validate(): string[] {
    const constructs = this.scope.node.findAll();
    const index = ManifestIndex.of(constructs);
    const inScope = new Set<IConstruct>(constructs);
    return [
      ...this.checkServerVerification([
        ...constructs.filter((node): node is BackendTlsPolicy => node instanceof BackendTlsPolicy).map((policy) => ({
          label: label('BackendTLSPolicy', policy), field: 'validation.hostname', hostname: policy.hostname, trust: policy.trust, namespace: policy.namespace, backend: policy.backend,
        })),
        ...constructs.filter((node): node is EnvoyBackend => node instanceof EnvoyBackend).map((backend) => ({
          label: label('Backend', backend), field: 'tls.sni', hostname: backend.sni, trust: backend.trust, namespace: backend.namespace, backend: backend.service,
        })),
      ]),
      ...this.checkClientCertificates(constructs.filter((node): node is HttpRoute => node instanceof HttpRoute)),
      ...this.checkIssuers(constructs.filter((node): node is Certificate => node instanceof Certificate), index),
      ...checkRoutes(index),
      ...checkReferenceGrants(index),
      ...index.duplicates().map((group) => `${group.map((object) => object.label).join(' and ')} share kind, namespace and name: the second apply overwrites the first; rename one`),
      ...this.checkSecretWriters(inScope),
      ...this.checkRouteMatches(inScope),
    ];
  }

  /** BackendTLSPolicies and Envoy Gateway Backends: what Envoy checks the backend's certificate against. */
  private checkServerVerification(verifiers: { label: string; field: string; hostname: string; trust: CaTrust; namespace: string; backend: IBackendService }[]): string[] {
    const errors: string[] = [];
    for (const { label: verifier, field, hostname, trust, namespace, backend } of verifiers) {
      const server = backend.serverCertificate;
      const names = backend.tlsHostnames;
      if (!names.some((name) => hostnameMatches(name, hostname))) {
        const owner = server ? label('Certificate', server) : `backend ${backend.namespace}/${backend.serviceName}`;
        errors.push(`${verifier}: ${field} "${hostname}" is not among the dnsNames of ${owner} [${names.join(', ')}]: Envoy would reject the backend's certificate; use one of those names or add it to the certificate`);
      }
      if (trust.bundle && !trust.bundle.reaches(namespace)) {
        errors.push(`${verifier}: trusts ConfigMap ${trust.name} of ${label('Bundle', trust.bundle)}, which trust-manager does not write into namespace "${namespace}": add the namespace to the Bundle's targets`);
      }
      if (!server) continue;
      if (caIdentity(trust.authority) !== caIdentity(server.issuer)) {
        errors.push(`${verifier}: trusts the CA of ${describeCa(trust.authority)} (${trust.kind} ${trust.name}), but ${label('Certificate', server)} is issued by ${describeCa(server.issuer)}: Envoy would reject the backend's certificate; trust the CA that issued it`);
      }
      errors.push(...usageErrors(server, 'server auth', `the backend's server certificate, which ${verifier} verifies`));
    }
    return errors;
  }

  private checkClientCertificates(routes: HttpRoute[]): string[] {
    const errors: string[] = [];
    const seen = new Set<string>();
    for (const route of routes) {
      const gateway = route.parent.gateway;
      const proxy = gateway.gatewayClass.envoyProxy;
      const gatewayClient = gateway.backendClientCertificate ?? proxy?.clientCertificate;
      for (const { backend, envoyBackend } of route.rules) {
        const key = `${gateway.node.path}|${backend.namespace}/${backend.serviceName}`;
        if (seen.has(key)) continue;
        seen.add(key);
        if (!(backend instanceof HttpbinTls || backend instanceof MtlsFront)) continue;
        // An Envoy Gateway Backend carries its own client certificate; it overrides the Gateway's.
        const client = envoyBackend?.clientCertificate ?? gatewayClient;
        const gatewayLabel = label('Gateway', gateway);
        if (!client) {
          errors.push(`${label('HTTPRoute', route)}: sends traffic to backend ${backend.namespace}/${backend.serviceName} (${backend.node.path}), which requires a client certificate, but ${gatewayLabel} presents none: set clientCertificate on the EnvoyProxy of GatewayClass ${gateway.gatewayClass.name}, or backendClientCertificate on the Gateway`);
          continue;
        }
        if (caIdentity(client.issuer) !== caIdentity(backend.clientTrust.authority)) {
          errors.push(`${label('Certificate', client)}: Envoy's client certificate is issued by ${describeCa(client.issuer)}, but backend ${backend.namespace}/${backend.serviceName} (${backend.node.path}) only accepts clients of ${describeCa(backend.clientTrust.authority)}: issue the client certificate from the backend's CA`);
        }
      }
    }
    const clients = new Set(routes.flatMap((route) => {
      const gateway = route.parent.gateway;
      const perBackend = route.rules.map((rule) => rule.envoyBackend?.clientCertificate);
      return [gateway.backendClientCertificate, gateway.gatewayClass.envoyProxy?.clientCertificate, ...perBackend]
        .filter((cert): cert is Certificate => cert !== undefined);
    }));
    for (const client of clients) errors.push(...usageErrors(client, 'client auth', 'Envoy\'s client certificate'));
    const proxies = new Set(routes.map((route) => route.parent.gateway.gatewayClass.envoyProxy).filter((proxy) => proxy?.clientCertificate));
    for (const proxy of proxies) {
      const client = proxy!.clientCertificate!;
      if (client.namespace !== proxy!.namespace) {
        errors.push(`${label('EnvoyProxy', proxy!)}: backendTLS.clientCertificateRef names Secret ${client.namespace}/${client.secretName} of ${label('Certificate', client)}, but Envoy Gateway reads it only from the EnvoyProxy's namespace "${proxy!.namespace}" (it ignores ReferenceGrants here): issue the client certificate in ${proxy!.namespace}`);
      }
    }
    return errors;
  }

  /** Two Certificates writing one Secret overwrite each other on every issuance; checked across the whole app. */
  private checkSecretWriters(inScope: Set<IConstruct>): string[] {
    const certificates = this.scope.node.root.node.findAll().filter((node): node is Certificate => node instanceof Certificate);
    return laterDuplicates(certificates, (certificate) => `${certificate.namespace}/${certificate.secretName}`, inScope).map(([first, second]) =>
      `${label('Certificate', second)}: secretName "${second.secretName}" is also the Secret of ${label('Certificate', first)}: cert-manager would write both certificates into one Secret, each issuance overwriting the other (and an Issuer signing with that Secret would sign with the wrong key); give each Certificate its own secretName`);
  }

  /** A second route rule with the hostname and path prefix of another on the same listener never gets traffic. */
  private checkRouteMatches(inScope: Set<IConstruct>): string[] {
    const routes = this.scope.node.root.node.findAll().filter((node): node is HttpRoute => node instanceof HttpRoute);
    const matches = routes.flatMap((route) => (route.hostnames.length > 0 ? route.hostnames : ['*']).flatMap((hostname) => route.rules.map((rule, index) => ({
      route, hostname, index, rule, prefix: rule.pathPrefix.length > 1 ? rule.pathPrefix.replace(/\/+$/, '') : rule.pathPrefix,
    }))));
    const key = (match: typeof matches[number]) => `${match.route.parent.gateway.node.path}|${match.route.parent.name}|${match.hostname}|${match.prefix}`;
    return laterDuplicates(matches, key, inScope, (match) => match.route).map(([first, second]) => {
      const service = `Service ${second.rule.backend.namespace}/${second.rule.backend.serviceName}`;
      return `${label('HTTPRoute', second.route)}: rules[${second.index}] matches hostname "${second.hostname}" and path prefix "${second.rule.pathPrefix}" on listener "${second.route.parent.name}" of ${label('Gateway', second.route.parent.gateway)}, exactly as rules[${first.index}] of ${label('HTTPRoute', first.route)} does: Gateway API sends such requests to one rule only, so ${service} would never get traffic; give the backend another hostname or pathPrefix`;
    });
  }

  private checkIssuers(certificates: Certificate[], index: ManifestIndex): string[] {
    return certificates
      .filter((certificate) => certificate.issuer.inChart && !index.find(certificate.issuer.kind, certificate.issuer.namespace, certificate.issuer.name))
      .map((certificate) => `${label('Certificate', certificate)}: issuerRef names ${describeCa(certificate.issuer)}, which this chart does not render: add it to the chart, or declare it with ExistingIssuer.from${certificate.issuer.kind}Name(...)`);
  }
}

/** The scopes an MtlsWiringValidation checks, so a conflict between two charts is reported by one of them. */
const validatedScopes = new WeakSet<IConstruct>();

/**
 * Pairs of items with equal keys: the first item with a key and each later one. A pair is reported where the later
 * item lives, or where the first lives when no validation covers the later one, so each conflict is reported once.
 */
function laterDuplicates<T>(items: readonly T[], key: (item: T) => string, inScope: Set<IConstruct>, construct: (item: T) => IConstruct = (item) => item as unknown as IConstruct): [T, T][] {
  const first = new Map<string, T>();
  const pairs: [T, T][] = [];
  for (const item of items) {
    const earlier = first.get(key(item));
    if (earlier === undefined) first.set(key(item), item);
    else if (inScope.has(construct(item)) || (inScope.has(construct(earlier)) && !construct(item).node.scopes.some((scope) => validatedScopes.has(scope)))) {
      pairs.push([earlier, item]);
    }
  }
  return pairs;
}

function usageErrors(certificate: Certificate, usage: 'server auth' | 'client auth', role: string): string[] {
  const errors: string[] = [];
  if (!certificate.hasUsage(usage)) {
    errors.push(`${label('Certificate', certificate)}: is ${role} but its usages [${certificate.usages.join(', ')}] lack "${usage}": the TLS handshake would fail; add "${usage}"`);
  }
  if (certificate.isCa) {
    errors.push(`${label('Certificate', certificate)}: is ${role} but isCA is true: a CA certificate must not serve as a TLS peer; set isCa to false`);
  }
  return errors;
}

/** Route → Gateway listener and route → Service port → BackendTLSPolicy links, on the rendered objects. */
function checkRoutes(index: ManifestIndex): string[] {
  const errors: string[] = [];
  for (const route of index.all('HTTPRoute')) {
    const routeNamespace = route.json.metadata.namespace;
    const hostnames: string[] = route.json.spec.hostnames ?? [];
    for (const parent of route.json.spec.parentRefs ?? []) {
      const gatewayNamespace = parent.namespace ?? routeNamespace;
      const gateway = index.find('Gateway', gatewayNamespace, parent.name);
      if (!gateway) {
        errors.push(`${route.label}: parentRef names Gateway ${gatewayNamespace}/${parent.name}, which this chart does not render`);
        continue;
      }
      const listeners: any[] = gateway.json.spec.listeners ?? [];
      const attached = parent.sectionName ? listeners.filter((listener) => listener.name === parent.sectionName) : listeners;
      if (attached.length === 0) {
        errors.push(`${route.label}: parentRef sectionName "${parent.sectionName}" is not a listener of ${gateway.label}, which has [${listeners.map((l) => l.name).join(', ')}]`);
        continue;
      }
      for (const listener of attached) {
        if ((listener.allowedRoutes?.namespaces?.from ?? 'Same') === 'Same' && gatewayNamespace !== routeNamespace) {
          errors.push(`${route.label}: attaches to listener "${listener.name}" of ${gateway.label}, which only admits routes from its own namespace "${gatewayNamespace}": set allowedRoutes to 'All' or move the route`);
        }
      }
      for (const hostname of hostnames) {
        if (!attached.some((listener) => hostnamesIntersect(listener.hostname, hostname))) {
          errors.push(`${route.label}: hostname "${hostname}" matches no listener hostname of ${gateway.label} [${attached.map((l) => l.hostname ?? '*').join(', ')}]: the route would never receive traffic`);
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
    return [`${route.label}: backendRef port ${ref.port} is not a port of ${service.label}, which has [${ports.map((p) => `${p.name}:${p.port}`).join(', ')}]`];
  }
  const policies = index.policiesFor(namespace, ref.name);
  if (policies.length === 0) {
    return [`${route.label}: backendRef Service ${namespace}/${ref.name} port ${ref.port} has no BackendTLSPolicy: Envoy would speak plain HTTP to a TLS port; add a BackendTlsPolicy for it`];
  }
  if (!service) return [];
  const covered = policies.some((policy) => policy.json.spec.targetRefs.some((target: any) => target.name === ref.name
    && (target.sectionName === undefined || ports.find((port) => port.name === target.sectionName)?.port === ref.port)));
  if (covered) return [];
  const sections = policies.flatMap((policy) => policy.json.spec.targetRefs.filter((t: any) => t.name === ref.name).map((t: any) => `${policy.label} sectionName "${t.sectionName}"`));
  const errors = [`${route.label}: backendRef port ${ref.port} of ${service.label} is not covered by ${sections.join(', ')}: Envoy would speak plain HTTP to it; point the policy's sectionName at the port named ${JSON.stringify(ports.find((p) => p.port === ref.port)?.name)}`];
  for (const policy of policies) {
    for (const target of policy.json.spec.targetRefs.filter((t: any) => t.name === ref.name && t.sectionName !== undefined)) {
      if (!ports.some((port) => port.name === target.sectionName)) {
        errors.push(`${policy.label}: targetRef sectionName "${target.sectionName}" names no port of ${service.label}, which has [${ports.map((p) => p.name).join(', ')}]`);
      }
    }
  }
  return errors;
}

/** Cross-namespace references Gateway API only honours with a ReferenceGrant in the target namespace. */
function checkReferenceGrants(index: ManifestIndex): string[] {
  const granted = (from: { kind: string; namespace: string }, to: { group: string; kind: string; namespace: string; name: string }) =>
    index.grantsIn(to.namespace).some((grant) => grant.json.spec.from.some((f: any) => f.kind === from.kind && f.namespace === from.namespace && f.group === 'gateway.networking.k8s.io')
      && grant.json.spec.to.some((t: any) => (t.group ?? '') === to.group && t.kind === to.kind && (t.name === undefined || t.name === to.name)));
  const errors: string[] = [];
  for (const route of index.all('HTTPRoute')) {
    const from = { kind: 'HTTPRoute', namespace: route.json.metadata.namespace };
    for (const rule of route.json.spec.rules ?? []) {
      for (const ref of rule.backendRefs ?? []) {
        const to = { group: ref.group ?? '', kind: ref.kind ?? 'Service', namespace: ref.namespace ?? from.namespace, name: ref.name };
        if (to.namespace !== from.namespace && !granted(from, to)) {
          errors.push(`${route.label}: backendRef ${to.kind} ${to.namespace}/${to.name} is in another namespace and no ReferenceGrant in "${to.namespace}" allows HTTPRoutes from "${from.namespace}": add one, or Envoy Gateway ignores the backend`);
        }
      }
    }
  }
  for (const gateway of index.all('Gateway')) {
    const ref = gateway.json.spec.tls?.backend?.clientCertificateRef;
    const from = { kind: 'Gateway', namespace: gateway.json.metadata.namespace };
    if (ref && ref.namespace && ref.namespace !== from.namespace && !granted(from, { group: ref.group ?? '', kind: ref.kind ?? 'Secret', namespace: ref.namespace, name: ref.name })) {
      errors.push(`${gateway.label}: tls.backend.clientCertificateRef names Secret ${ref.namespace}/${ref.name} in another namespace and no ReferenceGrant there allows Gateways from "${from.namespace}": add one`);
    }
  }
  return errors;
}
