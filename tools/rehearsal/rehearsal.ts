import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertificateModel } from './certificate-model';
import { BackendModel, resolveRehearsalModel } from './chart-model';
import { EnvoyOutcome, requestAsEnvoy } from './envoy-client';
import { acceptedAs, describeOutcome, Expectation, REFUSED_BY_BACKEND, REFUSED_BY_CLIENT_FOR_NAME, REFUSED_BY_CLIENT_FOR_TRUST } from './expectations';
import { IssuedSecret, Pki } from './pki';
import { requireTools } from './prerequisites';
import { startTlsFront, TlsFront } from './tls-front';
import { startUpstream } from './upstream';

/** The names of the cases, in the order they run. */
export const CASE_NAMES = [
  'valid path',
  'no client certificate',
  'client certificate from another CA',
  'expired client certificate',
  'server certificate without the policy hostname',
  'server certificate from another CA',
] as const;

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
      backends.push(await rehearseBackend(backend, path.join(workDir, `backend-${index}`), options.now ?? new Date(), options.readyTimeoutMs));
    }
    return { backends, passed: backends.every((backend) => backend.cases.every((result) => result.passed)), durationMs: Date.now() - started };
  } finally {
    if (!options.keepWorkDir) await fs.rm(workDir, { recursive: true, force: true });
  }
}

const HOUR = 3600e3;

async function rehearseBackend(backend: BackendModel, workDir: string, now: Date, readyTimeoutMs: number | undefined): Promise<BackendRehearsal> {
  await fs.mkdir(workDir, { recursive: true, mode: 0o755 });
  const pki = new Pki(path.join(workDir, 'pki'), now);
  const { front, validation } = backend;
  const serverMount = front.serverCertificateMount;
  const server = serverMount.certificate;
  const client = backend.clientCertificate?.certificate;
  const policyNames = [validation.hostname, ...validation.subjectAltNames.flatMap((name) => (name.type === 'Hostname' ? [name.hostname] : []))];

  // Everything is issued at once; the Pki issues each CA once, and whatever it signs waits for it.
  const expiredWindow = client && { notBefore: new Date(now.getTime() - pki.lifetimeMs(client) - HOUR), notAfter: new Date(now.getTime() - HOUR) };
  const [mountSecrets, trusted, clientSecret, clientFromAnotherCa, expiredClient, serverWithoutName, serverFromAnotherCa] = await Promise.all([
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
  ]).catch(async (error) => {
    // Let the other openssl runs finish before the caller removes their folder.
    await pki.settled();
    throw error;
  });

  const upstream = await startUpstream();
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
    const plan: { name: CaseResult['name']; front: TlsFront; client?: IssuedSecret; needsClient: boolean; expectation: Expectation }[] = [
      { name: 'valid path', front: chartFront, client: clientSecret, needsClient: false, expectation: acceptedAs(clientSecret?.subject ?? '(no client certificate)') },
      { name: 'no client certificate', front: chartFront, needsClient: false, expectation: REFUSED_BY_BACKEND },
      { name: 'client certificate from another CA', front: chartFront, client: clientFromAnotherCa, needsClient: true, expectation: REFUSED_BY_BACKEND },
      { name: 'expired client certificate', front: chartFront, client: expiredClient, needsClient: true, expectation: REFUSED_BY_BACKEND },
      { name: 'server certificate without the policy hostname', front: wrongNameFront, client: clientSecret, needsClient: false, expectation: REFUSED_BY_CLIENT_FOR_NAME },
      { name: 'server certificate from another CA', front: foreignFront, client: clientSecret, needsClient: false, expectation: REFUSED_BY_CLIENT_FOR_TRUST },
    ];
    const cases: CaseResult[] = [];
    for (const [index, step] of plan.entries()) {
      if (step.needsClient && !step.client) {
        cases.push({ name: step.name, expected: step.expectation.description, got: noClient, passed: false });
        continue;
      }
      const requestPath = `/anything/rehearsal-case-${index}`;
      const outcome = await requestAsEnvoy({
        port: step.front.tlsPort,
        validation,
        trustedCaPem,
        clientCertificate: step.client,
        host: backend.host,
        path: requestPath,
      });
      const seen = upstream.requests.find((request) => request.url === requestPath);
      cases.push({ name: step.name, expected: step.expectation.description, got: describeOutcome(outcome, seen), passed: step.expectation.met(outcome, seen), outcome });
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

/** A second CA with the same spec as the one that signs `certificate` (same names, new key), or undefined when it is self-signed. */
async function anotherCa(pki: Pki, certificate: CertificateModel): Promise<IssuedSecret | undefined> {
  if (certificate.signer.kind !== 'ca') return undefined;
  return pki.issue(certificate.signer.caCertificate, { label: `another-ca-${certificate.signer.caCertificate.secretName}` });
}
