import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { describeObject, KubeObject, objectArgs } from './manifests';

/** The kubectl binary; `KUBECTL` overrides it (tests point it at a stand-in). */
export function kubectlBinary(): string {
  return process.env.KUBECTL ?? 'kubectl';
}

/** The result of one kubectl call. */
export interface KubectlResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs kubectl to completion and returns its output; never throws for a non-zero exit. */
export function kubectl(args: string[], timeoutMs = 300_000): KubectlResult {
  const result = spawnSync(kubectlBinary(), args, { encoding: 'utf8', timeout: timeoutMs, env: process.env });
  if (result.error) {
    throw new Error(`cannot run ${kubectlBinary()} (${result.error.message}): install kubectl and point it at the cluster, or set KUBECTL`);
  }
  return { ok: result.status === 0, stdout: result.stdout, stderr: result.stderr };
}

// client-go's log lines (`E1203 12:00:00.000000   42 memcache.go:265] ...`): discovery failures it repeats on each call,
// such as an aggregated API that is down, not kubectl's answer.
const CLIENT_LOG_LINE = /^[IWEF]\d{4} \d\d:\d\d:\d\d\.\d+\s+\d+ [\w.-]+:\d+\] /;

/** What kubectl wrote to stderr, without client-go's log lines unless they are all it wrote. */
export function kubectlSaid(stderr: string): string {
  const lines = stderr.trim().split('\n');
  const said = lines.filter((line) => !CLIENT_LOG_LINE.test(line));
  return (said.length > 0 ? said : lines).join('\n').trim();
}

/** The context and server kubectl uses, as `kubectl config` reports them. */
function currentCluster(): string {
  const context = kubectl(['config', 'current-context'], 15_000);
  if (!context.ok) return `no current context: ${kubectlSaid(context.stderr) || 'kubectl config current-context failed'}`;
  const server = kubectl(['config', 'view', '--minify', '-o', 'jsonpath={.clusters[0].cluster.server}'], 15_000);
  return `context "${context.stdout.trim()}"${server.ok && server.stdout.trim() ? `, server ${server.stdout.trim()}` : ''}`;
}

/**
 * Fails unless kubectl reaches the API server (`kubectl version`, which asks the server for its version), naming the
 * context and server it tried and what to check. Without it, each kubectl verb explains an unreachable cluster in its
 * own way, some with wrong advice (apply suggests --validate=false).
 */
export function requireReachableCluster(): void {
  const version = kubectl(['version', '-o', 'json', '--request-timeout=5s'], 30_000);
  if (version.ok) return;
  const kubeconfig = process.env.KUBECONFIG ? `KUBECONFIG (${process.env.KUBECONFIG})` : 'KUBECONFIG (unset, so ~/.kube/config)';
  throw new Error(`kubectl cannot reach the Kubernetes API server (${currentCluster()}): ${kubectlSaid(version.stderr) || 'kubectl version failed'}\n`
    + `Check ${kubeconfig}, \`kubectl config current-context\`, and that the cluster is running`);
}

/** Starts a long-running kubectl (e.g. port-forward); the caller stops it. */
export function kubectlInBackground(args: string[]): ChildProcess {
  return spawn(kubectlBinary(), args, { stdio: ['ignore', 'pipe', 'pipe'], env: process.env });
}

/** One object as the cluster holds it, or kubectl's reason why it could not be read. */
export type LiveObject = { readonly found: true; readonly object: any } | { readonly found: false; readonly reason: string };

/** Reads one object from the cluster (`kubectl get ... -o json`). */
export function getLive(object: KubeObject): LiveObject {
  const result = kubectl(['get', ...objectArgs(object), '-o', 'json']);
  if (!result.ok) return { found: false, reason: kubectlSaid(result.stderr) || `kubectl get ${describeObject(object)} failed` };
  try {
    return { found: true, object: JSON.parse(result.stdout) };
  } catch {
    return { found: false, reason: `kubectl get answered no JSON: ${result.stdout.slice(0, 200)}` };
  }
}
