import { promises as fs, openSync, closeSync, fchmodSync, readSync, statSync } from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import { MountModel, TlsFrontModel } from './chart-model';
import { freeLoopbackPort, LOOPBACK } from './loopback';
import { rewriteNginxConf } from './nginx-conf-rewrite';
import { IssuedSecret } from './pki';
import { toolPath } from './prerequisites';
import { hasExited, startProcess, stopProcess, waitForExit } from './processes';
import { writeSecretVolume } from './secret-volume';

/** What to run the front with. */
export interface TlsFrontOptions {
  /** A fresh folder that stands in for the pod's filesystem. */
  readonly root: string;
  /** The issued Secret for each Secret mount, by mountPath. */
  readonly secrets: Readonly<Record<string, IssuedSecret>>;
  /** The stand-in's loopback port, which takes the place of every other container of the pod. */
  readonly upstreamPort: number;
  /** How long to wait for the front to become ready. @default 30 seconds - nginx starts in milliseconds; a loaded machine may take long */
  readonly readyTimeoutMs?: number;
}

/** A running TLS front. */
export interface TlsFront {
  /** The loopback port that takes the place of the container's TLS port. */
  readonly tlsPort: number;
  /** The container's main process: nginx, or the script that runs it. */
  readonly pid: number;
  /** The folder standing in for the pod's filesystem. */
  readonly root: string;
  /** The loopback port of each container port. */
  readonly listenPorts: Readonly<Record<number, number>>;
  /** Who nginx runs as, for the report. */
  readonly runsAs: string;
  /** Swaps a renewed Secret into the mount at `mountPath` as the kubelet does (see {@link writeSecretVolume}). */
  renewSecret(mountPath: string, secret: IssuedSecret): Promise<void>;
  /** What the front wrote to stdout and stderr so far: nginx's access and error logs, and the reloader's lines. */
  log(): Promise<string>;
  /** Calls `onLine` with each line the front writes from now on that matches `pattern`, within about 10 ms; returns a function that stops following. */
  follow(pattern: RegExp, onLine: (line: string) => void): () => void;
  /**
   * Stops the container as the kubelet deletes a pod: TERM to its main process only, then, after `graceMs` (the
   * pod's terminationGracePeriodSeconds), KILL to everything left. Resolves with whether it exited within the grace.
   */
  terminate(graceMs: number): Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Starts the backend's TLS front as the Deployment runs it: the same command (nginx, or the script from the
 * ConfigMap that starts nginx) with the chart's own nginx.conf, the volumes' files at the mount paths (under
 * `root`, Secrets laid out as the kubelet does with the volume's mode and the pod's fsGroup), as the container's
 * runAsUser when this process may switch users. The conf changes only in paths, listen addresses (127.0.0.1,
 * free ports) and the upstream port (see {@link rewriteNginxConf}); the command only in paths and in where the
 * shell and nginx are installed here. Resolves once the container's readiness probe answers 200.
 */
export async function startTlsFront(front: TlsFrontModel, options: TlsFrontOptions): Promise<TlsFront> {
  const { root } = options;
  await fs.mkdir(root, { recursive: true });
  await fs.chmod(root, 0o755);
  const hostPath = (podPath: string) => path.join(root, podPath);
  await Promise.all(front.mounts.map((mount) => placeVolume(mount, hostPath(mount.mountPath), options.secrets, front.fsGroup)));

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

  const { program, args } = commandLine(front, root, confFile);
  const logFile = path.join(root, 'nginx.log');
  // A file, not a pipe: the conf opens /dev/stderr by path, which fails on a socket. Appending, as nginx does on
  // its own descriptors, so the reloader's lines and nginx's never overwrite each other.
  const logFd = openSync(logFile, 'a', 0o666);
  fchmodSync(logFd, 0o666);
  const { user, runsAs } = runAsUser(front);
  const child = startProcess(program, args, { stdio: ['ignore', logFd, logFd], ...user });
  closeSync(logFd);
  const log = () => fs.readFile(logFile, 'utf8').catch(() => '');
  // INT: nginx's fast shutdown, and the certificate reloader's stop without its drain (TERM is the kubelet's, see terminate).
  const stop = () => stopProcess(child, undefined, 'SIGINT');
  try {
    await waitUntilReady(front, listenPorts, child, options.readyTimeoutMs ?? 30_000);
  } catch (error) {
    await stop();
    throw new Error(`${front.id}: nginx did not become ready: ${(error as Error).message}\n--- nginx output ---\n${await log()}`);
  }
  const renewSecret = async (mountPath: string, secret: IssuedSecret) => {
    const mount = front.mounts.find((candidate) => candidate.kind === 'Secret' && candidate.mountPath === mountPath);
    if (!mount || mount.kind !== 'Secret') throw new Error(`${front.id} mounts no Secret at ${mountPath}`);
    await writeSecretVolume(hostPath(mountPath), { files: await secretFiles(mount, secret), mode: mount.defaultMode, fsGroup: front.fsGroup });
  };
  const follow = (pattern: RegExp, onLine: (line: string) => void) => followFile(logFile, pattern, onLine);
  const terminate = async (graceMs: number) => {
    if (!hasExited(child)) child.kill('SIGTERM');
    const exited = await waitForExit(child, graceMs);
    await stop();
    return exited;
  };
  return { pid: child.pid!, root, tlsPort: listenPorts[front.tlsPort], listenPorts, runsAs, renewSecret, log, follow, terminate, stop };
}

/**
 * The container's command as it runs here: nginx from this machine with `-p <root>/ -e stderr` (relative paths
 * stay inside root; startup errors go to stderr, not the Debian default log), BusyBox's sh (the image's shell) for a
 * script, and every pod path under a mount moved under root.
 */
function commandLine(front: TlsFrontModel, root: string, confFile: string): { program: string; args: string[] } {
  const mountPaths = front.mounts.map((mount) => mount.mountPath);
  const moved = front.argv.map((arg, index) => {
    if (front.argv[index - 1] === '-c' && index > front.nginxIndex) return confFile;
    return mountPaths.some((mountPath) => arg === mountPath || arg.startsWith(`${mountPath}/`)) ? path.join(root, arg) : arg;
  });
  const nginx = [toolPath('nginx'), '-p', `${root}/`, '-e', 'stderr'];
  if (front.nginxIndex === 0) return { program: nginx[0], args: [...nginx.slice(1), ...moved.slice(1)] };
  return { program: toolPath('busybox'), args: ['sh', ...moved.slice(1, front.nginxIndex), ...nginx, ...moved.slice(front.nginxIndex + 1)] };
}

/** Polls `file` for appended lines that match `pattern`, from its current end. */
function followFile(file: string, pattern: RegExp, onLine: (line: string) => void): () => void {
  let offset = statSync(file).size;
  let partial = '';
  const timer = setInterval(() => {
    const size = statSync(file).size;
    if (size <= offset) return;
    const buffer = Buffer.alloc(size - offset);
    const fd = openSync(file, 'r');
    try {
      readSync(fd, buffer, 0, buffer.length, offset);
    } finally {
      closeSync(fd);
    }
    offset = size;
    const lines = (partial + buffer.toString('utf8')).split('\n');
    partial = lines.pop()!;
    for (const line of lines) if (pattern.test(line)) onLine(line);
  }, 10);
  return () => clearInterval(timer);
}

/** A Secret mount's files (name in the mount → content) from the issued Secret. */
async function secretFiles(mount: Extract<MountModel, { kind: 'Secret' }>, secret: IssuedSecret): Promise<Record<string, string>> {
  const entries = await Promise.all(Object.entries(mount.files).map(async ([file, key]) => [file, await fs.readFile(path.join(secret.dir, key), 'utf8')] as const));
  return Object.fromEntries(entries);
}

async function placeVolume(
  mount: MountModel, dir: string, secrets: Readonly<Record<string, IssuedSecret>>, fsGroup: number | undefined,
): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  switch (mount.kind) {
    case 'Secret': {
      const secret = secrets[mount.mountPath];
      if (!secret) throw new Error(`no issued Secret for the mount at ${mount.mountPath}`);
      await writeSecretVolume(dir, { files: await secretFiles(mount, secret), mode: mount.defaultMode, fsGroup });
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
async function waitUntilReady(
  front: TlsFrontModel, listenPorts: Record<number, number>, child: ReturnType<typeof startProcess>, timeoutMs: number,
): Promise<void> {
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
