import { describeObject, KubeObject } from '../../lib/core/kube-object';
import { readManifests as readManifestFiles } from '../validate/manifests';

export { describeObject, type KubeObject };

/** Reads every object from the YAML files at the given paths (files, or folders of manifests). */
export function readManifests(paths: string[]): KubeObject[] {
  const files = readManifestFiles(paths);
  if (files.length === 0) throw new Error(`no YAML manifests in ${paths.join(', ')}: run \`npm run synth\` first`);
  return files.flatMap((file) => file.objects as KubeObject[]).filter((object) => object.kind);
}
