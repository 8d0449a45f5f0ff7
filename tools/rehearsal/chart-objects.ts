import { describeObject, KubeObject } from '../../lib/core/kube-object';

export { describeObject };
/** The rehearsal reads objects as the chart renders them. */
export type K8sObject = KubeObject;

/**
 * Read-only lookups over a chart's synthesized objects. Every failed lookup throws an Error that says which
 * object referred to what, so a broken reference in the chart reads as the field to fix.
 */
export class ChartObjects {
  private readonly objects: readonly K8sObject[];

  constructor(objects: readonly unknown[]) {
    this.objects = objects.filter((object): object is K8sObject => isObject(object));
  }

  /** Every object of a kind, optionally only in one namespace. */
  public all(kind: string, namespace?: string): K8sObject[] {
    return this.objects.filter((object) => object.kind === kind && (namespace === undefined || object.metadata.namespace === namespace));
  }

  /** The object of a kind with a name (and namespace, for namespaced kinds), or undefined. */
  public find(kind: string, name: string, namespace?: string): K8sObject | undefined {
    return this.all(kind, namespace).find((object) => object.metadata.name === name);
  }

  /** Like {@link find}, but throws `<referrer> names <Kind> <ns/name>, which is not in the chart` when absent. */
  public get(kind: string, name: string, namespace: string | undefined, referrer: string): K8sObject {
    const found = this.find(kind, name, namespace);
    if (!found) {
      throw new Error(`${referrer} names ${describeObject({ kind, metadata: { name, namespace } })}, which is not in the chart`);
    }
    return found;
  }
}

function isObject(value: unknown): value is K8sObject {
  const candidate = value as Partial<K8sObject> | undefined;
  return typeof candidate?.kind === 'string' && typeof candidate.metadata?.name === 'string';
}
