import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** A Kubernetes object as read from a manifest file. */
export interface KubeObject {
  readonly apiVersion: string;
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string; readonly labels?: Record<string, string> };
  readonly [field: string]: any;
}

/** Reads every object from the YAML files at the given paths (files, or folders of `*.yaml`). */
export function readManifests(paths: string[]): KubeObject[] {
  const files = paths.flatMap((path) => statSync(path).isDirectory()
    ? readdirSync(path).filter((file) => /\.ya?ml$/.test(file)).sort().map((file) => join(path, file))
    : [path]);
  if (files.length === 0) throw new Error(`no YAML manifests in ${paths.join(', ')}: run \`npx cdk8s synth\` first`);
  return files.flatMap((file) => parseAllDocuments(readFileSync(file, 'utf8'))
    .map((document) => document.toJS() as KubeObject)
    .filter((object) => object && object.kind));
}

/** `Kind namespace/name`, as messages name an object. */
export function describeObject(object: KubeObject): string {
  return `${object.kind} ${object.metadata.namespace ? `${object.metadata.namespace}/` : ''}${object.metadata.name}`;
}
