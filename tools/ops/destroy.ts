import { kubectl, kubectlSaid, requireReachableCluster } from './kubectl';
import { readManifests } from './manifests';

/** Deletes what the manifests describe, ignoring objects already gone; returns how many objects were named. */
export function destroy(paths: string[] = ['dist'], log: (line: string) => void = console.log): number {
  const objects = readManifests(paths);
  requireReachableCluster();
  log(`delete: ${objects.length} objects from ${paths.join(', ')}`);
  const result = kubectl(['delete', '--ignore-not-found', '--wait=true', ...paths.flatMap((path) => ['-f', path])]);
  if (!result.ok) throw new Error(`kubectl delete failed: ${kubectlSaid(result.stderr)}`);
  log(result.stdout.trim());
  return objects.length;
}
