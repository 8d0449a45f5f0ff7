import { promises as fs } from 'node:fs';
import * as http from 'node:http';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertificateModel } from './certificate-model';
import { BackendModel, resolveRehearsalModel } from './chart-model';
import { EnvoyOutcome, EnvoyRequest, requestAsEnvoy } from './envoy-client';
import {
  acceptedAs, acceptedWithoutForgery, describeOutcome, Expectation, FORBIDDEN_BY_BACKEND, REFUSED_BY_BACKEND, REFUSED_BY_CLIENT_FOR_NAME,
  REFUSED_BY_CLIENT_FOR_TRUST, REFUSED_IN_HANDSHAKE,
} from './expectations';
import { LOOPBACK } from './loopback';
import { IssuedSecret, Pki } from './pki';
import { requireTools } from './prerequisites';
import { startTlsFront, TlsFront } from './tls-front';
import { startUpstream, Upstream, UpstreamRequest } from './upstream';

/** The names of the cases, in the order they run. */
export const CASE_NAMES = [
  'valid path',
  'no client certificate',
  'client certificate from another CA',
  'expired client certificate',
  'server certificate without the policy hostname',
  'server certificate from another CA',
  'client certificate from the CA with another identity',
  'client certificate through an intermediate CA',
  'forged X-Client-* headers on the TLS port',
  'forged X-Client-* headers on the health port',
  'Envoy\'s default TLS 1.2 offer',
  'TLS 1.0 and 1.1 client',
  'TLS 1.2 client offering only CBC suites',
] as const;

/** Identity headers a caller may try to forge; values differ from anything the front would set. */
const FORGED_HEADERS = {
  'X-Client-Verify': 'FORGED',
  'X-Client-Subject': 'CN=admin',
  'X-Client-Issuer': 'CN=forged-ca',
  'X-Client-Serial': '00',
  'X-Forwarded-For': '203.0.113.9',
};

/** What Envoy offers a backend by default: at most TLS 1.2, its default client suites (Envoy's TlsParameters). */
const ENVOY_DEFAULT_CLIENT_TLS = {
  maxVersion: 'TLSv1.2',
  ciphers: 'ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-RSA-CHACHA20-POLY1305:ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384',
} as const;

/** TLS 1.2 suites with CBC, all of them refused by a front that offers only AEAD suites. */
const CBC_SUITES = 'ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES128-SHA256:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES128-SHA:ECDHE-ECDSA-AES256-SHA:ECDHE-RSA-AES256-SHA:AES128-SHA256:AES128-SHA';

/** One case's verdict. */
export interface CaseResult {
  readonly name: (typeof CASE_NAMES)[number];
  readonly expected: string;
  readonly got: string;
  readonly passed: boolean;
  /** The raw outcome, for tests that look closer than the report. */
  readonly outcome?: EnvoyOutcome;
}

/** The cases of one backend, with the setup they ran against. */
export interface BackendRehearsal {
  readonly policy: string;
  readonly service: string;
  /** One line each on how Envoy and the front were set up, for the report. */
  readonly setup: readonly string[];
  readonly cases: readonly CaseResult[];
}

/** Everything a rehearsal did. */
export interface RehearsalResult {
  readonly backends: readonly BackendRehearsal[];
  readonly passed: boolean;
  readonly durationMs: number;
}

/** Options of {@link rehearse}. */
export interface RehearsalOptions {
  /** Where certificates, conf and logs go. @default - a fresh folder under the OS temp dir, removed afterwards */
  readonly workDir?: string;
  /** Keep the work folder (for debugging). @default false */
  readonly keepWorkDir?: boolean;
  /** The time cert-manager issues at. @default - now */
  readonly now?: Date;
  /** How long each TLS front may take to pass its readiness probe. @default 10 seconds */
  readonly readyTimeoutMs?: number;
  /**
   * Issue through this PKI, at its time (instead of `now`), rather than a fresh one per backend: for a caller that
   * rehearses many variants of one chart, each certificate whose spec did not change is issued once.
   * @default - a fresh PKI per backend, in the work folder
   */
  readonly pki?: Pki;
}

/**
 * Rehearses every BackendTLSPolicy target of a synthesized chart for real on this machine: issues the
 * chart's certificates with openssl, runs the backend's nginx TLS front with the chart's nginx.conf and a
 * stand-in for the application, and connects as Envoy would, once per case. Every process it starts is
 * stopped before it returns or throws. Throws when the chart cannot be resolved or a tool is missing.
 */
export async function rehearse(synthesized: readonly unknown[], options: RehearsalOptions = {}): Promise<RehearsalResult> {
  const started = Date.now();
  requireTools();
  const model = resolveRehearsalModel(synthesized);
  const workDir = options.workDir ?? await fs.mkdtemp(path.join(os.tmpdir(), 'backend-mtls-rehearsal-'));
  try {
    // mkdtemp makes the folder 0700; the front may run as the Deployment's non-root user and must reach its files.
    await fs.chmod(workDir, 0o755);
    const backends: BackendRehearsal[] = [];
    for (const [index, backend] of model.backends.entries()) {
      const backendDir = path.join(workDir, `backend-${index}`);
      const pki = options.pki ?? new Pki(path.join(backendDir, 'pki'), options.now ?? new Date());
      backends.push(await rehearseBackend(backend, backendDir, pki, options.readyTimeoutMs));
    }
    return { backends, passed: backends.every((backend) => backend.cases.every((result) => result.passed)), durationMs: Date.now() - started };
  } finally {
    if (!options.keepWorkDir) await fs.rm(workDir, { recursive: true, force: true });
  }
}

const HOUR = 3600e3;

async function rehearseBackend(backend: BackendModel, workDir: string, pki: Pki, readyTimeoutMs: number | undefined): Promise<BackendRehearsal> {
  await fs.mkdir(workDir, { recursive: true, mode: 0o755 });
  const { now } = pki;
  const { front, validation } = backend;
  const serverMount = front.serverCertificateMount;
  const server = serverMount.certificate;
  const client = backend.clientCertificate?.certificate;
  const policyNames = [validation.hostname, ...validation.subjectAltNames.flatMap((name) => (name.type === 'Hostname' ? [name.hostname] : []))];

  // Everything is issued at once; the Pki issues each CA once, and whatever it signs waits for it.
  const expiredWindow = client && { notBefore: new Date(now.getTime() - pki.lifetimeMs(client) - HOUR), notAfter: new Date(now.getTime() - HOUR) };
  const [
    mountSecrets, trusted, clientSecret, clientFromAnotherCa, expiredClient, serverWithoutName, serverFromAnotherCa, intruder, throughIntermediate,
  ] = await Promise.all([
    Promise.all(front.mounts.flatMap((mount) => (mount.kind === 'Secret' ? [pki.issue(mount.certificate).then((secret) => [mount.mountPath, secret] as const)] : []))).then(Object.fromEntries),
    Promise.all(validation.trustedSecrets.map((certificate) => pki.issue(certificate))),
    client && pki.issue(client),
    client && anotherCa(pki, client).then((signer) => pki.issue(client, { label: 'client-from-another-ca', signer })),
    client && pki.issue(client, { label: 'expired-client', ...expiredWindow }),
    pki.issue(server, {
      label: 'server-without-policy-hostname',
      overrides: {
        dnsNames: server.dnsNames.filter((name) => !policyNames.includes(name)),
        commonName: server.commonName && policyNames.includes(server.commonName) ? undefined : server.commonName,
      },
    }),
    anotherCa(pki, server).then((signer) => pki.issue(server, { label: 'server-from-another-ca', signer })),
    client && pki.issue(client, { label: 'intruder-client', overrides: { commonName: 'intruder' } }),
    client && intermediateCa(pki, client).then((signer) => signer && pki.issue(client, { label: 'client-through-intermediate', signer })),
  ]).catch(async (error) => {
    // Let the other openssl runs finish before the caller removes their folder.
    await pki.settled();
    throw error;
  });

  const upstream = await startUpstream({ healthPaths: front.upstreamHealthPath ? [front.upstreamHealthPath] : [] });
  const fronts: TlsFront[] = [];
  try {
    const startFront = async (name: string, serverSecret: IssuedSecret) => {
      const started = await startTlsFront(front, {
        root: path.join(workDir, 'fronts', name),
        secrets: { ...mountSecrets, [serverMount.mountPath]: serverSecret },
        upstreamPort: upstream.port,
        readyTimeoutMs,
      });
      fronts.push(started);
      return started;
    };
    const settled = await Promise.allSettled([
      startFront('chart', mountSecrets[serverMount.mountPath]),
      startFront('server-without-policy-hostname', serverWithoutName),
      startFront('server-from-another-ca', serverFromAnotherCa),
    ]);
    const failure = settled.find((result): result is PromiseRejectedResult => result.status === 'rejected');
    if (failure) throw failure.reason;
    const [chartFront, wrongNameFront, foreignFront] = settled.map((result) => (result as PromiseFulfilledResult<TlsFront>).value);

    const trustedCaPem = [...new Set(trusted.map((secret) => secret.caPem))].join('');
    const noClient = `not rehearsed: ${backend.noClientCertificateReason}`;
    const subject = clientSecret?.subject ?? '(no client certificate)';
    const plan: Step[] = [
      { name: 'valid path', front: chartFront, client: clientSecret, needsClient: false, expectation: acceptedAs(clientSecret?.subject ?? '(no client certificate)') },
      { name: 'no client certificate', front: chartFront, needsClient: false, expectation: REFUSED_BY_BACKEND },
      { name: 'client certificate from another CA', front: chartFront, client: clientFromAnotherCa, needsClient: true, expectation: REFUSED_BY_BACKEND },
      { name: 'expired client certificate', front: chartFront, client: expiredClient, needsClient: true, expectation: REFUSED_BY_BACKEND },
      { name: 'server certificate without the policy hostname', front: wrongNameFront, client: clientSecret, needsClient: false, expectation: REFUSED_BY_CLIENT_FOR_NAME },
      { name: 'server certificate from another CA', front: foreignFront, client: clientSecret, needsClient: false, expectation: REFUSED_BY_CLIENT_FOR_TRUST },
      { name: 'client certificate from the CA with another identity', front: chartFront, client: intruder, needsClient: true, expectation: FORBIDDEN_BY_BACKEND },
      { name: 'client certificate through an intermediate CA', front: chartFront, client: throughIntermediate, needsClient: true, expectation: REFUSED_BY_BACKEND },
      { name: 'forged X-Client-* headers on the TLS port', front: chartFront, client: clientSecret, needsClient: true, headers: FORGED_HEADERS, expectation: acceptedWithoutForgery(subject, FORGED_HEADERS) },
      { name: 'forged X-Client-* headers on the health port', front: chartFront, needsClient: false, port: 'health', headers: FORGED_HEADERS, expectation: HEALTH_CHECK_WITHOUT_CALLER_HEADERS },
      { name: 'Envoy\'s default TLS 1.2 offer', front: chartFront, client: clientSecret, needsClient: true, tls: ENVOY_DEFAULT_CLIENT_TLS, expectation: acceptedAs(subject) },
      { name: 'TLS 1.0 and 1.1 client', front: chartFront, client: clientSecret, needsClient: true, tls: { minVersion: 'TLSv1', maxVersion: 'TLSv1.1', ciphers: 'DEFAULT@SECLEVEL=0' }, expectation: REFUSED_IN_HANDSHAKE },
      { name: 'TLS 1.2 client offering only CBC suites', front: chartFront, client: clientSecret, needsClient: true, tls: { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2', ciphers: CBC_SUITES }, expectation: REFUSED_IN_HANDSHAKE },
    ];
    const cases: CaseResult[] = [];
    for (const [index, step] of plan.entries()) {
      if (step.needsClient && !step.client) {
        cases.push({ name: step.name, expected: step.expectation.description, got: noClient, passed: false });
        continue;
      }
      const requestPath = `/anything/rehearsal-case-${index}`;
      if (step.port === 'health') {
        if (!front.readiness) {
          cases.push({ name: step.name, expected: step.expectation.description, got: 'not rehearsed: the TLS front has no HTTP readiness probe', passed: false });
          continue;
        }
        const probePath = `${front.readiness.path}?rehearsal-case-${index}`;
        const outcome = await plainGet(step.front.listenPorts[front.readiness.port], probePath, step.headers ?? {});
        const seen = healthCheckFor(upstream, `rehearsal-case-${index}`);
        const got = describeHealthCheck(outcome, seen);
        cases.push({ name: step.name, expected: step.expectation.description, got, passed: step.expectation.met(outcome, seen), outcome });
        continue;
      }
      const outcome = await requestAsEnvoy({
        port: step.front.tlsPort,
        validation,
        trustedCaPem,
        clientCertificate: step.client,
        host: backend.host,
        path: requestPath,
        headers: step.headers,
        tls: step.tls,
      });
      const seen = upstream.requests.find((request) => request.url === requestPath);
      const got = describeOutcome(outcome, seen);
      cases.push({ name: step.name, expected: step.expectation.description, got, passed: step.expectation.met(outcome, seen), outcome });
    }
    return {
      policy: backend.policy,
      service: backend.service,
      setup: [
        `Envoy: SNI ${validation.hostname}, verifies ${validation.subjectAltNames.length > 0 ? `subjectAltNames ${JSON.stringify(validation.subjectAltNames)}` : 'that hostname'}, trusts ca.crt of ${validation.trustedSecrets.map((certificate) => `Secret ${certificate.secretName}`).join(', ')}`,
        `Envoy's client certificate: ${backend.clientCertificate ? `${clientSecret!.subject} (${backend.clientCertificate.certificate.id}, via ${backend.clientCertificate.source})` : `none: ${backend.noClientCertificateReason}`}`,
        `TLS front: nginx from ${front.id} with its ConfigMap's nginx.conf on 127.0.0.1:${chartFront.tlsPort} (container port ${front.tlsPort}), running as ${chartFront.runsAs}`,
      ],
      cases,
    };
  } finally {
    await Promise.all(fronts.map((started) => started.stop()));
    await upstream.stop();
  }
}

/** One case: whom to call, as which client, how, and what must happen. */
interface Step {
  readonly name: CaseResult['name'];
  readonly front: TlsFront;
  readonly client?: IssuedSecret;
  readonly needsClient: boolean;
  readonly expectation: Expectation;
  /** The health port (a plain GET of the readiness path) instead of the TLS port. @default 'tls' */
  readonly port?: 'tls' | 'health';
  readonly headers?: Readonly<Record<string, string>>;
  readonly tls?: EnvoyRequest['tls'];
}

/** The health check reached the upstream with none of the caller's headers: no X-Client-* and no X-Forwarded-For. */
const HEALTH_CHECK_WITHOUT_CALLER_HEADERS: Expectation = {
  description: '200 and the upstream health check without any X-Client-* or X-Forwarded-For header',
  met: (outcome, seen) => outcome.kind === 'response' && outcome.status === 200 && seen !== undefined
    && !Object.keys(seen.headers).some((name) => /^x-client-|^x-forwarded-for$/.test(name)),
};

function healthCheckFor(upstream: Upstream, marker: string): UpstreamRequest | undefined {
  return upstream.healthChecks.find((request) => request.url.endsWith(`?${marker}`));
}

function describeHealthCheck(outcome: EnvoyOutcome, seen: UpstreamRequest | undefined): string {
  const status = outcome.kind === 'response' ? String(outcome.status) : `${outcome.kind} ${outcome.code}`;
  if (!seen) return `${status}; upstream saw no health check`;
  const passed = Object.keys(seen.headers).filter((name) => /^x-client-|^x-forwarded-for$/.test(name));
  return `${status}; upstream health check carried ${passed.length > 0 ? passed.join(', ') : 'no caller header'}`;
}

/** A plain HTTP GET on loopback, as a caller on the pod network could send to the health port. */
function plainGet(port: number, requestPath: string, headers: Readonly<Record<string, string>>): Promise<EnvoyOutcome> {
  return new Promise((resolve) => {
    const request = http.get({ host: LOOPBACK, port, path: requestPath, headers, agent: false, timeout: 5_000 }, (response) => {
      response.resume();
      response.on('end', () => resolve({ kind: 'response', status: response.statusCode ?? 0, reason: '', serverSerial: '' }));
    });
    request.once('timeout', () => request.destroy(Object.assign(new Error('no answer within 5000 ms'), { code: 'ETIMEDOUT' })));
    request.once('error', (error: NodeJS.ErrnoException) => resolve({ kind: 'connection-error', code: error.code ?? 'ERROR', message: error.message }));
  });
}

/** An intermediate CA under the root that signs `certificate`, or undefined when that certificate is self-signed. */
async function intermediateCa(pki: Pki, certificate: CertificateModel): Promise<IssuedSecret | undefined> {
  if (certificate.signer.kind !== 'ca') return undefined;
  const root = certificate.signer.caCertificate;
  const intermediate: CertificateModel = {
    ...root,
    id: `${root.id} (an intermediate under it)`,
    commonName: `${root.commonName ?? root.name}-intermediate`,
    signer: { kind: 'ca', issuer: 'an intermediate Issuer', caCertificate: root },
  };
  return pki.issue(intermediate, { label: `intermediate-ca-${root.secretName}` });
}

/** A second CA with the same spec as the one that signs `certificate` (same names, new key), or undefined when it is self-signed. */
async function anotherCa(pki: Pki, certificate: CertificateModel): Promise<IssuedSecret | undefined> {
  if (certificate.signer.kind !== 'ca') return undefined;
  return pki.issue(certificate.signer.caCertificate, { label: `another-ca-${certificate.signer.caCertificate.secretName}` });
}
