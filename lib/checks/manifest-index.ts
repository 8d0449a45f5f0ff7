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
    const objects = nodes
      .filter((node): node is ApiObject => node instanceof ApiObject)
      .map((apiObject) => {
        const json = RENDERED_KINDS.has(apiObject.kind)
          ? RenderedObjects.jsonOf(apiObject)
          : { apiVersion: apiObject.apiVersion, kind: apiObject.kind, metadata: { name: apiObject.name, namespace: apiObject.metadata.namespace } };
        const path = objectPath(apiObject);
        // Named only in a message: built when one is written.
        return { json, path, declared: false, get label() { return `${describeObject(json)} (${path})`; } };
      });
    const rendered = new Set(objects.map((object) => ManifestIndex.identity(object.json)));
    const missing = declared.filter((object) => !rendered.has(ManifestIndex.identity(object.json)));
    return new ManifestIndex([...objects, ...new Map(missing.map((object) => [ManifestIndex.identity(object.json), object])).values()]);
  }

  private static key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}/${namespace ?? ''}/${name}`;
  }

  private static identity(json: Record<string, any>): string {
    return ManifestIndex.key(json.kind, json.metadata.namespace, json.metadata.name);
  }

  private readonly byKey = new Map<string, IndexedObject[]>();
  private readonly byKind = new Map<string, IndexedObject[]>();
  private readonly policiesByService = new Map<string, IndexedObject[]>();
  private readonly grantsByNamespace = new Map<string, IndexedObject[]>();

  private constructor(public readonly objects: IndexedObject[]) {
    for (const object of objects) {
      const { kind, metadata } = object.json;
      const key = ManifestIndex.key(kind, metadata.namespace, metadata.name);
      push(this.byKey, key, object);
      push(this.byKind, kind, object);
      if (kind === 'BackendTLSPolicy') {
        const services = new Set<string>(object.json.spec.targetRefs.filter((ref: any) => ref.kind === 'Service').map((ref: any) => ref.name));
        for (const service of services) push(this.policiesByService, `${metadata.namespace}/${service}`, object);
      }
      if (kind === 'ReferenceGrant') push(this.grantsByNamespace, metadata.namespace, object);
    }
  }

  /** The objects rendered by the construct at `path` or below it. */
  public within(path: string): ManifestIndex {
    return new ManifestIndex(this.objects.filter((object) => !object.declared && (object.path === path || object.path.startsWith(`${path}/`))));
  }

  /** The BackendTLSPolicies that target a Service. */
  public policiesFor(namespace: string, serviceName: string): IndexedObject[] {
    return this.policiesByService.get(`${namespace}/${serviceName}`) ?? [];
  }

  /** The ReferenceGrants in a namespace. */
  public grantsIn(namespace: string): IndexedObject[] {
    return this.grantsByNamespace.get(namespace) ?? [];
  }

  /** Every object of a kind. */
  public all(kind: string): IndexedObject[] {
    return this.byKind.get(kind) ?? [];
  }

  /** The object of that kind, namespace (undefined for cluster-scoped) and name, if the chart renders it. */
  public find(kind: string, namespace: string | undefined, name: string): IndexedObject | undefined {
    return this.byKey.get(ManifestIndex.key(kind, namespace, name))?.[0];
  }

  /** Groups of objects rendered more than once under the same group, kind, namespace and name. */
  public duplicates(): IndexedObject[][] {
    const groups = new Map<string, IndexedObject[]>();
    for (const object of this.objects.filter((candidate) => !candidate.declared)) {
      const { apiVersion, kind, metadata } = object.json;
      const key = `${apiVersion.split('/').slice(0, -1).join('/')}/${ManifestIndex.key(kind, metadata.namespace, metadata.name)}`;
      push(groups, key, object);
    }
    return [...groups.values()].filter((group) => group.length > 1);
  }
}

/** The path of the construct that renders an object: its own, less the generated `Resource` children. */
export function objectPath(apiObject: ApiObject): string {
  return apiObject.node.path.replace(/(\/Resource)+$/, '');
}

function push(map: Map<string, IndexedObject[]>, key: string, object: IndexedObject): void {
  const list = map.get(key);
  if (list) list.push(object);
  else map.set(key, [object]);
}
