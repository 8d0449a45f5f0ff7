import { ApiObject } from 'cdk8s';
import { IConstruct } from 'constructs';
import { describeObject } from '../core/kube-object';
import { RenderedObjects } from '../core/rendered-objects';

/** One rendered object of a chart, with the construct that renders it. */
export interface IndexedObject {
  readonly json: Record<string, any>;
  /** `Kind namespace/name (construct path)`, how messages name the object. */
  readonly label: string;
  /** The path of the construct that renders (or, when declared, imports) the object. */
  readonly path: string;
  /** True for an object the app does not render but a construct declares, such as an imported Gateway. */
  readonly declared: boolean;
}

/** Kinds whose rendered spec the wiring checks read; other objects are indexed by identity only. */
const RENDERED_KINDS = new Set(['Gateway', 'HTTPRoute', 'Service', 'BackendTLSPolicy', 'ReferenceGrant', 'Issuer', 'ClusterIssuer']);

/** The chart's rendered objects, indexed by kind, namespace and name for the wiring checks. */
export class ManifestIndex {
  /**
   * Indexes the ApiObjects among `nodes` (a scope's `node.findAll()`), rendering only the kinds the checks read,
   * and the `declared` objects the app does not render, when it does not render them.
   */
  public static of(nodes: readonly IConstruct[], declared: readonly IndexedObject[] = []): ManifestIndex {
    const objects: IndexedObject[] = [];
    const rendered = new Set<string>();
    for (const node of nodes) {
      if (!(node instanceof ApiObject)) continue;
      const json = RENDERED_KINDS.has(node.kind)
        ? RenderedObjects.jsonOf(node)
        : { apiVersion: node.apiVersion, kind: node.kind, metadata: { name: node.name, namespace: node.metadata.namespace } };
      const path = objectPath(node);
      // Named only in a message: built when one is written.
      objects.push({ json, path, declared: false, get label() { return `${describeObject(json)} (${path})`; } });
      rendered.add(ManifestIndex.identity(json));
    }
    const missing = new Map<string, IndexedObject>();
    for (const object of declared) {
      const identity = ManifestIndex.identity(object.json);
      // The last declaration of an identity stands, in the place of its first (as a Map built from pairs keeps it).
      if (!rendered.has(identity)) missing.set(identity, object);
    }
    return new ManifestIndex([...objects, ...missing.values()]);
  }

  private static key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}/${namespace ?? ''}/${name}`;
  }

  private static identity(json: Record<string, any>): string {
    return ManifestIndex.key(json.kind, json.metadata.namespace, json.metadata.name);
  }

  // Each lookup is built on its first use: the index of a chart's own objects needs only the kinds.
  private byKeyMap?: Map<string, IndexedObject[]>;
  private byKindMap?: Map<string, IndexedObject[]>;
  private policiesByServiceMap?: Map<string, IndexedObject[]>;
  private grantsByNamespaceMap?: Map<string, IndexedObject[]>;

  private constructor(public readonly objects: IndexedObject[]) {}

  /** The objects rendered by the construct at `path` or below it. */
  public within(path: string): ManifestIndex {
    return new ManifestIndex(this.objects.filter((object) => !object.declared && (object.path === path || object.path.startsWith(`${path}/`))));
  }

  /** The BackendTLSPolicies that target a Service. */
  public policiesFor(namespace: string, serviceName: string): IndexedObject[] {
    this.policiesByServiceMap ??= groupBy(this.all('BackendTLSPolicy'), (object) => {
      const services = new Set<string>(object.json.spec.targetRefs.filter((ref: any) => ref.kind === 'Service').map((ref: any) => ref.name));
      return [...services].map((service) => `${object.json.metadata.namespace}/${service}`);
    });
    return this.policiesByServiceMap.get(`${namespace}/${serviceName}`) ?? [];
  }

  /** The ReferenceGrants in a namespace. */
  public grantsIn(namespace: string): IndexedObject[] {
    this.grantsByNamespaceMap ??= groupBy(this.all('ReferenceGrant'), (object) => [object.json.metadata.namespace]);
    return this.grantsByNamespaceMap.get(namespace) ?? [];
  }

  /** Every object of a kind. */
  public all(kind: string): IndexedObject[] {
    this.byKindMap ??= groupBy(this.objects, (object) => [object.json.kind]);
    return this.byKindMap.get(kind) ?? [];
  }

  /** The object of that kind, namespace (undefined for cluster-scoped) and name, if the chart renders it. */
  public find(kind: string, namespace: string | undefined, name: string): IndexedObject | undefined {
    this.byKeyMap ??= groupBy(this.objects, (object) => [ManifestIndex.identity(object.json)]);
    return this.byKeyMap.get(ManifestIndex.key(kind, namespace, name))?.[0];
  }

  /** Groups of objects rendered more than once under the same group, kind, namespace and name. */
  public duplicates(): IndexedObject[][] {
    const rendered = this.objects.filter((object) => !object.declared);
    const group = (apiVersion: string) => apiVersion.slice(0, Math.max(apiVersion.lastIndexOf('/'), 0));
    const groups = groupBy(rendered, ({ json }) => [`${group(json.apiVersion)}/${ManifestIndex.identity(json)}`]);
    return [...groups.values()].filter((objects) => objects.length > 1);
  }
}

/** The objects under each of the keys `keysOf` gives them, keys in the order first given, objects in their order. */
function groupBy(objects: readonly IndexedObject[], keysOf: (object: IndexedObject) => readonly string[]): Map<string, IndexedObject[]> {
  const groups = new Map<string, IndexedObject[]>();
  for (const object of objects) {
    for (const key of keysOf(object)) {
      const group = groups.get(key);
      if (group) group.push(object);
      else groups.set(key, [object]);
    }
  }
  return groups;
}

/** The path of the construct that renders an object: its own, less the generated `Resource` children. */
export function objectPath(apiObject: ApiObject): string {
  const path = apiObject.node.path;
  return path.endsWith('/Resource') ? path.replace(/(\/Resource)+$/, '') : path;
}
