import { existsSync } from 'node:fs';
import { describeObject, KubeObject } from '../../lib/core/kube-object';
import { readManifests as readManifestFiles } from '../validate/manifests';

export { describeObject, type KubeObject };

/** Reads every object from the YAML files at the given paths (files, or folders of manifests). */
export function readManifests(paths: string[]): KubeObject[] {
  // A failed `npx cdk8s synth` removes dist/ altogether, so a missing folder is as common as an empty one.
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length > 0) throw new Error(`no such file or folder: ${missing.join(', ')}: run \`npm run synth\` first, or name manifests that exist`);
  const files = readManifestFiles(paths);
  if (files.length === 0) throw new Error(`no YAML manifests in ${paths.join(', ')}: run \`npm run synth\` first`);
  return files.flatMap((file) => file.objects as KubeObject[]).filter((object) => object.kind);
}

/** The kubectl arguments that name one object: `[-n <namespace>,] <kind>.<group>/<name>`. */
export function objectArgs(object: KubeObject): string[] {
  const group = object.apiVersion.includes('/') ? `.${object.apiVersion.split('/')[0]}` : '';
  const namespace = object.metadata.namespace ? ['-n', object.metadata.namespace] : [];
  return [...namespace, `${object.kind.toLowerCase()}${group}/${object.metadata.name}`];
}
