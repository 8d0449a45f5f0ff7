import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { BackendModel, resolveRehearsalModel } from './chart-model';
import { ChartObjects } from './chart-objects';
import { requestAsEnvoy } from './envoy-client';
import { acceptedAs, describeOutcome, FORBIDDEN_BY_BACKEND } from './expectations';
import { IssuedSecret, Pki } from './pki';
import { PooledClient, PooledClientFigures, pooledUpstreamOptions, startPooledClient } from './pooled-client';
import { requireTools } from './prerequisites';
import { everyInterval } from './processes';
import { startTlsFront, TlsFront } from './tls-front';
import { startUpstream, Upstream } from './upstream';

/** Options of {@link rehearseRollouts}. */
export interface RolloutOptions {
  /** Requests the pooled keep-alive client keeps in flight, back to back. @default 8 */
  readonly pooledConnections?: number;
  /** From the kubelet's TERM to the old pod until Envoy's EDS drops its endpoint. @default 1000 ms */
  readonly endpointRemovalMs?: number;
  /** The pod's terminationGracePeriodSeconds, after which the kubelet kills it. @default - the Deployment's, else 30 s */
  readonly graceMs?: number;
  /** Where certificates and the pods' files go. @default - a fresh folder under the OS temp dir, removed afterwards */
  readonly workDir?: string;
}

/** What happened when one version of the chart was applied over the previous one. */
export interface AppliedVersion {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** What a run through several versions of a chart did and measured. */
export interface RolloutResult {
  readonly versions: readonly AppliedVersion[];
  /** Rollouts: versions whose pod template changed, so the Deployment replaced its pod. */
  readonly rollouts: number;
  /** Requests on fresh connections, one every 50 ms (at most 4 in flight), and the ones that failed. */
  readonly freshRequests: number;
  readonly freshFailures: readonly string[];
  readonly pooled: PooledClientFigures;
  /** The first version's client identity, checked once the last version is running: refused when it is no longer admitted. */
  readonly retiredIdentity?: string;
  readonly passed: boolean;
  readonly durationMs: number;
}

/**
 * Applies versions of a chart one after another to a running backend, the way Kubernetes and Envoy Gateway take
 * them, under fresh and pooled keep-alive traffic as Envoy: when the Deployment's pod template changes, a new pod
 * starts with the new version's front and, once ready, joins Envoy's endpoints; the old pod gets the kubelet's TERM,
 * and Envoy drops its endpoint `endpointRemovalMs` later (draining its connections there); the next version comes
 * while the old pod drains and stops, as a quick apply after apply does. When only the ConfigMap
 * changes, nothing restarts and the running nginx keeps what it loaded. When Envoy's client certificate changes,
 * Envoy presents the new one at once (cert-manager and Envoy Gateway being quicker than a rollout is the worst case).
 * Every request must answer 200 with the identity Envoy presents. Every process it starts is stopped before it returns.
 */
export async function rehearseRollouts(versions: readonly (readonly unknown[])[], options: RolloutOptions = {}): Promise<RolloutResult> {
  const started = Date.now();
  requireTools();
  if (versions.length < 2) throw new Error('a rollout needs at least two versions of the chart');
  const models = versions.map((objects) => resolveRehearsalModel(objects).backends[0]);
  const workDir = options.workDir ?? await fs.mkdtemp(path.join(os.tmpdir(), 'backend-mtls-rollout-'));
  await fs.chmod(workDir, 0o755);
  const upstream = await startUpstream(pooledUpstreamOptions(POOLED_PATH));
  const fronts: TlsFront[] = [];
  let pooled: PooledClient | undefined;
  let freshLoop: NodeJS.Timeout | undefined;
  const pending: Promise<unknown>[] = [];
  try {
    const pki = new Pki(path.join(workDir, 'pki'));
    const first = models[0];
    const serverMount = first.front.serverCertificateMount;
    if (serverMount.certificate.signer.kind !== 'ca') throw new Error(`${serverMount.certificate.id} is self-signed; the rollout issues Envoy's certificates from its CA`);
    const ca = await pki.issue(serverMount.certificate.signer.caCertificate, { label: 'ca' });
    const server = await pki.issue(serverMount.certificate, { label: 'server', signer: ca });
    const clients = new Map<string, IssuedSecret>();
    const clientOf = async (model: BackendModel) => {
      const certificate = model.clientCertificate?.certificate;
      if (!certificate) throw new Error(`${model.service}: Envoy presents no client certificate (${model.noClientCertificateReason})`);
      const key = JSON.stringify(certificate);
      if (!clients.has(key)) clients.set(key, await pki.issue(certificate, { label: `client-${clients.size + 1}`, signer: ca }));
      return clients.get(key)!;
    };

    const startPod = async (model: BackendModel, version: number) => {
      const front = await startTlsFront(model.front, { root: path.join(workDir, `pod-${version}`), secrets: { [serverMount.mountPath]: server }, upstreamPort: upstream.port });
      fronts.push(front);
      return front;
    };
    let pod = await startPod(first, 0);
    let client = await clientOf(first);
    const pool = startPooledClient({
      validation: first.validation, host: first.host, endpoints: [pod.tlsPort], credentials: { client, trustedCaPem: ca.caPem },
      connections: options.pooledConnections ?? 8, pathPrefix: POOLED_PATH,
    });
    pooled = pool;
    const fresh = { requests: 0, failures: [] as string[], sequence: 0, phase: 'version 1' };
    freshLoop = everyInterval(50, 4, pending, () => freshRequest(fresh, pod, client, ca.caPem, first, upstream));

    // Each version's events, with the old pod's stop when it rolled, and the failures from its apply to the next one's.
    const outcomes: { name: string; events: string[]; stopped?: Promise<boolean>; freshBefore: number; pooledBefore: number }[] = [];
    let rollouts = 0;
    for (let index = 1; index < versions.length; index++) {
      const model = models[index];
      const name = `version ${index + 1}`;
      fresh.phase = name;
      pool.phase = name;
      const [freshBefore, pooledBefore] = [fresh.failures.length, pool.figures().failures.length];
      const events: string[] = [];
      let stopped: Promise<boolean> | undefined;
      const nextClient = await clientOf(model);
      if (nextClient !== client) {
        client = nextClient;
        pool.setCredentials({ client, trustedCaPem: ca.caPem });
        events.push(`Envoy presents ${client.subject}`);
      }
      if (podTemplate(versions[index - 1]) !== podTemplate(versions[index])) {
        const old = pod;
        pod = await startPod(model, index);
        pool.setEndpoints([old.tlsPort, pod.tlsPort]);
        const unfollow = old.follow(/certificate-reloader: .*; closing each connection after its response/, () => pool.markReload(old.tlsPort));
        const removal = new Promise<void>((resolve) => setTimeout(() => {
          pool.setEndpoints([pod.tlsPort]);
          resolve();
        }, options.endpointRemovalMs ?? 1000));
        // The old pod drains and stops in the background, as it does while the next apply comes: once Envoy has
        // dropped its endpoint no request reaches it, and whether it stopped within its grace period is told at the end.
        stopped = old.terminate(options.graceMs ?? graceMsOf(versions[index - 1])).finally(unfollow);
        await removal;
        rollouts += 1;
      } else {
        events.push('the pod template did not change: the running pod keeps the nginx.conf it loaded');
      }
      outcomes.push({ name, events, stopped, freshBefore, pooledBefore });
      // Traffic on the new version before the next apply.
      await sleep(500);
    }

    const exits = await Promise.all(outcomes.map((outcome) => outcome.stopped));
    clearInterval(freshLoop);
    await Promise.all(pending);
    const pooledFigures = await pool.stop();
    // A version answers for the failures from its apply to the next one's; the last, for those until every old pod stopped.
    const applied = outcomes.map(({ name, events, stopped, freshBefore, pooledBefore }, index): AppliedVersion => {
      const next = outcomes[index + 1];
      const lost = [...fresh.failures.slice(freshBefore, next?.freshBefore), ...pooledFigures.failures.slice(pooledBefore, next?.pooledBefore)];
      const rolled = stopped === undefined ? [] : [`the pod template changed: a new pod rolled in, the old one ${exits[index] ? 'stopped within its grace period' : 'was KILLED after its grace period'}`];
      return { name, passed: lost.length === 0, detail: `${[...events, ...rolled].join('; ')}; ${lost.length} failed requests${lost.length > 0 ? `: ${lost.slice(0, 2).join('; ')}` : ''}` };
    });

    const firstClient = await clientOf(first);
    const last = models[models.length - 1];
    let retiredIdentity: string | undefined;
    let retiredRefused = true;
    if (firstClient !== client && !last.front.conf.includes(firstClient.subject)) {
      const outcome = await requestAsEnvoy({
        port: pod.tlsPort, validation: last.validation, trustedCaPem: ca.caPem, clientCertificate: firstClient, host: last.host, path: '/anything/retired',
      });
      const seen = upstream.requests.find((request) => request.url === '/anything/retired');
      retiredRefused = FORBIDDEN_BY_BACKEND.met(outcome, seen);
      retiredIdentity = `${firstClient.subject}: ${describeOutcome(outcome, seen)}`;
    }
    return {
      versions: applied,
      rollouts,
      freshRequests: fresh.requests,
      freshFailures: fresh.failures,
      pooled: pooledFigures,
      retiredIdentity,
      passed: applied.every((version) => version.passed) && fresh.failures.length === 0 && pooledFigures.failures.length === 0 && retiredRefused,
      durationMs: Date.now() - started,
    };
  } finally {
    if (freshLoop) clearInterval(freshLoop);
    await Promise.allSettled([...pending, pooled?.stop()]);
    await Promise.all(fronts.map((front) => front.stop()));
    await upstream.stop();
    if (!options.workDir) await fs.rm(workDir, { recursive: true, force: true });
  }
}

const POOLED_PATH = '/anything/rollout-pooled';

/**
 * The versions of a chart that change Envoy's client identity from `from` to `to` without a failed request: the
 * front admits both (Envoy still presents `from`), Envoy presents `to` (both still admitted), the front drops `from`.
 * `version(commonName, alsoAdmitted)` synthesizes the chart with Envoy's identity `commonName`, its front admitting `alsoAdmitted` too.
 */
export function identityChange<T>(version: (commonName: string, alsoAdmitted?: string) => T, from: string, to: string): T[] {
  return [version(from), version(from, to), version(to, from), version(to)];
}

async function freshRequest(
  fresh: { requests: number; failures: string[]; sequence: number; phase: string }, pod: TlsFront, client: IssuedSecret, trustedCaPem: string,
  model: BackendModel, upstream: Upstream,
): Promise<void> {
  const requestPath = `/anything/rollout-fresh-${++fresh.sequence}`;
  const outcome = await requestAsEnvoy({
    port: pod.tlsPort, validation: model.validation, trustedCaPem, clientCertificate: client, host: model.host, path: requestPath,
  });
  fresh.requests += 1;
  const seen = upstream.requests.find((request) => request.url === requestPath);
  if (!acceptedAs(client.subject).met(outcome, seen)) fresh.failures.push(`${fresh.phase}: ${requestPath}: ${describeOutcome(outcome, seen)}`);
}

/** The first Deployment's pod template as JSON: a change to it is what makes Kubernetes roll the pods. */
function podTemplate(objects: readonly unknown[]): string {
  return JSON.stringify(new ChartObjects(objects).all('Deployment')[0]?.spec?.template ?? null);
}

function graceMsOf(objects: readonly unknown[]): number {
  return (new ChartObjects(objects).all('Deployment')[0]?.spec?.template?.spec?.terminationGracePeriodSeconds ?? 30) * 1000;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** The run's report: one line per applied version, then the figures. */
export function formatRolloutReport(result: RolloutResult): string {
  const lines = [
    'Versions of the chart applied under traffic',
    ...result.versions.map((version) => `${version.passed ? 'PASS' : 'FAIL'}  ${version.name}: ${version.detail}`),
    ...(result.retiredIdentity ? [`The retired identity ${result.retiredIdentity}`] : []),
    `${result.rollouts} rollouts; fresh connections: ${result.freshRequests} requests (${result.freshFailures.length} failed); pooled keep-alive: `
    + `${result.pooled.requests} requests (${result.pooled.failures.length} failed), ${result.pooled.connectionReloads} connection-reloads; ${(result.durationMs / 1000).toFixed(1)} s.`,
    result.passed ? 'Every version reached the running pods without a failed request.' : 'A version FAILED to reach the running pods without failed requests.',
  ];
  return `${lines.join('\n')}\n`;
}
