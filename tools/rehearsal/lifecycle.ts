import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertificateModel } from './certificate-model';
import { BackendModel, resolveRehearsalModel } from './chart-model';
import { EnvoyOutcome, requestAsEnvoy } from './envoy-client';
import { acceptedAs, describeOutcome, Expectation, FORBIDDEN_BY_BACKEND, REFUSED_BY_BACKEND } from './expectations';
import { IssuedSecret, normalizeSerial, Pki } from './pki';
import { PooledClient, PooledClientFigures, pooledUpstreamOptions, startPooledClient } from './pooled-client';
import { requireTools } from './prerequisites';
import { everyInterval } from './processes';
import { startTlsFront, TlsFront } from './tls-front';
import { startUpstream } from './upstream';

/** Options of {@link rehearseLifecycle}. */
export interface LifecycleOptions {
  /** Where certificates, conf and logs go. @default - a fresh folder under the OS temp dir, removed afterwards */
  readonly workDir?: string;
  /** Keep the work folder (for debugging). @default false */
  readonly keepWorkDir?: boolean;
  /** Time between two requests of the client loop, which keeps at most 4 in flight. @default 100 ms (ten a second) */
  readonly requestIntervalMs?: number;
  /** Stop after the first step that fails, for runs that are meant to fail. @default false */
  readonly failFast?: boolean;
  /** How long the TLS front may take to pass its readiness probe. @default 10 seconds */
  readonly readyTimeoutMs?: number;
  /** How long a swapped Secret may take to be served. @default - two of the reloader's check intervals (5 s without one), its drain, plus 2 s */
  readonly servedWithinMs?: number;
  /** Requests the pooled keep-alive client keeps in flight, back to back (its connections). @default 8 */
  readonly pooledConnections?: number;
  /** Server certificate renewals (each a reload) after the expiry step, to count more connection-reloads. @default 0 */
  readonly extraRenewals?: number;
}

/** One step of the lifecycle and whether it happened as the plan says. */
export interface LifecycleStep {
  readonly name: string;
  readonly passed: boolean;
  readonly detail: string;
}

/** What a lifecycle run did and measured. */
export interface LifecycleResult {
  /** `Service namespace/name port <name>`: the backend whose certificates went through time. */
  readonly service: string;
  /** The certificate reloader's check interval, from the container's command; undefined when it runs nginx alone. */
  readonly checkIntervalSeconds?: number;
  readonly steps: readonly LifecycleStep[];
  /** Requests the client loop sent as Envoy, and the ones that did not answer 200 with Envoy's identity. */
  readonly requests: number;
  readonly failures: readonly string[];
  /** Requests with an expired, foreign or other-identity certificate, each of which had to be refused. */
  readonly refusalChecks: number;
  /** From each swap of the Secret folder to the first handshake that served the new certificate. */
  readonly reloadLatenciesMs: readonly number[];
  /** The reloader's drain before a reload or stop, in seconds, from the container's command; undefined without a reloader. */
  readonly drainSeconds?: number;
  /** What the Envoy-like pooled keep-alive client sent and counted through every step. */
  readonly pooled: PooledClientFigures;
  readonly passed: boolean;
  readonly durationMs: number;
  /**
   * Set when the first run found, before the CA rotation, that its reloads were too slow on this machine for the
   * rotation to be served before the first certificates expire: it stopped there, and this run had lifetimes twice as long.
   */
  readonly replanned?: string;
}

/** The step names, in the order they run. */
export const LIFECYCLE_STEPS = [
  'server certificate renewed: the kubelet swaps ..data, the new serial is served',
  'a request in flight across the reload finishes',
  'Envoy\'s client certificate renewed: the new one is admitted',
  'CA renewed by its rotationPolicy: new CA, server and client certificates, no request fails',
  'certificates of the old CA expired: refused, while the new ones serve',
  'expired, foreign and other-identity certificates refused throughout',
  'no request of the client loop failed',
  'no request of the pooled keep-alive client failed, and none was left open at a reload',
] as const;

/**
 * Runs the first backend's TLS front, as the chart renders it, through time: a client loop sends requests as
 * Envoy several times a second while the server certificate is renewed the way the kubelet updates a Secret
 * volume, Envoy's client certificate is renewed, the CA is renewed by the chart's plan (same key, new
 * certificate; new leaves; Envoy trusting the new CA certificate at once) and the old certificates, issued with
 * lifetimes of seconds, expire. Every process it starts is stopped before it returns or throws.
 */
export async function rehearseLifecycle(synthesized: readonly unknown[], options: LifecycleOptions = {}): Promise<LifecycleResult> {
  const started = Date.now();
  requireTools();
  const backend = resolveRehearsalModel(synthesized).backends[0];
  const workDir = options.workDir ?? await fs.mkdtemp(path.join(os.tmpdir(), 'backend-mtls-lifecycle-'));
  try {
    await fs.chmod(workDir, 0o755);
    try {
      return { ...await runLifecycle(backend, workDir, options, 1), durationMs: Date.now() - started };
    } catch (error) {
      if (!(error instanceof TooSlowForPlan)) throw error;
      await Promise.all((await fs.readdir(workDir)).map((entry) => fs.rm(path.join(workDir, entry), { recursive: true, force: true })));
      return { ...await runLifecycle(backend, workDir, options, 2), durationMs: Date.now() - started, replanned: error.message };
    }
  } finally {
    if (!options.keepWorkDir) await fs.rm(workDir, { recursive: true, force: true });
  }
}

/** One answer of the loop that met the expectation: when, which server certificate, which client certificate. */
interface Observation {
  readonly at: number;
  readonly serverSerial: string;
  readonly clientSerial: string;
}

/** Thrown before the CA rotation when the first certificates would expire before it can be served: the run is planned again. */
class TooSlowForPlan extends Error {}

/** One run; `lifetimeScale` stretches the first certificates' lifetimes (and every wait for their expiry). */
async function runLifecycle(
  backend: BackendModel, workDir: string, options: LifecycleOptions, lifetimeScale: number,
): Promise<Omit<LifecycleResult, 'durationMs'>> {
  const { front, validation } = backend;
  const clientModel = backend.clientCertificate?.certificate;
  if (!clientModel) throw new Error(`${backend.service}: Envoy presents no client certificate (${backend.noClientCertificateReason}), so there is none to renew`);
  const serverMount = front.serverCertificateMount;
  const caModel = caOf(serverMount.certificate);
  if (caOf(clientModel).id !== caModel.id) {
    throw new Error(`${backend.service}: the server certificate (${caModel.id}) and Envoy's client certificate (${caOf(clientModel).id}) come from different CAs; the lifecycle rotates one CA`);
  }
  const { checkIntervalSeconds, drainSeconds } = reloaderTimings(front.argv, front.nginxIndex);
  // How long a swapped Secret may take to be served: two checks of the reloader, its drain, plus a reload.
  const servedWithinMs = options.servedWithinMs ?? (2 * (checkIntervalSeconds ?? 5) + (drainSeconds ?? 0)) * 1000 + 2000;
  // The first CA's certificates outlive both reloads (server renewal, CA rotation), the issuing and a loaded machine's
  // delays with a margin, then expire.
  const oldExpiryMs = (2 * servedWithinMs + 6000) * lifetimeScale;

  const pki = new Pki(path.join(workDir, 'pki'));
  const t0 = Date.now();
  const at = (ms: number) => new Date(t0 + ms);
  const ca1 = await pki.issue(caModel, { label: 'ca-1', notAfter: at(oldExpiryMs + 1000) });
  const [server1, client1, foreignClient, expiredClient, intruder1, otherSecrets] = await Promise.all([
    pki.issue(serverMount.certificate, { label: 'server-1', signer: ca1, notAfter: at(oldExpiryMs) }),
    pki.issue(clientModel, { label: 'client-1', signer: ca1, notAfter: at(oldExpiryMs) }),
    pki.issue(caModel, { label: 'another-ca' }).then((signer) => pki.issue(clientModel, { label: 'client-from-another-ca', signer })),
    pki.issue(clientModel, { label: 'expired-client', signer: ca1, notBefore: at(-7_200_000), notAfter: at(-3_600_000) }),
    pki.issue(clientModel, { label: 'intruder-1', signer: ca1, overrides: { commonName: 'intruder' } }),
    Promise.all(front.mounts.flatMap((mount) => (mount.kind === 'Secret' && mount !== serverMount ? [pki.issue(mount.certificate).then((secret) => [mount.mountPath, secret] as const)] : []))),
  ]).catch(async (error) => {
    await pki.settled();
    throw error;
  });

  const upstream = await startUpstream(pooledUpstreamOptions(POOLED_PATH));
  let tlsFront: TlsFront | undefined;
  let pooled: PooledClient | undefined;
  let unfollow = () => {};
  const timers: NodeJS.Timeout[] = [];
  const pending: Promise<unknown>[] = [];
  try {
    tlsFront = await startTlsFront(front, {
      root: path.join(workDir, 'front'),
      secrets: { ...Object.fromEntries(otherSecrets), [serverMount.mountPath]: server1 },
      upstreamPort: upstream.port,
      readyTimeoutMs: options.readyTimeoutMs,
    });
    const running = tlsFront;
    // Every later certificate is issued now, while the steps wait on reloads: cert-manager issues in no time, and
    // openssl on a loaded machine would eat into the time before the first certificates expire. (The Pki dates each
    // certificate from its own start, so issuing early changes nothing in them.)
    // The first swap waits for server-2 only; the rest is issued while that reload drains.
    const keptKey = caModel.privateKey.rotationPolicy === 'Never';
    const server2Ahead = pki.issue(serverMount.certificate, { label: 'server-2', signer: ca1 });
    const ahead = {
      server2: server2Ahead,
      client2: server2Ahead.then(() => pki.issue(clientModel, { label: 'client-2', signer: ca1 })),
      rotated: server2Ahead.then(() => pki.issue(caModel, { label: 'ca-2', keyPem: keptKey ? ca1.keyPem : undefined })).then((ca2) => Promise.all([
        ca2,
        pki.issue(serverMount.certificate, { label: 'server-3', signer: ca2 }),
        pki.issue(clientModel, { label: 'client-3', signer: ca2 }),
        pki.issue(clientModel, { label: 'intruder-2', signer: ca2, overrides: { commonName: 'intruder' } }),
      ] as const)),
    };
    // Awaited by the steps; a failure surfaces there, not as an unhandled rejection meanwhile.
    void Promise.allSettled(Object.values(ahead));
    const state = { client: client1, trustPem: ca1.caPem, intruder: intruder1, phase: 'start' };
    // Envoy's pooled keep-alive connections, counted when a reload begins (the drain) and when nginx gets its signal.
    const pool = startPooledClient({
      validation, host: backend.host, endpoints: [running.tlsPort], credentials: { client: client1, trustedCaPem: ca1.caPem },
      connections: options.pooledConnections ?? 8, pathPrefix: POOLED_PATH,
    });
    pooled = pool;
    unfollow = running.follow(RELOAD_LOG_LINE, (line) => pool.markReload(running.tlsPort, !/closing each connection/.test(line)));
    const enter = (phase: string) => {
      state.phase = phase;
      pool.phase = phase;
    };
    const ask = (client: IssuedSecret, trustPem: string, requestPath: string, timeoutMs?: number) => requestAsEnvoy({
      port: running.tlsPort, validation, trustedCaPem: trustPem, clientCertificate: client, host: backend.host, path: requestPath, timeoutMs,
    });

    const observations: Observation[] = [];
    const failures: string[] = [];
    let requests = 0;
    let sequence = 0;
    const send = async () => {
      const { client, trustPem, phase } = state;
      const requestPath = `/anything/lifecycle-${++sequence}`;
      const outcome = await ask(client, trustPem, requestPath);
      requests += 1;
      const seen = upstream.requests.find((request) => request.url === requestPath);
      if (acceptedAs(client.subject).met(outcome, seen) && outcome.kind === 'response') {
        observations.push({ at: Date.now(), serverSerial: outcome.serverSerial, clientSerial: normalizeSerial(String(seen!.headers['x-client-serial'] ?? '')) });
      } else {
        failures.push(`${phase}: ${requestPath}: ${describeOutcome(outcome, seen)}`);
      }
    };
    timers.push(everyInterval(options.requestIntervalMs ?? 100, 4, pending, send));

    let refusalChecks = 0;
    const refusalFailures: string[] = [];
    const mustRefuse = async (label: string, client: IssuedSecret, expectation: Expectation) => {
      const requestPath = `/anything/lifecycle-refusal-${++sequence}`;
      const outcome = await ask(client, state.trustPem, requestPath);
      refusalChecks += 1;
      const seen = upstream.requests.find((request) => request.url === requestPath);
      if (!expectation.met(outcome, seen)) refusalFailures.push(`${state.phase}: ${label}: expected ${expectation.description}, got ${describeOutcome(outcome, seen)}`);
      return outcome;
    };
    const checkRefusals = () => Promise.all([
      mustRefuse('client certificate from another CA', foreignClient, REFUSED_BY_BACKEND),
      mustRefuse('expired client certificate', expiredClient, REFUSED_BY_BACKEND),
      mustRefuse('client certificate from the CA with another identity', state.intruder, FORBIDDEN_BY_BACKEND),
    ]);
    timers.push(everyInterval(1000, 1, pending, checkRefusals));

    const steps: LifecycleStep[] = [];
    const extraRenewalProblems: string[] = [];
    const reloadLatenciesMs: number[] = [];
    const record = (name: (typeof LIFECYCLE_STEPS)[number], passed: boolean, detail: string) => {
      steps.push({ name, passed, detail });
      return passed || !options.failFast;
    };
    /** Swaps the server Secret and waits until a handshake serves the new certificate. */
    const swapServer = async (secret: IssuedSecret, withinMs = servedWithinMs): Promise<string> => {
      const swappedAt = Date.now();
      await running.renewSecret(serverMount.mountPath, secret);
      const servedAt = await waitFor(
        () => observations.find((seen) => seen.at > swappedAt && seen.serverSerial === secret.serial)?.at, withinMs);
      if (servedAt === undefined) {
        const last = observations[observations.length - 1]?.serverSerial ?? 'nothing';
        return `still serving serial ${last} ${withinMs} ms after the swap to serial ${secret.serial}`;
      }
      reloadLatenciesMs.push(servedAt - swappedAt);
      return '';
    };

    await run();
    const pooledFigures = await pool.stop();
    if (steps.length === LIFECYCLE_STEPS.length - 1) {
      const { requests: sent, reusedRequests, connectionReloads, pooledAtSignal, failures: lost } = pooledFigures;
      // A pooled connection still open when nginx gets its signal is one a request may be sent on as nginx closes it:
      // the race that fails a request in some reloads and not in others. The drain must leave none, in every run.
      record(LIFECYCLE_STEPS[7], lost.length === 0 && pooledAtSignal === 0 && connectionReloads > 0 && extraRenewalProblems.length === 0,
        `${sent} requests (${reusedRequests} on reused connections), ${connectionReloads} pooled connections open when a reload or stop began `
        + `(${pooledAtSignal} still open at nginx's signal), ${lost.length} failed${lost.length > 0 ? `: ${lost.slice(0, 3).join('; ')}` : ''}`
        + `${extraRenewalProblems.length > 0 ? `; ${extraRenewalProblems.join('; ')}` : ''}`);
    }
    return {
      service: backend.service,
      checkIntervalSeconds,
      drainSeconds,
      steps,
      requests,
      failures,
      refusalChecks,
      reloadLatenciesMs,
      pooled: pooledFigures,
      passed: steps.length === LIFECYCLE_STEPS.length && steps.every((step) => step.passed),
    };

    /**
     * When this machine's pace says the first certificates may expire before `what` is served, the run is planned
     * again with longer lifetimes (once) rather than failing for the machine's pace.
     */
    function planFits(what: string, needsMs: number): void {
      const leftMs = t0 + oldExpiryMs - Date.now();
      if (lifetimeScale === 1 && !options.failFast && leftMs < needsMs) {
        throw new TooSlowForPlan(`${leftMs} ms were left before the first certificates expired, and ${what} may need ${needsMs} ms`);
      }
    }

    async function run(): Promise<void> {
      // Both reloads must be served before the first certificates expire: one at its bound, one at a usual pace.
      planFits('both reloads', servedWithinMs + 4000);
      // 1. The server certificate, renewed from the same CA, while a slow request is in flight.
      enter('server renewal');
      const server2 = await ahead.server2;
      // In flight until nginx has got HUP (its master logs the signal), answered only then.
      const release = upstream.hold(SLOW_PATH);
      const unfollowHup = running.follow(/\[notice\] \d+#\d+: signal 1 \(SIGHUP\) received/, release);
      const slow = ask(state.client, state.trustPem, SLOW_PATH, servedWithinMs + 5000).finally(unfollowHup);
      const pooledBefore = pool.figures().failures.length;
      const served2 = await swapServer(server2);
      const pooledLost = pool.figures().failures.slice(pooledBefore);
      if (!record(LIFECYCLE_STEPS[0], served2 === '' && pooledLost.length === 0, served2
        || `serial ${server2.serial} served ${last(reloadLatenciesMs)} ms after the swap (check interval ${checkIntervalSeconds ?? 'none'} s); `
        + `${pooledLost.length} pooled keep-alive requests failed${pooledLost.length > 0 ? `: ${pooledLost.slice(0, 2).join('; ')}` : ''}`)) return;
      const slowOutcome = await slow;
      if (!record(LIFECYCLE_STEPS[1], slowOutcome.kind === 'response' && slowOutcome.status === 200,
        `GET ${SLOW_PATH}, sent before the swap and answered after nginx got HUP: ${describeOutcome(slowOutcome, upstream.requests.find((request) => request.url === SLOW_PATH))}`)) return;

      // 2. Envoy's client certificate, renewed: Envoy Gateway re-reads the Secret and presents the new one.
      enter('client renewal');
      const client2 = await ahead.client2;
      const switchedAt = Date.now();
      state.client = client2;
      pool.setCredentials({ client: client2, trustedCaPem: state.trustPem });
      const admittedAt = await waitFor(
        () => observations.find((seen) => seen.at > switchedAt && seen.clientSerial === client2.serial)?.at, servedWithinMs);
      if (!record(LIFECYCLE_STEPS[2], admittedAt !== undefined,
        admittedAt === undefined ? `no request with client serial ${client2.serial} was admitted within ${servedWithinMs} ms` : `client serial ${client2.serial} admitted ${admittedAt - switchedAt} ms after Envoy switched to it`)) return;

      // 3. The CA, renewed as the chart renders it (rotationPolicy Never: same key, new certificate). Envoy trusts the
      // new CA certificate at once (the Secret's ca.crt, or the Bundle), and presents a client certificate from it,
      // while nginx still trusts the old CA certificate and serves the old server certificate until it reloads.
      enter('CA rotation');
      const [ca2, server3, client3, intruder2] = await ahead.rotated;
      // The rotation's reload must be served before the first certificates expire.
      // Its reload takes about as long as the first one: that, with two seconds to spare.
      planFits('the rotation', Math.max(...reloadLatenciesMs) + 2000);
      Object.assign(state, { client: client3, trustPem: ca2.caPem, intruder: intruder2 });
      pool.setCredentials({ client: client3, trustedCaPem: ca2.caPem });
      const failedBefore = failures.length + pool.figures().failures.length;
      const served3 = await swapServer(server3);
      await sleep(1000);
      const rotationFailures = failures.length + pool.figures().failures.length - failedBefore;
      if (!record(LIFECYCLE_STEPS[3], served3 === '' && rotationFailures === 0,
        served3 || `CA serial ${ca1.serial} → ${ca2.serial} (${keptKey ? 'same key' : 'new key'}); server serial ${server3.serial} served ${last(reloadLatenciesMs)} ms after the swap; ${rotationFailures} failed requests meanwhile (fresh and pooled)`)) return;

      // 4. Everything the old CA certificate signed, and the old CA certificate itself, expire.
      enter('expiry');
      const lastExpiry = Math.max(...[ca1, server1, server2, client1, client2].map((issued) => issued.notAfter.getTime()));
      await sleep(lastExpiry + 1500 - Date.now());
      const expired = await Promise.all([client1, client2].map((client) => ask(client, state.trustPem, `/anything/lifecycle-expired-${++sequence}`)));
      refusalChecks += expired.length;
      const stillAdmitted = expired.filter((outcome) => !REFUSED_BY_BACKEND.met(outcome, undefined));
      const servedSince = observations
        .filter((seen) => seen.at > lastExpiry + 1000 && seen.serverSerial === server3.serial && seen.clientSerial === client3.serial).length;
      if (!record(LIFECYCLE_STEPS[4], stillAdmitted.length === 0 && servedSince > 0,
        `after ${new Date(lastExpiry).toISOString()}: old client certificates ${expired.map(describe).join(', ')}; ${servedSince} requests served with the new certificates`)) return;

      // More renewals under the same traffic, for a bigger count of connection-reloads; what they measure is the
      // requests, so a reload slowed by a loaded machine gets more time before it counts as not served.
      for (let round = 1; round <= (options.extraRenewals ?? 0); round++) {
        enter(`extra renewal ${round}`);
        const unserved = await swapServer(await pki.issue(serverMount.certificate, { label: `server-extra-${round}`, signer: ca2 }), 3 * servedWithinMs);
        if (unserved) extraRenewalProblems.push(`extra renewal ${round}: ${unserved}`);
      }

      await sleep(1000);
      for (const timer of timers) clearInterval(timer);
      await Promise.all(pending);
      record(LIFECYCLE_STEPS[5], refusalFailures.length === 0 && refusalChecks > 0,
        refusalFailures.length === 0 ? `${refusalChecks} refusal checks, all refused` : `${refusalFailures.length} of ${refusalChecks} admitted: ${refusalFailures.slice(0, 3).join('; ')}`);
      record(LIFECYCLE_STEPS[6], failures.length === 0 && requests > 0,
        failures.length === 0 ? `${requests} requests, none failed` : `${failures.length} of ${requests} failed: ${failures.slice(0, 3).join('; ')}`);
    }
  } finally {
    for (const timer of timers) clearInterval(timer);
    unfollow();
    await Promise.allSettled([...pending, pooled?.stop()]);
    await tlsFront?.stop();
    await upstream.stop();
    // Nothing issued ahead may still write into the work folder when it is removed.
    await pki.settled();
  }
}

const POOLED_PATH = '/anything/pooled';
/** The request in flight across the first reload. */
const SLOW_PATH = '/anything/lifecycle-in-flight';

/** The reloader's lines that begin a reload or stop (its drain), and those that signal nginx. */
const RELOAD_LOG_LINE = /certificate-reloader: (?:.*; closing each connection after its response|reloading nginx|stopping nginx)/;

/** The certificate reloader's check interval and drain, from the container's command (`sh <script> <interval> <drain> ...`). */
function reloaderTimings(argv: readonly string[], nginxIndex: number): { checkIntervalSeconds?: number; drainSeconds?: number } {
  const [interval, drain] = [Number(argv[2]), Number(argv[3])];
  return {
    checkIntervalSeconds: nginxIndex > 0 && Number.isInteger(interval) && interval > 0 ? interval : undefined,
    drainSeconds: nginxIndex > 0 && Number.isInteger(drain) && drain >= 0 ? drain : undefined,
  };
}

/** The CA Certificate behind a CA issuer; throws for a self-signed certificate, which has no CA to rotate. */
function caOf(certificate: CertificateModel): CertificateModel {
  if (certificate.signer.kind !== 'ca') throw new Error(`${certificate.id} is self-signed; the lifecycle rotates the CA that signs it, and there is none`);
  return certificate.signer.caCertificate;
}

/** Polls until `probe` returns a value, or `timeoutMs` passes (undefined). */
async function waitFor<T>(probe: () => T | undefined, timeoutMs: number): Promise<T | undefined> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value !== undefined || Date.now() > deadline) return value;
    await sleep(50);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
}

function last(values: readonly number[]): number | undefined {
  return values[values.length - 1];
}

function describe(outcome: EnvoyOutcome): string {
  return describeOutcome(outcome, undefined).replace(/; upstream saw nothing$/, '');
}

/** The lifecycle's report: one line per step, then the figures. */
export function formatLifecycleReport(result: LifecycleResult): string {
  const lines = [
    `Lifecycle of ${result.service} (${result.checkIntervalSeconds === undefined ? 'nginx alone, no certificate reloader' : `certificate check every ${result.checkIntervalSeconds} s`})`,
    ...result.steps.map((step) => `${step.passed ? 'PASS' : 'FAIL'}  ${step.name}: ${step.detail}`),
    ...LIFECYCLE_STEPS.slice(result.steps.length).map((name) => `SKIP  ${name}`),
    ...(result.replanned ? [`Planned again with lifetimes twice as long: ${result.replanned}.`] : []),
    `${result.requests} requests (${result.failures.length} failed), ${result.refusalChecks} refusal checks, reload latencies ${result.reloadLatenciesMs.join(', ') || '-'} ms, ${(result.durationMs / 1000).toFixed(1)} s.`,
    `Pooled keep-alive client: ${result.pooled.requests} requests (${result.pooled.failures.length} failed), ${result.pooled.connectionReloads} connection-reloads.`,
    result.passed ? 'The lifecycle passed.' : 'The lifecycle FAILED: certificates would not renew or rotate without an outage.',
  ];
  return `${lines.join('\n')}\n`;
}
