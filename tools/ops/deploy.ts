import { kubectl } from './kubectl';
import { describeObject, readManifests } from './manifests';
import { readinessGates, waitArgs } from './readiness';

/** Options of {@link deploy}. */
export interface DeployOptions {
  /** Manifest files or folders. @default ['dist'] */
  readonly paths?: string[];
  /** How long to wait for each object. @default 180 */
  readonly timeoutSeconds?: number;
  /** Where progress goes. @default console.log */
  readonly log?: (line: string) => void;
}

/**
 * Applies the manifests with server-side apply, then waits object by object until each is ready. Throws
 * naming the first object that did not get there, with what kubectl said.
 */
export function deploy(options: DeployOptions = {}): void {
  const paths = options.paths ?? ['dist'];
  const log = options.log ?? console.log;
  const timeout = options.timeoutSeconds ?? 180;
  const objects = readManifests(paths);
  log(`apply: ${objects.length} objects from ${paths.join(', ')} (server-side)`);
  const applied = kubectl(['apply', '--server-side', '--field-manager=backend-mtls', ...paths.flatMap((path) => ['-f', path])]);
  if (!applied.ok) throw new Error(`kubectl apply failed: ${applied.stderr.trim()}`);
  for (const gate of readinessGates(objects)) {
    log(`wait: ${describeObject(gate.object)} ${gate.condition} (up to ${timeout}s)`);
    const waited = kubectl(waitArgs(gate, timeout), (timeout + 30) * 1000);
    if (!waited.ok) {
      throw new Error(`${describeObject(gate.object)} did not become ${gate.condition} within ${timeout}s: ${waited.stderr.trim() || waited.stdout.trim()}`);
    }
    log(`ok:   ${describeObject(gate.object)} ${gate.condition}`);
  }
  log('deploy: every object is ready');
}
