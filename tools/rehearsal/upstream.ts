import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import { LOOPBACK } from './loopback';

/** A request the stand-in received from the TLS front. */
export interface UpstreamRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** The running stand-in for the application behind the TLS front. */
export interface Upstream {
  readonly port: number;
  /** Every request received, oldest first, but the health checks. */
  readonly requests: readonly UpstreamRequest[];
  /** The health checks (`/status/<code>`) received, oldest first. */
  readonly healthChecks: readonly UpstreamRequest[];
  /** Holds the answer to a request for `url` (path and query) until the returned function is called: a request kept in flight until an event. */
  hold(url: string): () => void;
  stop(): Promise<void>;
}

/** Options of {@link startUpstream}. */
export interface UpstreamOptions {
  /** Paths (without query) the app answers health checks on, besides httpbin's `/status/<code>`; they answer 200. @default - none */
  readonly healthPaths?: readonly string[];
  /** Which requests to keep in `requests`; the others are answered alike, for a caller that reads the echo instead. @default - every request */
  readonly record?: (url: string) => boolean;
  /** How long the app takes to answer an echo for `url`, as a real backend takes its time. @default - at once */
  readonly latencyMs?: (url: string) => number;
}

/**
 * Starts a tiny HTTP server on 127.0.0.1 standing in for the application behind the front: it records the headers
 * the front forwards (`X-Client-Verify`, `X-Client-Subject`, ...) and answers like httpbin does —
 * `/status/<code>` with that code, `/delay/<seconds>` after that long, anything else with a JSON echo of the request —
 * and with 200 on the application's own health paths, each echo after the app's latency. A held URL (see {@link Upstream.hold}) is answered when released.
 */
export function startUpstream(options: UpstreamOptions = {}): Promise<Upstream> {
  const requests: UpstreamRequest[] = [];
  const healthChecks: UpstreamRequest[] = [];
  /** The held URLs: each resolves once released. */
  const held = new Map<string, Promise<void>>();
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    const status = /^\/status\/(\d{3})$/.exec(url.split('?')[0]);
    // Health probes (kubelet's readiness through the front) are not part of any case.
    if (status || options.healthPaths?.includes(url.split('?')[0])) {
      healthChecks.push({ method: request.method ?? 'GET', url, headers: request.headers });
      response.writeHead(status ? Number(status[1]) : 200).end();
      return;
    }
    if (options.record?.(url) ?? true) requests.push({ method: request.method ?? 'GET', url, headers: request.headers });
    const release = held.get(url);
    if (release) {
      void release.then(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url })));
      return;
    }
    const delay = /^\/delay\/(\d+(?:\.\d+)?)$/.exec(url.split('?')[0]);
    if (delay) {
      setTimeout(() => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ url })), Number(delay[1]) * 1000);
      return;
    }
    const echo = () => response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, url, headers: request.headers }));
    const latencyMs = options.latencyMs?.(url) ?? 0;
    if (latencyMs > 0) setTimeout(echo, latencyMs);
    else echo();
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        requests,
        healthChecks,
        hold: (url) => {
          let released = () => {};
          held.set(url, new Promise<void>((resolve) => { released = resolve; }));
          return () => released();
        },
        stop: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
