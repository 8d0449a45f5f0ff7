import { request } from 'node:http';
import { connect, createServer } from 'node:net';
import { pinnedSubject } from '../../lib/core/client-identity';
import { clientCertificateOf } from '../rehearsal/chart-model';
import { ChartObjects } from '../rehearsal/chart-objects';
import { checkCertificateHealth } from './certificate-health';
import { kubectl, kubectlInBackground, requireReachableCluster } from './kubectl';
import { KubeObject, readManifests } from './manifests';

/** Options of {@link smoke}. */
export interface SmokeOptions {
  /** Manifest files or folders the setup was deployed from. @default ['dist'] */
  readonly paths?: string[];
  /** Namespace where Envoy Gateway runs the proxies. @default 'envoy-gateway-system' */
  readonly envoyNamespace?: string;
  /** Local port of the port-forward. @default the listener's port */
  readonly localPort?: number;
  /** Where progress goes. @default console.log */
  readonly log?: (line: string) => void;
}

/**
 * The local port `SMOKE_LOCAL_PORT` asks for, or undefined when it is unset or empty (the listener's port is used);
 * throws naming the variable and its value unless it is an integer from 1 to 65535.
 */
export function smokeLocalPort(value: string | undefined): number | undefined {
  const text = value?.trim();
  if (!text) return undefined;
  const port = Number(text);
  if (!/^\d+$/.test(text) || port < 1 || port > 65535) {
    throw new Error(`SMOKE_LOCAL_PORT is "${value}": set it to a free local port, an integer from 1 to 65535, or unset it to use the listener's port`);
  }
  return port;
}

/** What the smoke test requests and what it must see, all read from the manifests. */
export interface SmokeTarget {
  readonly gateway: KubeObject;
  readonly listenerPort: number;
  readonly hostname: string;
  /** The client certificate's commonName the backend must report as the verified caller. */
  readonly clientCommonName: string;
}

/** Reads the Gateway, its listener, the route's hostname and the client certificate's name from the manifests. */
export function smokeTarget(objects: KubeObject[]): SmokeTarget {
  const gateway = objects.find((object) => object.kind === 'Gateway');
  if (!gateway) throw new Error('the manifests hold no Gateway: nothing to smoke-test');
  const listener = gateway.spec.listeners[0];
  const route = objects.find((object) => object.kind === 'HTTPRoute'
    && object.spec.parentRefs?.some((parent: any) => parent.name === gateway.metadata.name));
  const hostname = route?.spec.hostnames?.[0] ?? listener.hostname;
  if (!hostname || hostname.startsWith('*')) throw new Error(`Gateway ${gateway.metadata.name}: no concrete hostname to send as Host`);
  const client = clientCertificateOf(new ChartObjects(objects), gateway);
  const clientCommonName = 'certificate' in client ? client.certificate.commonName : undefined;
  if (!clientCommonName) {
    throw new Error(`the manifests name no client certificate with a commonName for Envoy to present${'reason' in client ? `: ${client.reason}` : ''}`);
  }
  return { gateway, listenerPort: listener.port, hostname, clientCommonName };
}

/**
 * Checks an httpbin `/get` answer for the backend's evidence of mTLS: the TLS front sets `X-Client-Verify`
 * and `X-Client-Subject` from the client certificate it verified. Returns the verified subject.
 */
export function verifiedSubject(body: string, clientCommonName: string): string {
  let headers: Record<string, string | string[]>;
  try {
    headers = JSON.parse(body).headers;
  } catch {
    throw new Error(`the answer is not httpbin JSON: ${body.slice(0, 200)}`);
  }
  const header = (name: string) => {
    const value = Object.entries(headers ?? {}).find(([key]) => key.toLowerCase() === name.toLowerCase())?.[1];
    return Array.isArray(value) ? value[0] : value;
  };
  const verify = header('X-Client-Verify');
  if (verify !== 'SUCCESS') throw new Error(`the backend did not verify a client certificate (X-Client-Verify: ${verify ?? 'absent'})`);
  const subject = header('X-Client-Subject') ?? '';
  // nginx reports the subject as OpenSSL prints it (RFC 2253); HTTP strips a trailing space from the header value.
  const pinned = pinnedSubject(clientCommonName).trimEnd();
  if (!new RegExp(`(^|[,/])${pinned.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[,/])`).test(subject)) {
    throw new Error(`the backend verified "${subject}", not Envoy's client certificate ${pinned}`);
  }
  return subject;
}

/** Fails unless 127.0.0.1:port is free: a process already listening there would answer in Envoy's place. */
function requireFreePort(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => reject(new Error(error.code === 'EADDRINUSE'
      ? `127.0.0.1:${port} is already in use by another process, which would answer in Envoy's place: stop it, or set SMOKE_LOCAL_PORT to a free port`
      : `cannot listen on 127.0.0.1:${port} for the port-forward (${error.message}): set SMOKE_LOCAL_PORT to a free port`)));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** A running `kubectl port-forward`: what it wrote to stderr so far, and when it ended. */
interface PortForward {
  readonly stderr: () => string;
  /** Resolves with the exit code once the process ended and its output is read. */
  readonly ended: Promise<number | null>;
  readonly running: () => boolean;
  readonly stop: () => Promise<void>;
}

function startPortForward(args: string[]): PortForward {
  const child = kubectlInBackground(['port-forward', ...args]);
  let stderr = '';
  let running = true;
  child.stdout?.resume();
  child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk; });
  child.on('error', (error) => { stderr += `${error.message}\n`; });
  const ended = new Promise<number | null>((resolve) => child.on('close', (code) => { running = false; resolve(code); }));
  const stop = async () => {
    if (!running) return;
    child.kill();
    // kubectl stops on SIGTERM; SIGKILL only if it hangs, so no forward outlives smoke.
    const kill = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await ended;
    clearTimeout(kill);
  };
  return { stderr: () => stderr.trim(), ended, running: () => running, stop };
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port }, () => { socket.destroy(); resolve(true); });
    socket.on('error', () => { socket.destroy(); resolve(false); });
  });
}

/** Waits until the forward accepts connections; fails at once with kubectl's own message when it ends first. */
async function waitForForward(forward: PortForward, port: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (!forward.running()) throw new Error(`kubectl port-forward ended before 127.0.0.1:${port} opened: ${forward.stderr() || 'it said nothing'}`);
    if (await accepts(port)) return;
    if (Date.now() > deadline) {
      throw new Error(`port-forward did not open 127.0.0.1:${port} within ${timeoutMs / 1000}s${forward.stderr() ? ` (kubectl: ${forward.stderr()})` : ''}`);
    }
    let pause: NodeJS.Timeout | undefined;
    await Promise.race([forward.ended, new Promise((resolve) => { pause = setTimeout(resolve, 200); })]);
    clearTimeout(pause);
  }
}

function get(port: number, path: string, host: string): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, headers: { Host: host }, timeout: 15_000 }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk) => { body += chunk; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
    });
    req.on('timeout', () => req.destroy(new Error('no answer within 15s')));
    req.on('error', reject);
    req.end();
  });
}

/**
 * Reports every Certificate's health (failing on an unhealthy one), then port-forwards to the Gateway's Envoy
 * Service, requests `/get` and requires 200 with mTLS evidence.
 */
export async function smoke(options: SmokeOptions = {}): Promise<string> {
  const log = options.log ?? console.log;
  const objects = readManifests(options.paths ?? ['dist']);
  const target = smokeTarget(objects);
  requireReachableCluster();
  checkCertificateHealth(objects, log);
  const envoyNamespace = options.envoyNamespace ?? 'envoy-gateway-system';
  const selector = `gateway.envoyproxy.io/owning-gateway-name=${target.gateway.metadata.name},gateway.envoyproxy.io/owning-gateway-namespace=${target.gateway.metadata.namespace}`;
  const found = kubectl(['get', 'service', '-n', envoyNamespace, '-l', selector, '-o', 'jsonpath={.items[0].metadata.name}']);
  const service = found.stdout.trim();
  if (!found.ok || !service) throw new Error(`no Envoy Service in ${envoyNamespace} with labels ${selector}: is the Gateway Programmed? (${found.stderr.trim()})`);
  const localPort = options.localPort ?? target.listenerPort;
  await requireFreePort(localPort);
  log(`port-forward: ${envoyNamespace}/${service} ${localPort}:${target.listenerPort}`);
  const forward = startPortForward(['-n', envoyNamespace, `service/${service}`, `${localPort}:${target.listenerPort}`, '--address', '127.0.0.1']);
  try {
    await waitForForward(forward, localPort, 15_000);
    log(`GET http://127.0.0.1:${localPort}/get  Host: ${target.hostname}`);
    const answer = await get(localPort, '/get', target.hostname).catch((error: Error) => {
      throw new Error(`GET /get failed: ${error.message}${forward.stderr() ? ` (kubectl port-forward: ${forward.stderr()})` : ''}`);
    });
    if (answer.status !== 200) throw new Error(`GET /get answered ${answer.status}, expected 200: ${answer.body.slice(0, 200)}`);
    const subject = verifiedSubject(answer.body, target.clientCommonName);
    log(`smoke: 200, and the backend verified Envoy's client certificate ${subject}`);
    return subject;
  } finally {
    await forward.stop();
  }
}
