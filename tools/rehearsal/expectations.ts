import { EnvoyOutcome } from './envoy-client';
import { UpstreamRequest } from './upstream';

/** What a case expects, and how to tell whether it happened. */
export interface Expectation {
  /** Human-readable, e.g. `refused by the backend`. */
  readonly description: string;
  /** Whether the outcome meets it; `seen` is the request the upstream received for this case, if any. */
  met(outcome: EnvoyOutcome, seen: UpstreamRequest | undefined): boolean;
}

/** The front forwarded the request with the client's subject verified: `200` and `X-Client-Verify: SUCCESS`. */
export function acceptedAs(subject: string): Expectation {
  return {
    description: `200 with the verified subject "${subject}" at the upstream`,
    met: (outcome, seen) => outcome.kind === 'response' && outcome.status === 200
      && seen?.headers['x-client-verify'] === 'SUCCESS' && seen.headers['x-client-subject'] === subject,
  };
}

/** nginx refused the caller: `400 ... SSL certificate ...` (or a handshake alert), and nothing reached the upstream. */
export const REFUSED_BY_BACKEND: Expectation = {
  description: 'refused by the backend',
  met: (outcome, seen) => !seen && ((outcome.kind === 'response' && outcome.status === 400 && /SSL certificate/.test(outcome.reason)) || outcome.kind === 'server-alert'),
};

/** nginx verified the certificate but refused its identity: `403`, and nothing reached the upstream. */
export const FORBIDDEN_BY_BACKEND: Expectation = {
  description: 'forbidden by the backend (403, identity not admitted)',
  met: (outcome, seen) => !seen && outcome.kind === 'response' && outcome.status === 403,
};

/** nginx ended the handshake with an alert (an outdated protocol or cipher), and nothing reached the upstream. */
export const REFUSED_IN_HANDSHAKE: Expectation = {
  description: 'refused by the backend in the handshake',
  met: (outcome, seen) => !seen && outcome.kind === 'server-alert',
};

/** The front forwarded the request with its own identity headers, none of the caller's forged ones. */
export function acceptedWithoutForgery(subject: string, forged: Readonly<Record<string, string>>): Expectation {
  return {
    description: `200 with the verified subject "${subject}" and none of the forged headers at the upstream`,
    met: (outcome, seen) => acceptedAs(subject).met(outcome, seen)
      && Object.entries(forged).every(([name, value]) => seen!.headers[name.toLowerCase()] !== value),
  };
}

/** Envoy's verification refused the server because its certificate lacks the policy's name. */
export const REFUSED_BY_CLIENT_FOR_NAME: Expectation = {
  description: 'refused by the client (name mismatch)',
  met: (outcome, seen) => !seen && outcome.kind === 'client-refused' && outcome.code === 'ERR_TLS_CERT_ALTNAME_INVALID',
};

/** Envoy's verification refused the server because its certificate does not chain to a trusted CA. */
export const REFUSED_BY_CLIENT_FOR_TRUST: Expectation = {
  description: 'refused by the client (untrusted CA)',
  met: (outcome, seen) => !seen && outcome.kind === 'client-refused' && outcome.code !== 'ERR_TLS_CERT_ALTNAME_INVALID',
};

/** What happened, for the report: status and reason, or who refused and why, and what the upstream saw. */
export function describeOutcome(outcome: EnvoyOutcome, seen: UpstreamRequest | undefined): string {
  const upstream = seen
    ? `upstream saw subject "${seen.headers['x-client-subject'] ?? ''}", verify ${seen.headers['x-client-verify'] ?? '(no header)'}`
    : 'upstream saw nothing';
  switch (outcome.kind) {
    case 'response':
      return `${outcome.status}${outcome.reason ? ` ${outcome.reason}` : ''}; ${upstream}`;
    case 'client-refused':
      return `refused by the client: ${outcome.code} (${outcome.message})`;
    case 'server-alert':
      return `refused by the backend in the handshake: ${outcome.code}`;
    case 'connection-error':
      return `connection failed: ${outcome.code} (${outcome.message})`;
  }
}
