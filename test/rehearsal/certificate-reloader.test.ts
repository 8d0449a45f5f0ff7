import { promises as fs, existsSync, readFileSync } from 'node:fs';
import * as https from 'node:https';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration } from 'cdk8s';
import { resolveRehearsalModel } from '../../tools/rehearsal/chart-model';
import { requestAsEnvoy } from '../../tools/rehearsal/envoy-client';
import { IssuedSecret, Pki } from '../../tools/rehearsal/pki';
import { startTlsFront, TlsFront } from '../../tools/rehearsal/tls-front';
import { startUpstream, Upstream } from '../../tools/rehearsal/upstream';
import { runAloneInRealTime } from '../support/real-time';
import { synthesizedChart } from './chart-objects';

/** The chart's TLS front (certificate reloader checking every second) on loopback, with the chart's certificates. */
runAloneInRealTime();

describe('the certificate reloader the chart runs nginx under', () => {
  const [backend] = resolveRehearsalModel(synthesizedChart({ httpbin: { certificateCheckInterval: Duration.seconds(1) } })).backends;
  const mountPath = backend.front.serverCertificateMount.mountPath;
  let workDir: string;
  let pki: Pki;
  let upstream: Upstream;
  let client: IssuedSecret;
  let server: IssuedSecret;
  let front: TlsFront;

  const servedSerial = async () => {
    const outcome = await requestAsEnvoy({
      port: front.tlsPort, validation: backend.validation, trustedCaPem: server.caPem, clientCertificate: client, host: backend.host, path: '/anything/reloader',
    });
    return outcome.kind === 'response' ? outcome.serverSerial : `${outcome.kind} ${outcome.code}`;
  };
  /** Polls until `done` holds, for at most ten seconds; the tests then assert on what was seen. */
  const eventually = async (done: () => Promise<boolean> | boolean) => {
    for (const deadline = Date.now() + 10_000; Date.now() < deadline;) {
      if (await done()) return;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  /** A keep-alive request as Envoy's pool makes it: its status and the Connection header nginx answers with. */
  const keepAliveRequest = () => new Promise<string>((resolve) => {
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
  const drainFlag = () => path.join(front.root, 'tmp/draining');
  // A process that has exited but is not yet reaped (a zombie) counts as gone.
  const running = (pid: number) => existsSync(`/proc/${pid}`) && !/^State:\s+Z/m.test(readStatus(pid));

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'reloader-test-'));
    await fs.chmod(workDir, 0o755);
    pki = new Pki(path.join(workDir, 'pki'));
    [server, client] = await Promise.all([
      pki.issue(backend.front.serverCertificateMount.certificate),
      pki.issue(backend.clientCertificate!.certificate),
    ]);
    upstream = await startUpstream();
  });
  beforeEach(async () => {
    front = await startTlsFront(backend.front, { root: path.join(workDir, `front-${Date.now()}`), secrets: { [mountPath]: server }, upstreamPort: upstream.port });
  });
  afterEach(() => front.stop());
  afterAll(async () => {
    await upstream.stop();
    await fs.rm(workDir, { recursive: true, force: true });
  });

  test('a renewal nginx refuses (a key that does not match the certificate) leaves the previous certificate serving', async () => {
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
    expect(await front.log()).toMatch(/certificate-reloader: certificates changed, but nginx -t refuses them; nginx keeps serving the previous ones/);
    expect(await servedSerial()).toBe(server.serial);

    await front.renewSecret(mountPath, renewed);
    let served = '';
    await eventually(async () => (served = await servedSerial()) === renewed.serial);
    expect(served).toBe(renewed.serial);
  });

  test('a renewal drains first: every response closes its connection until the old workers are gone, then keep-alive again', async () => {
    expect(await keepAliveRequest()).toBe('200 connection: keep-alive');
    await front.renewSecret(mountPath, await pki.issue(backend.front.serverCertificateMount.certificate, { label: 'drained' }));
    await eventually(() => existsSync(drainFlag()));
    expect(await keepAliveRequest()).toBe('200 connection: close');
    await eventually(() => !existsSync(drainFlag()));
    expect(existsSync(drainFlag())).toBe(false);
    expect(await keepAliveRequest()).toBe('200 connection: keep-alive');
    expect(await front.log()).toMatch(/certificate-reloader: certificates changed; closing each connection after its response for 4s\n[^]*certificate-reloader: reloading nginx\n/);
  });

  test('TERM (the kubelet deleting the pod): nginx keeps serving, closing each connection after its response, then stops gracefully', async () => {
    const nginxPid = Number(await fs.readFile(path.join(front.root, 'tmp/nginx.pid'), 'utf8'));
    const termAt = Date.now();
    process.kill(front.pid, 'SIGTERM');
    await eventually(() => existsSync(drainFlag()));
    expect(await keepAliveRequest()).toBe('200 connection: close');
    await eventually(() => !running(front.pid) && !running(nginxPid));
    expect([running(front.pid), running(nginxPid)]).toEqual([false, false]);
    // The drain took its 4 seconds: nginx was not stopped at once.
    expect(Date.now() - termAt).toBeGreaterThanOrEqual(4000);
    expect(await front.log()).toMatch(/certificate-reloader: TERM received; closing each connection after its response for 4s\n[^]*certificate-reloader: stopping nginx gracefully\n[^]*signal 3 \(SIGQUIT\) received/);
  });

  test('QUIT to the reloader shuts nginx down gracefully, and the reloader exits after it', async () => {
    const nginxPid = Number(await fs.readFile(path.join(front.root, 'tmp/nginx.pid'), 'utf8'));
    process.kill(front.pid, 'SIGQUIT');
    await eventually(() => !running(front.pid) && !running(nginxPid));
    expect([running(front.pid), running(nginxPid)]).toEqual([false, false]);
    expect(await front.log()).toMatch(/signal 3 \(SIGQUIT\) received from \d+, shutting down/);
  });

  test('the reloader exits when nginx dies, so the kubelet restarts the container', async () => {
    const nginxPid = Number(await fs.readFile(path.join(front.root, 'tmp/nginx.pid'), 'utf8'));
    process.kill(nginxPid, 'SIGKILL');
    await eventually(() => !running(front.pid));
    expect(running(front.pid)).toBe(false);
  });
});

function readStatus(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return 'State: Z (gone)';
  }
}
