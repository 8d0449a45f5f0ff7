import * as https from 'node:https';
import * as tls from 'node:tls';
import { ServerValidationModel } from './chart-model';
import { verifyIdentity } from './envoy-client';
import { acceptedAs } from './expectations';
import { LOOPBACK } from './loopback';
import { IssuedSecret } from './pki';
import { UpstreamOptions } from './upstream';

/**
 * How long the stand-in backend takes to answer a pooled request, as a real backend takes its time: each pooled
 * connection still carries a request nearly all the time, through every drain and reload, and the client does not
 * spin on a core sending requests back to back, which took the test runner's other files' CPU.
 */
const POOLED_BACKEND_LATENCY_MS = 10;

/**
 * The stand-in backend's options (startUpstream) for a run whose pooled client sends on `pathPrefix`: its requests
 * are answered after {@link POOLED_BACKEND_LATENCY_MS}, and not recorded (the client reads the echo; hundreds of
 * thousands of them need not stay in memory).
 */
export function pooledUpstreamOptions(pathPrefix: string): UpstreamOptions {
  const pooled = (url: string) => url.startsWith(pathPrefix);
  return { record: (url) => !pooled(url), latencyMs: (url) => (pooled(url) ? POOLED_BACKEND_LATENCY_MS : 0) };
}

/** What Envoy presents and trusts at a moment: both change with renewals and a CA rotation. */
export interface PooledCredentials {
  /** Envoy's client certificate. */
  readonly client: IssuedSecret;
  /** PEM bundle of the CAs the BackendTLSPolicy trusts. */
  readonly trustedCaPem: string;
}

/** Options of {@link startPooledClient}. */
export interface PooledClientOptions {
  /** The policy's validation: SNI and the names the server certificate must carry. */
  readonly validation: Pick<ServerValidationModel, 'hostname' | 'subjectAltNames'>;
  /** The Host header (the route's hostname). */
  readonly host: string;
  /** The loopback ports of the backend's ready endpoints, as EDS gives them to Envoy. */
  readonly endpoints: readonly number[];
  readonly credentials: PooledCredentials;
  /** Requests in flight at once, each sent the moment the previous one on its lane ends; each endpoint's pool holds as many connections. */
  readonly connections: number;
  /** Prefix of the request paths, to tell this client's requests apart in logs. */
  readonly pathPrefix: string;
}

/** What the pooled client did so far. */
export interface PooledClientFigures {
  readonly requests: number;
  /** Requests that did not answer 200 with Envoy's identity at the upstream, each with why. */
  readonly failures: readonly string[];
  /** Requests sent on a connection that had already carried one (reused from the pool). */
  readonly reusedRequests: number;
  readonly connectionsOpened: number;
  /** Pooled connections (open, having carried a response) when a reload or stop of the front began, summed over those events. */
  readonly connectionReloads: number;
  /** Pooled connections still open when nginx got the reload or stop signal itself (HUP or QUIT), summed. */
  readonly pooledAtSignal: number;
}

/** A running pooled client. */
export interface PooledClient {
  /** The phase named in failures from now on. */
  phase: string;
  /** Envoy switches its client certificate or trust: new connections use them, the old ones drain (see {@link PooledClient.setEndpoints}). */
  setCredentials(credentials: PooledCredentials): void;
  /** EDS changed: requests go to these endpoints only; connections to a removed one close once their response is in, as Envoy drains them. */
  setEndpoints(endpoints: readonly number[]): void;
  /** Counts the pooled connections open to `endpoint` now: when a reload or stop of the front there begins, or (`atSignal`) when nginx gets its signal. */
  markReload(endpoint: number, atSignal?: boolean): number;
  figures(): PooledClientFigures;
  /** Stops sending, waits for the requests in flight and closes every connection. */
  stop(): Promise<PooledClientFigures>;
}

/** One connection pool: Envoy keeps one per endpoint and TLS context. */
interface Pool {
  readonly endpoint: number;
  readonly credentials: PooledCredentials;
  /** Built once per pool, as Envoy builds one TLS context per cluster, not one per connection. */
  readonly secureContext: tls.SecureContext;
  readonly agent: https.Agent;
  /** Open sockets and how many responses each has carried. */
  readonly sockets: Map<tls.TLSSocket, number>;
  retired: boolean;
}

/**
 * An Envoy-like upstream HTTP/1.1 client: per endpoint a pool of `connections` persistent mTLS connections (most
 * recently used first, as Envoy's pool), each sending its next request the moment the previous response ends. It
 * verifies the server certificate as Envoy does for a BackendTLSPolicy, honours `Connection: close`, never retries
 * (Envoy without a retry policy answers 503 for a request whose connection closes before any response byte), and
 * drains a pool when its endpoint leaves EDS or its TLS context changes: idle connections close, busy ones after their response.
 */
export function startPooledClient(options: PooledClientOptions): PooledClient {
  const pools: Pool[] = [];
  let credentials = options.credentials;
  let endpoints = [...options.endpoints];
  let stopped = false;
  let requests = 0;
  let reusedRequests = 0;
  let connectionsOpened = 0;
  let connectionReloads = 0;
  let pooledAtSignal = 0;
  let sequence = 0;
  let turn = 0;
  const failures: string[] = [];

  const poolFor = (endpoint: number): Pool => {
    const found = pools.find((pool) => !pool.retired && pool.endpoint === endpoint && pool.credentials === credentials);
    if (found) return found;
    const pool: Pool = {
      endpoint,
      credentials,
      secureContext: tls.createSecureContext({
        ca: credentials.trustedCaPem, cert: credentials.client.certificatePem, key: credentials.client.keyPem,
      }),
      agent: new https.Agent({ keepAlive: true, maxSockets: options.connections, scheduling: 'lifo' }),
      sockets: new Map(),
      retired: false,
    };
    pools.push(pool);
    return pool;
  };
  const retire = (pool: Pool) => {
    pool.retired = true;
    // Envoy drains a pool: idle connections close now, busy ones once their response is in.
    (pool.agent as unknown as { keepAlive: boolean }).keepAlive = false;
    for (const sockets of Object.values(pool.agent.freeSockets)) for (const socket of sockets ?? []) socket.destroy();
  };

  const send = (client: PooledClient) => new Promise<void>((resolve) => {
    const pool = poolFor(endpoints[turn++ % endpoints.length]);
    const certificate = pool.credentials.client;
    const path = `${options.pathPrefix}-${++sequence}`;
    const phase = client.phase;
    let settled = false;
    // A request ends once: answered, or failed with the first error that reaches it.
    const settle = (failure?: string) => {
      if (settled) return;
      settled = true;
      if (failure !== undefined) failures.push(`${phase}: ${path} on port ${pool.endpoint}: ${failure}`);
      resolve();
    };
    const fail = (why: string) => settle(why);
    requests += 1;
    let socket: tls.TLSSocket | undefined;
    // https passes secureContext on to tls.connect; its RequestOptions type only leaves it out.
    const connection: https.RequestOptions & Pick<tls.ConnectionOptions, 'secureContext'> = {
      agent: pool.agent,
      host: LOOPBACK,
      port: pool.endpoint,
      path,
      headers: { host: options.host },
      servername: options.validation.hostname,
      secureContext: pool.secureContext,
      checkServerIdentity: (_host, peer) => {
        const refusal = verifyIdentity(options.validation, peer);
        return refusal ? Object.assign(new Error(refusal.message), { code: refusal.code }) : undefined;
      },
      timeout: 10_000,
    };
    const request = https.request(connection, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => {
        if (socket && pool.sockets.has(socket)) pool.sockets.set(socket, pool.sockets.get(socket)! + 1);
        let seen;
        try {
          seen = JSON.parse(body);
        } catch {
          seen = undefined;
        }
        if (acceptedAs(certificate.subject).met({ kind: 'response', status: response.statusCode ?? 0, reason: '', serverSerial: '' }, seen)) settle();
        else fail(`${response.statusCode} ${/<title>([^<]*)<\/title>/.exec(body)?.[1] ?? (seen ? `with subject "${seen.headers?.['x-client-subject']}" at the upstream` : body.slice(0, 80))}`);
      });
      response.on('error', (error) => fail(`${(error as NodeJS.ErrnoException).code ?? 'ERROR'} while reading the response: ${error.message}`));
    });
    request.once('socket', (assigned: tls.TLSSocket) => {
      socket = assigned;
      if (pool.sockets.has(assigned)) {
        reusedRequests += 1;
        return;
      }
      pool.sockets.set(assigned, 0);
      connectionsOpened += 1;
      assigned.once('close', () => pool.sockets.delete(assigned));
    });
    request.once('timeout', () => request.destroy(Object.assign(new Error('no answer within 10 s'), { code: 'ETIMEDOUT' })));
    request.once('error', (error: NodeJS.ErrnoException) => fail(`${error.code ?? 'ERROR'}${request.reusedSocket ? ' on a reused connection' : ''}: ${error.message}`));
    request.end();
  });

  const client: PooledClient = {
    phase: 'start',
    setCredentials(next) {
      credentials = next;
      for (const pool of pools) if (pool.credentials !== next) retire(pool);
    },
    setEndpoints(next) {
      endpoints = [...next];
      for (const pool of pools) if (!endpoints.includes(pool.endpoint)) retire(pool);
    },
    markReload(endpoint, atSignal = false) {
      const pooled = pools.filter((pool) => pool.endpoint === endpoint)
        .reduce((count, pool) => count + [...pool.sockets.values()].filter((served) => served > 0).length, 0);
      if (atSignal) pooledAtSignal += pooled;
      else connectionReloads += pooled;
      return pooled;
    },
    figures: () => ({ requests, failures: [...failures], reusedRequests, connectionsOpened, connectionReloads, pooledAtSignal }),
    async stop() {
      stopped = true;
      await Promise.all(lanes);
      for (const pool of pools) pool.agent.destroy();
      return client.figures();
    },
  };
  const lane = async () => {
    while (!stopped) await send(client);
  };
  const lanes = Array.from({ length: options.connections }, lane);
  return client;
}
