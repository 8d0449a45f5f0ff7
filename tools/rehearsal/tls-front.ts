import { promises as fs, openSync, closeSync, fchmodSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { MountModel, TlsFrontModel } from './chart-model';
import { freeLoopbackPort, LOOPBACK } from './loopback';
import { rewriteNginxConf } from './nginx-conf-rewrite';
import { IssuedSecret } from './pki';
import { toolPath } from './prerequisites';
import { hasExited, startProcess, stopProcess } from './processes';

/** What to run the front with. */
export interface TlsFrontOptions {
  /** A fresh folder that stands in for the pod's filesystem. */
  readonly root: string;
  /** The issued Secret for each Secret mount, by mountPath. */
  readonly secrets: Readonly<Record<string, IssuedSecret>>;
  /** The stand-in's loopback port, which takes the place of every other container of the pod. */
  readonly upstreamPort: number;
  /** How long to wait for the front to become ready. @default 10 seconds */
  readonly readyTimeoutMs?: number;
}

/** A running TLS front. */
export interface TlsFront {
  /** The loopback port that takes the place of the container's TLS port. */
  readonly tlsPort: number;
  /** Who nginx runs as, for the report. */
  readonly runsAs: string;
  stop(): Promise<void>;
}

/**
 * Starts the backend's TLS front as the Deployment runs it: the same program (nginx) with the chart's own
 * nginx.conf, the volumes' files at the mount paths (under `root`), as the container's runAsUser when this
 * process may switch users. The conf changes only in paths, listen addresses (127.0.0.1, free ports) and the
 * upstream port (see {@link rewriteNginxConf}). Resolves once the container's readiness probe answers 200.
 */
export async function startTlsFront(front: TlsFrontModel, options: TlsFrontOptions): Promise<TlsFront> {
  const { root } = options;
  await fs.mkdir(root, { recursive: true });
  await fs.chmod(root, 0o755);
  const hostPath = (podPath: string) => path.join(root, podPath);
  await Promise.all(front.mounts.map((mount) => placeVolume(mount, hostPath(mount.mountPath), options.secrets)));

  const listenPorts: Record<number, number> = {};
  for (const port of front.containerPorts) listenPorts[port] = await freeLoopbackPort();
  const upstreamPorts = Object.fromEntries(Object.keys(front.siblingPorts).map((port) => [port, options.upstreamPort]));
  const conf = rewriteNginxConf(front.conf, {
    paths: front.mounts.map((mount) => ({
      podPath: mount.mountPath,
      hostPath: hostPath(mount.mountPath),
      required: !front.confPath.startsWith(`${mount.mountPath}/`),
    })),
    listenPorts,
    upstreamPorts,
  });
  const confFile = hostPath(front.confPath);
  await fs.writeFile(confFile, conf, { mode: 0o644 });

  const args = front.argv.slice(1).map((arg, index, all) => (all[index - 1] === '-c' ? confFile : arg));
  // -p keeps relative paths inside root; -e writes startup errors to stderr instead of the Debian default log.
  const nginxArgs = ['-p', `${root}/`, '-e', 'stderr', ...args];
  const logFile = path.join(root, 'nginx.log');
  // A file, not a pipe: the conf opens /dev/stderr by path, which fails on a socket.
  const logFd = openSync(logFile, 'w', 0o666);
  fchmodSync(logFd, 0o666);
  const { user, runsAs } = runAsUser(front);
  const child = startProcess(toolPath('nginx'), nginxArgs, { stdio: ['ignore', logFd, logFd], ...user });
  closeSync(logFd);
  const log = () => fs.readFile(logFile, 'utf8').catch(() => '');
  const stop = () => stopProcess(child);
  try {
    await waitUntilReady(front, listenPorts, child, options.readyTimeoutMs ?? 10_000);
  } catch (error) {
    await stop();
    throw new Error(`${front.id}: nginx did not become ready: ${(error as Error).message}\n--- nginx output ---\n${await log()}`);
  }
  return { tlsPort: listenPorts[front.tlsPort], runsAs, stop };
}

async function placeVolume(mount: MountModel, dir: string, secrets: Readonly<Record<string, IssuedSecret>>): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  switch (mount.kind) {
    case 'Secret': {
      const secret = secrets[mount.mountPath];
      if (!secret) throw new Error(`no issued Secret for the mount at ${mount.mountPath}`);
      // The kubelet's default Secret file mode is 0644.
      await Promise.all(Object.entries(mount.files).map(([file, key]) => fs.copyFile(path.join(secret.dir, key), path.join(dir, file)).then(() => fs.chmod(path.join(dir, file), 0o644))));
      await fs.chmod(dir, 0o755);
      return;
    }
    case 'ConfigMap':
      await Promise.all(Object.entries(mount.files).map(([file, content]) => fs.writeFile(path.join(dir, file), content, { mode: 0o644 })));
      await fs.chmod(dir, 0o755);
      return;
    case 'EmptyDir':
      // emptyDir is world-writable, so any runAsUser can use it.
      await fs.chmod(dir, 0o777);
      return;
  }
}

/** The container's runAsUser/runAsGroup when this process is root and may switch; otherwise the current user. */
function runAsUser(front: TlsFrontModel): { user: { uid?: number; gid?: number }; runsAs: string } {
  const isRoot = process.getuid?.() === 0;
  if (isRoot && front.runAsUser !== undefined) {
    const gid = front.runAsGroup ?? front.runAsUser;
    return { user: { uid: front.runAsUser, gid }, runsAs: `uid ${front.runAsUser} gid ${gid}, as the Deployment's securityContext says` };
  }
  const reason = isRoot ? 'the Deployment sets no runAsUser' : `not root here, so it cannot switch to the Deployment's runAsUser ${front.runAsUser}`;
  return { user: {}, runsAs: `uid ${process.getuid?.()} (${reason})` };
}

/** Polls the container's readiness probe (or its TLS port) as kubelet would, failing early if nginx exits. */
async function waitUntilReady(front: TlsFrontModel, listenPorts: Record<number, number>, child: ReturnType<typeof startProcess>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  const spawnError = new Promise<Error>((resolve) => child.once('error', resolve));
  let lastProblem = 'not probed yet';
  while (Date.now() < deadline) {
    const failed = await Promise.race([spawnError, new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), 20))]);
    if (failed) throw new Error(`could not start nginx: ${failed.message}`);
    if (hasExited(child)) throw new Error(`nginx exited with ${child.exitCode ?? child.signalCode} before it was ready`);
    lastProblem = front.readiness
      ? await probe(listenPorts[front.readiness.port], front.readiness.path)
      : await probe(listenPorts[front.tlsPort], undefined);
    if (lastProblem === '') return;
  }
  throw new Error(`not ready after ${timeoutMs} ms (${lastProblem})`);
}

/** '' when ready; otherwise what was wrong. Without a path, only checks that the port accepts connections. */
function probe(port: number | undefined, probePath: string | undefined): Promise<string> {
  if (port === undefined) return Promise.resolve('the probe names a port the container does not declare');
  return new Promise((resolve) => {
    const request = http.get({ host: LOOPBACK, port, path: probePath ?? '/', timeout: 1_000, agent: false }, (response) => {
      response.resume();
      resolve(probePath === undefined || response.statusCode === 200 ? '' : `readiness probe ${probePath} answered ${response.statusCode}`);
    });
    request.once('error', (error) => resolve(probePath === undefined && (error as NodeJS.ErrnoException).code !== 'ECONNREFUSED' ? '' : error.message));
    request.once('timeout', () => request.destroy(new Error('probe timed out')));
  });
}
