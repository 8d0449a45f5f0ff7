/** One Kubernetes object, as `Testing.synth(chart)` returns it or a manifest file holds it. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: any;
}

/** True for a plain JSON object (not an array, not null). */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Names an object as `Kind namespace/name` (`Kind name` when cluster-scoped), tolerating broken objects. */
export function describeObject(object: unknown): string {
  const record = isRecord(object) ? object : {};
  const metadata = isRecord(record.metadata) ? record.metadata : {};
  const kind = typeof record.kind === 'string' ? record.kind : '<no kind>';
  const generated = typeof metadata.generateName === 'string' ? `${metadata.generateName}*` : '<no name>';
  const name = typeof metadata.name === 'string' ? metadata.name : generated;
  return typeof metadata.namespace === 'string' && metadata.namespace ? `${kind} ${metadata.namespace}/${name}` : `${kind} ${name}`;
}
