import { checkCertificateHealth } from './certificate-health';
import { getLive, kubectl, KubectlResult, kubectlSaid, requireReachableCluster } from './kubectl';
import { describeObject, readManifests } from './manifests';
import { explainNotProgrammed, ReadinessGate, readinessGates, waitArgs } from './readiness';

/** Options of {@link deploy}. */
export interface DeployOptions {
  /** Manifest files or folders. @default ['dist'] */
  readonly paths?: string[];
  /** How long to wait for each object. @default 180 */
  readonly timeoutSeconds?: number;
  /** Where progress goes. @default console.log */
  readonly log?: (line: string) => void;
}

function describeGate(gate: ReadinessGate): string {
  const service = gate.envoyService;
  return `${describeObject(gate.object)} ${gate.condition}${service ? ` (Envoy Service ${service.type ?? 'of unknown type'}: ${service.source})` : ''}`;
}

/**
 * Why a gate was not met: what kubectl said and, for a Deployment, where its rollout stopped (the last progress line
 * of `kubectl rollout status`) or, for a Gateway, what its Programmed condition says.
 */
function whyNotMet(gate: ReadinessGate, waited: KubectlResult): string {
  const said = kubectlSaid(waited.stderr) || waited.stdout.trim();
  const progress = waited.stdout.trim().split('\n').pop();
  if (gate.object.kind === 'Deployment' && progress && progress !== said) return `${said} (${progress})`;
  if (gate.object.kind !== 'Gateway') return said;
  const live = getLive(gate.object);
  return `${live.found ? explainNotProgrammed(gate, live.object) : `cannot read it back (${live.reason})`} (kubectl: ${said})`;
}

/**
 * Applies the manifests with server-side apply, waits object by object until each is ready, then reports the
 * health of every Certificate. Throws naming the first object that did not get there, with what kubectl said,
 * or every unhealthy Certificate.
 */
export function deploy(options: DeployOptions = {}): void {
  const paths = options.paths ?? ['dist'];
  const log = options.log ?? console.log;
  const timeout = options.timeoutSeconds ?? 180;
  const objects = readManifests(paths);
  requireReachableCluster();
  log(`apply: ${objects.length} objects from ${paths.join(', ')} (server-side)`);
  const applied = kubectl(['apply', '--server-side', '--field-manager=backend-mtls', ...paths.flatMap((path) => ['-f', path])]);
  if (!applied.ok) throw new Error(`kubectl apply failed: ${kubectlSaid(applied.stderr)}`);
  for (const gate of readinessGates(objects)) {
    log(`wait: ${describeGate(gate)} (up to ${timeout}s)`);
    const waited = kubectl(waitArgs(gate, timeout), (timeout + 30) * 1000);
    if (!waited.ok) {
      const why = whyNotMet(gate, waited);
      throw new Error(`${describeObject(gate.object)} not ${gate.condition} within ${timeout}s: ${why}`);
    }
    log(`ok:   ${describeObject(gate.object)} ${gate.condition}`);
  }
  checkCertificateHealth(objects, log);
  log('deploy: every object is ready and every Certificate healthy');
}
