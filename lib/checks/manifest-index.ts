import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';

/** One rendered object of a chart, with the construct that renders it. */
export interface IndexedObject {
  readonly json: Record<string, any>;
  /** `Kind namespace/name (construct path)`, how messages name the object. */
  readonly label: string;
}

/** The chart's rendered objects, indexed by kind, namespace and name for the wiring checks. */
export class ManifestIndex {
  /** Renders every ApiObject below `scope` once and indexes it. */
  public static of(scope: Construct): ManifestIndex {
    const objects = scope.node.findAll()
      .filter((node): node is ApiObject => node instanceof ApiObject)
      .map((apiObject) => {
        const json = apiObject.toJson();
        const path = apiObject.node.id === 'Resource' ? apiObject.node.scope!.node.path : apiObject.node.path;
        return { json, label: `${describe(json)} (${path})` };
      });
    return new ManifestIndex(objects);
  }

  private readonly byKey = new Map<string, IndexedObject[]>();
  private readonly byKind = new Map<string, IndexedObject[]>();

  private constructor(public readonly objects: IndexedObject[]) {
    for (const object of objects) {
      const { kind, metadata } = object.json;
      const key = ManifestIndex.key(kind, metadata.namespace, metadata.name);
      this.byKey.set(key, [...(this.byKey.get(key) ?? []), object]);
      this.byKind.set(kind, [...(this.byKind.get(kind) ?? []), object]);
    }
  }

  private static key(kind: string, namespace: string | undefined, name: string): string {
    return `${kind}/${namespace ?? ''}/${name}`;
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
    for (const object of this.objects) {
      const { apiVersion, kind, metadata } = object.json;
      const key = `${apiVersion.split('/').slice(0, -1).join('/')}/${ManifestIndex.key(kind, metadata.namespace, metadata.name)}`;
      groups.set(key, [...(groups.get(key) ?? []), object]);
    }
    return [...groups.values()].filter((group) => group.length > 1);
  }
}

/** `Kind namespace/name`. */
export function describe(json: Record<string, any>): string {
  return `${json.kind} ${json.metadata.namespace ? `${json.metadata.namespace}/` : ''}${json.metadata.name}`;
}
