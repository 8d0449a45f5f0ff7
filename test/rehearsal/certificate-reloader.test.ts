import { promises as fs, existsSync } from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration } from 'cdk8s';
import { resolveRehearsalModel } from '../../tools/rehearsal/chart-model';
import { requestAsEnvoy } from '../../tools/rehearsal/envoy-client';
import { IssuedSecret, Pki } from '../../tools/rehearsal/pki';
import { startTlsFront, TlsFront } from '../../tools/rehearsal/tls-front';
import { startUpstream, Upstream } from '../../tools/rehearsal/upstream';
import { isRunning, processesUsing } from '../support/processes';
import { synthesizedChart } from './chart-objects';

/**
 * The chart's TLS front (certificate reloader checking every second) on loopback, with the chart's certificates.
 * Each scenario runs its own front, all at once, since each waits mostly on the reloader's drain; the tests then
 * assert what each saw. Every wait ends on the event it waits for; its bound only matters when the event never comes.
 */
describe('the certificate reloader the chart runs nginx under', () => {
  const [backend] = resolveRehearsalModel(synthesizedChart({ httpbin: { certificateCheckInterval: Duration.seconds(1) } })).backends;
  const mountPath = backend.front.serverCertificateMount.mountPath;
  let workDir: string;
  let pki: Pki;
  let upstream: Upstream;
  let client: IssuedSecret;
  let server: IssuedSecret;

  const servedSerial = async (front: TlsFront) => {
    const outcome = await requestAsEnvoy({
      port: front.tlsPort, validation: backend.validation, trustedCaPem: server.caPem, clientCertificate: client, host: backend.host, path: '/anything/reloader',
    });
    return outcome.kind === 'response' ? outcome.serverSerial : `${outcome.kind} ${outcome.code}`;
  };
  /** Polls every 50 ms until `done` holds, for at most 30 seconds (a loaded machine); the tests then assert on what was seen. */
  const eventually = async (done: () => Promise<boolean> | boolean) => {
    for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  /** A keep-alive request as Envoy's pool makes it: its status and the Connection header nginx answers with. */
  const keepAliveRequest = (front: TlsFront) => new Promise<string>((resolve) => {
    const agent = new https.Agent({ keepAlive: true });
    https.get({
      agent, host: '127.0.0.1', port: front.tlsPort, path: '/anything/keep-alive', headers: { host: backend.host }, servername: backend.validation.hostname,
      ca: server.caPem, cert: client.certificatePem, key: client.keyPem, checkServerIdentity: () => undefined,
    }, (response) => {
      response.resume();
      response.on('end', () => {
        agent.destroy();
        resolve(`${response.statusCode} connection: ${response.headers.connection}`);
      });
    }).on('error', (error) => resolve(error.message));
  });
  const drainFlag = (front: TlsFront) => path.join(front.root, 'tmp/draining');
  const nginxPidOf = async (front: TlsFront) => Number(await fs.readFile(path.join(front.root, 'tmp/nginx.pid'), 'utf8'));
  /** Runs `scenario` against a front of its own, stopped afterwards whatever happens. */
  const withFront = async <T>(name: string, scenario: (front: TlsFront) => Promise<T>): Promise<T> => {
    const root = path.join(workDir, name);
    const front = await startTlsFront(backend.front, { root, secrets: { [mountPath]: server }, upstreamPort: upstream.port });
    try {
      return await scenario(front);
    } finally {
      await front.stop();
    }
  };

  const scenarios = {
    refusedRenewal: () => withFront('refused-renewal', async (front) => {
      const renewed = await pki.issue(backend.front.serverCertificateMount.certificate, { label: 'renewed' });
      const mismatched = path.join(workDir, 'mismatched');
      await fs.mkdir(mismatched, { recursive: true });
      await Promise.all([
        fs.copyFile(path.join(renewed.dir, 'tls.crt'), path.join(mismatched, 'tls.crt')),
        fs.copyFile(path.join(server.dir, 'tls.key'), path.join(mismatched, 'tls.key')),
        fs.copyFile(path.join(renewed.dir, 'ca.crt'), path.join(mismatched, 'ca.crt')),
      ]);
      await front.renewSecret(mountPath, { ...renewed, dir: mismatched });
      await eventually(async () => /nginx -t refuses them/.test(await front.log()));
      const logAfterRefusal = await front.log();
      const servedAfterRefusal = await servedSerial(front);
      await front.renewSecret(mountPath, renewed);
      let servedAfterRenewal = '';
      await eventually(async () => (servedAfterRenewal = await servedSerial(front)) === renewed.serial);
      return { renewed, logAfterRefusal, servedAfterRefusal, servedAfterRenewal };
    }),
    drainedRenewal: () => withFront('drained-renewal', async (front) => {
      const before = await keepAliveRequest(front);
      await front.renewSecret(mountPath, await pki.issue(backend.front.serverCertificateMount.certificate, { label: 'drained' }));
      await eventually(() => existsSync(drainFlag(front)));
      const during = await keepAliveRequest(front);
      await eventually(() => !existsSync(drainFlag(front)));
      const flagLeft = existsSync(drainFlag(front));
      return { before, during, flagLeft, after: await keepAliveRequest(front), log: await front.log() };
    }),
    term: () => withFront('term', async (front) => {
      const nginxPid = await nginxPidOf(front);
      const termAt = Date.now();
      process.kill(front.pid, 'SIGTERM');
      await eventually(() => existsSync(drainFlag(front)));
      const during = await keepAliveRequest(front);
      await eventually(() => !isRunning(front.pid) && !isRunning(nginxPid));
      return { during, running: [isRunning(front.pid), isRunning(nginxPid)], stoppedAfterMs: Date.now() - termAt, log: await front.log() };
    }),
    quit: () => withFront('quit', async (front) => {
      const nginxPid = await nginxPidOf(front);
      process.kill(front.pid, 'SIGQUIT');
      await eventually(() => !isRunning(front.pid) && !isRunning(nginxPid));
      return { running: [isRunning(front.pid), isRunning(nginxPid)], log: await front.log() };
    }),
    nginxDies: () => withFront('nginx-dies', async (front) => {
      process.kill(await nginxPidOf(front), 'SIGKILL');
      await eventually(() => !isRunning(front.pid));
      return { reloaderRunning: isRunning(front.pid) };
    }),
  };
  type Outcomes = { [name in keyof typeof scenarios]: Awaited<ReturnType<(typeof scenarios)[name]>> };
  let settled: Record<string, PromiseSettledResult<unknown>>;
  /** What a scenario saw; throws what it threw. */
  const outcome = <K extends keyof Outcomes>(name: K): Outcomes[K] => {
    const result = settled[name];
    if (result.status === 'rejected') throw result.reason;
    return result.value as Outcomes[K];
  };

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reloader-test-'));
    await fs.chmod(workDir, 0o755);
    pki = new Pki(path.join(workDir, 'pki'));
    [server, client] = await Promise.all([
      pki.issue(backend.front.serverCertificateMount.certificate),
      pki.issue(backend.clientCertificate!.certificate),
    ]);
    upstream = await startUpstream();
    const names = Object.keys(scenarios) as (keyof typeof scenarios)[];
    const results = await Promise.allSettled(names.map((name) => scenarios[name]()));
    settled = Object.fromEntries(names.map((name, index) => [name, results[index]]));
  }, 90_000);
  afterAll(async () => {
    await upstream?.stop();
    await fs.rm(workDir, { recursive: true, force: true });
  });

  test('a renewal nginx refuses (a key that does not match the certificate) leaves the previous certificate serving', () => {
    const { renewed, logAfterRefusal, servedAfterRefusal, servedAfterRenewal } = outcome('refusedRenewal');
    expect(logAfterRefusal).toMatch(/certificate-reloader: certificates changed, but nginx -t refuses them; nginx keeps serving the previous ones/);
    expect(servedAfterRefusal).toBe(server.serial);
    expect(servedAfterRenewal).toBe(renewed.serial);
  });

  test('a renewal drains first: every response closes its connection until the old workers are gone, then keep-alive again', () => {
    const { before, during, flagLeft, after, log } = outcome('drainedRenewal');
    expect(before).toBe('200 connection: keep-alive');
    expect(during).toBe('200 connection: close');
    expect(flagLeft).toBe(false);
    expect(after).toBe('200 connection: keep-alive');
    expect(log).toMatch(/certificate-reloader: certificates changed; closing each connection after its response for 4s\n[^]*certificate-reloader: reloading nginx\n/);
  });

  test('TERM (the kubelet deleting the pod): nginx keeps serving, closing each connection after its response, then stops gracefully', () => {
    const { during, running: stillRunning, stoppedAfterMs, log } = outcome('term');
    expect(during).toBe('200 connection: close');
    expect(stillRunning).toEqual([false, false]);
    // The drain took its 4 seconds: nginx was not stopped at once.
    expect(stoppedAfterMs).toBeGreaterThanOrEqual(4000);
    expect(log).toMatch(/certificate-reloader: TERM received; closing each connection after its response for 4s\n[^]*certificate-reloader: stopping nginx gracefully\n[^]*signal 3 \(SIGQUIT\) received/);
  });

  test('QUIT to the reloader shuts nginx down gracefully, and the reloader exits after it', () => {
    const { running: stillRunning, log } = outcome('quit');
    expect(stillRunning).toEqual([false, false]);
    expect(log).toMatch(/signal 3 \(SIGQUIT\) received from \d+, shutting down/);
  });

  test('the reloader exits when nginx dies, so the kubelet restarts the container', () => {
    expect(outcome('nginxDies').reloaderRunning).toBe(false);
  });

  test('every front is stopped once its scenario ends', () => {
    expect(processesUsing(workDir)).toEqual([]);
  });
});
