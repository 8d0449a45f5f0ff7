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
  /** Every request received, oldest first. */
  readonly requests: readonly UpstreamRequest[];
  stop(): Promise<void>;
}

/**
 * Starts a tiny HTTP server on 127.0.0.1 standing in for httpbin, and only for it: it records the headers
 * the front forwards (`X-Client-Verify`, `X-Client-Subject`, ...) and answers like httpbin does —
 * `/status/<code>` with that code, anything else with a JSON echo of the request.
 */
export function startUpstream(): Promise<Upstream> {
  const requests: UpstreamRequest[] = [];
  const server = http.createServer((request, response) => {
    const url = request.url ?? '/';
    const status = /^\/status\/(\d{3})$/.exec(url.split('?')[0]);
    // Health probes (kubelet's readiness through the front) are not part of any case.
    if (status) {
      response.writeHead(Number(status[1])).end();
      return;
    }
    requests.push({ method: request.method ?? 'GET', url, headers: request.headers });
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, url, headers: request.headers }));
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, LOOPBACK, () => {
      resolve({
        port: (server.address() as AddressInfo).port,
        requests,
        stop: () => new Promise<void>((done) => {
          server.closeAllConnections();
          server.close(() => done());
        }),
      });
    });
  });
}
