/**
 * Draws the topology of synthesized Kubernetes objects as a mermaid flowchart: one node per object, grouped by
 * namespace, and one edge per reference between them (issuerRef, secretName, parentRef, backendRef, targetRef,
 * caCertificateRefs, clientCertificateRef, selectors, volumes, ReferenceGrant targets, Bundle targets). Objects
 * that are referenced but not rendered (Secrets cert-manager writes, ConfigMaps trust-manager writes) are drawn
 * with a rounded, dashed outline.
 */

/** A synthesized manifest, as `Testing.synth` or `chart.toJson()` returns it. */
export type Manifest = {
  readonly kind: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly [key: string]: any;
};

/** One reference from an object to another, by kind, namespace ('' for cluster-scoped or unknown) and name. */
interface Reference {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly label: string;
}

type Extractor = (object: Manifest, all: readonly Manifest[]) => Reference[];

const CLUSTER_SCOPED = new Set(['Namespace', 'GatewayClass', 'ClusterIssuer', 'Bundle']);

const ref = (kind: string, namespace: string | undefined, name: string | undefined, label: string): Reference[] =>
  name ? [{ kind, namespace: CLUSTER_SCOPED.has(kind) ? '' : namespace ?? '', name, label }] : [];

const labelsMatch = (selector: Record<string, string> | undefined, labels: Record<string, string> | undefined): boolean =>
  !!selector && Object.keys(selector).length > 0 && Object.entries(selector).every(([key, value]) => labels?.[key] === value);

/** Workloads in `namespace` whose pod template carries every label of `selector`. */
const selectedWorkloads = (all: readonly Manifest[], namespace: string, selector: Record<string, string> | undefined, label: string): Reference[] =>
  all.filter((o) => ['Deployment', 'StatefulSet', 'DaemonSet'].includes(o.kind) && o.metadata?.namespace === namespace && labelsMatch(selector, o.spec?.template?.metadata?.labels))
    .flatMap((o) => ref(o.kind, namespace, o.metadata?.name, label));

const EXTRACTORS: Record<string, Extractor> = {
  Certificate: (o) => [
    ...ref(o.spec?.issuerRef?.kind ?? 'Issuer', o.metadata?.namespace, o.spec?.issuerRef?.name, 'issuerRef'),
    ...ref('Secret', o.metadata?.namespace, o.spec?.secretName, 'writes'),
  ],
  Issuer: (o) => ref('Secret', o.metadata?.namespace, o.spec?.ca?.secretName, 'signs with'),
  ClusterIssuer: (o) => ref('Secret', '', o.spec?.ca?.secretName, 'signs with'),
  EnvoyProxy: (o) => ref('Secret', o.metadata?.namespace, o.spec?.backendTLS?.clientCertificateRef?.name, 'client certificate'),
  GatewayClass: (o) => ref(o.spec?.parametersRef?.kind ?? 'EnvoyProxy', o.spec?.parametersRef?.namespace, o.spec?.parametersRef?.name, 'parametersRef'),
  Gateway: (o) => [
    ...ref('GatewayClass', '', o.spec?.gatewayClassName, 'gatewayClassName'),
    ...ref('Secret', o.spec?.tls?.backend?.clientCertificateRef?.namespace ?? o.metadata?.namespace, o.spec?.tls?.backend?.clientCertificateRef?.name, 'client certificate'),
  ],
  HTTPRoute: (o) => [
    ...(o.spec?.parentRefs ?? []).flatMap((p: any) => ref(p.kind ?? 'Gateway', p.namespace ?? o.metadata?.namespace, p.name, 'parentRef')),
    ...(o.spec?.rules ?? []).flatMap((rule: any) => (rule.backendRefs ?? []).flatMap((b: any) => ref(b.kind ?? 'Service', b.namespace ?? o.metadata?.namespace, b.name, 'backendRef'))),
  ],
  BackendTLSPolicy: (o) => [
    ...(o.spec?.targetRefs ?? []).flatMap((t: any) => ref(t.kind, o.metadata?.namespace, t.name, 'targetRef')),
    ...(o.spec?.validation?.caCertificateRefs ?? []).flatMap((c: any) => ref(c.kind, o.metadata?.namespace, c.name, 'trusts CA')),
  ],
  BackendTrafficPolicy: (o) => (o.spec?.targetRefs ?? []).flatMap((t: any) => ref(t.kind, o.metadata?.namespace, t.name, 'targetRef')),
  Backend: (o) => [
    ...(o.spec?.endpoints ?? []).flatMap((e: any) => {
      const [name, namespace, svc] = String(e.fqdn?.hostname ?? '').split('.');
      return svc === 'svc' ? ref('Service', namespace, name, 'endpoint') : [];
    }),
    ...ref('Secret', o.spec?.tls?.clientCertificateRef?.namespace ?? o.metadata?.namespace, o.spec?.tls?.clientCertificateRef?.name, 'client certificate'),
    ...(o.spec?.tls?.caCertificateRefs ?? []).flatMap((c: any) => ref(c.kind, o.metadata?.namespace, c.name, 'trusts CA')),
  ],
  Deployment: (o) => [
    ...ref('ServiceAccount', o.metadata?.namespace, o.spec?.template?.spec?.serviceAccountName, 'runs as'),
    ...(o.spec?.template?.spec?.volumes ?? []).flatMap((v: any) => [
      ...ref('Secret', o.metadata?.namespace, v.secret?.secretName, 'mounts'),
      ...ref('ConfigMap', o.metadata?.namespace, v.configMap?.name, 'mounts'),
    ]),
  ],
  Service: (o, all) => selectedWorkloads(all, o.metadata?.namespace ?? '', o.spec?.selector, 'selects'),
  NetworkPolicy: (o, all) => selectedWorkloads(all, o.metadata?.namespace ?? '', o.spec?.podSelector?.matchLabels, 'admits only Envoy to'),
  PodDisruptionBudget: (o, all) => selectedWorkloads(all, o.metadata?.namespace ?? '', o.spec?.selector?.matchLabels, 'protects'),
  ReferenceGrant: (o) => (o.spec?.to ?? []).flatMap((t: any) => ref(t.kind, o.metadata?.namespace, t.name,
    `allows ${(o.spec?.from ?? []).map((f: any) => `${f.kind} from ${f.namespace}`).join(', ')}`)),
  Bundle: (o) => [
    ...(o.spec?.sources ?? []).flatMap((s: any) => ref('Secret', '', s.secret?.name, 'reads CA')),
    ...(o.spec?.target?.configMap ? (o.spec?.target?.namespaceSelector?.matchExpressions ?? [])
      .filter((e: any) => e.key === 'kubernetes.io/metadata.name' && e.operator === 'In')
      .flatMap((e: any) => e.values as string[])
      .flatMap((namespace: string) => ref('ConfigMap', namespace, o.metadata?.name, 'writes')) : []),
  ],
};

/** The mermaid `flowchart LR` of the given objects and the references between them. */
export function renderTopology(objects: readonly Manifest[]): string {
  const nodes = new Map<string, { id: string; kind: string; namespace: string; name: string; rendered: boolean }>();
  const keyOf = (kind: string, namespace: string, name: string) => `${kind}/${namespace}/${name}`;
  const node = (kind: string, namespace: string, name: string, rendered: boolean) => {
    const key = keyOf(kind, namespace, name);
    let found = nodes.get(key);
    if (!found) {
      found = { id: `n${nodes.size}`, kind, namespace, name, rendered };
      nodes.set(key, found);
    }
    found.rendered ||= rendered;
    return found;
  };
  const namespaceOf = (o: Manifest) => (CLUSTER_SCOPED.has(o.kind) ? '' : o.metadata?.namespace ?? '');
  for (const o of objects) if (o.kind !== 'Namespace') node(o.kind, namespaceOf(o), o.metadata?.name ?? '', true);

  const edges: string[] = [];
  const seen = new Set<string>();
  for (const o of objects) {
    const from = nodes.get(keyOf(o.kind, namespaceOf(o), o.metadata?.name ?? ''));
    if (!from) continue;
    for (const r of (EXTRACTORS[o.kind] ?? (() => []))(o, objects)) {
      const to = node(r.kind, r.namespace, r.name, false);
      const edge = `  ${from.id} -->|${escape(r.label)}| ${to.id}`;
      if (!seen.has(edge)) {
        seen.add(edge);
        edges.push(edge);
      }
    }
  }

  const byNamespace = new Map<string, string[]>();
  for (const n of nodes.values()) {
    const shape = n.rendered ? `["${escape(n.kind)}<br/>${escape(n.name)}"]` : `(["${escape(n.kind)}<br/>${escape(n.name)}"]):::external`;
    byNamespace.set(n.namespace, [...(byNamespace.get(n.namespace) ?? []), `${n.id}${shape}`]);
  }
  const lines = ['flowchart LR', '  classDef external stroke-dasharray: 4 4'];
  for (const line of byNamespace.get('') ?? []) lines.push(`  ${line}`);
  const namespaces = [...byNamespace.keys()].filter((ns) => ns !== '');
  namespaces.forEach((namespace, index) => {
    lines.push(`  subgraph ns${index}["namespace ${escape(namespace)}"]`);
    for (const line of byNamespace.get(namespace)!) lines.push(`    ${line}`);
    lines.push('  end');
  });
  return [...lines, ...edges].join('\n') + '\n';
}

function escape(text: string): string {
  return text.replace(/"/g, '#quot;').replace(/\|/g, '#124;');
}
