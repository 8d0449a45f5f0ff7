import * as https from 'node:https';
import * as tls from 'node:tls';
import { ServerValidationModel } from './chart-model';
import { LOOPBACK } from './loopback';
import { normalizeSerial } from './pki';

/** How one request as Envoy ended. */
export type EnvoyOutcome =
  /** The backend answered over an established mTLS connection. */
  | { readonly kind: 'response'; readonly status: number; readonly reason: string; readonly serverSerial: string }
  /** Envoy's own verification of the server certificate refused the connection; nothing was sent. */
  | { readonly kind: 'client-refused'; readonly code: string; readonly message: string }
  /** The backend ended the TLS handshake with an alert. */
  | { readonly kind: 'server-alert'; readonly code: string; readonly message: string }
  /** Anything else: refused connection, reset, timeout. Never what a case expects. */
  | { readonly kind: 'connection-error'; readonly code: string; readonly message: string };

/** One upstream request as Envoy makes it for a route through a BackendTLSPolicy. */
export interface EnvoyRequest {
  /** The loopback port standing in for the Service port. */
  readonly port: number;
  /** The policy's validation: SNI, the names to verify, and the trusted CAs. */
  readonly validation: Pick<ServerValidationModel, 'hostname' | 'subjectAltNames'>;
  /** PEM bundle of the `ca.crt` of every Secret the policy's caCertificateRefs name. */
  readonly trustedCaPem: string;
  /** The client certificate chain (`tls.crt`) and key (`tls.key`) Envoy presents, if any. */
  readonly clientCertificate?: { readonly certificatePem: string; readonly keyPem: string };
  /** The Host header Envoy forwards (the route's hostname). */
  readonly host: string;
  readonly path: string;
  /** @default 5 seconds */
  readonly timeoutMs?: number;
  /** Extra request headers, e.g. forged ones. @default - none */
  readonly headers?: Readonly<Record<string, string>>;
  /** TLS versions and TLS 1.2 ciphers to offer instead of Node's defaults, to play an outdated client. @default - Node's */
  readonly tls?: Pick<tls.SecureContextOptions, 'minVersion' | 'maxVersion' | 'ciphers'>;
}

/**
 * Makes one HTTPS request the way Envoy does for a BackendTLSPolicy: SNI from `validation.hostname`, the
 * server certificate verified against the trusted CAs and then against `subjectAltNames` (or the hostname),
 * the client certificate presented on request. A fresh connection every time, so no TLS session is resumed.
 */
export function requestAsEnvoy(request: EnvoyRequest): Promise<EnvoyOutcome> {
  return new Promise((resolve) => {
    let clientRefusal: EnvoyOutcome | undefined;
    let serverSerial = '';
    const req = https.request({
      host: LOOPBACK,
      port: request.port,
      path: request.path,
      method: 'GET',
      headers: { ...request.headers, host: request.host },
      ...request.tls,
      servername: request.validation.hostname,
      ca: request.trustedCaPem,
      cert: request.clientCertificate?.certificatePem,
      key: request.clientCertificate?.keyPem,
      // Verified below, after the handshake, so a refusal by the client is told apart from any other failure;
      // Node's own name check is off because Envoy checks subjectAltNames instead of the hostname when set.
      rejectUnauthorized: false,
      checkServerIdentity: () => undefined,
      agent: false,
      timeout: request.timeoutMs ?? 5_000,
    }, (response) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => { body += chunk; });
      response.on('end', () => resolve({ kind: 'response', status: response.statusCode ?? 0, reason: responseReason(body), serverSerial }));
    });
    req.once('socket', (socket) => socket.once('secureConnect', () => {
      const tlsSocket = socket as tls.TLSSocket;
      serverSerial = normalizeSerial(tlsSocket.getPeerCertificate().serialNumber ?? '');
      const verifyError = tlsSocket.authorized ? undefined : { code: String(tlsSocket.authorizationError), message: 'the server certificate does not chain to a CA in caCertificateRefs' };
      const identityError = verifyError ? undefined : verifyIdentity(request.validation, tlsSocket.getPeerCertificate());
      const refusal = verifyError ?? identityError;
      if (refusal) {
        clientRefusal = { kind: 'client-refused', ...refusal };
        req.destroy();
      }
    }));
    req.once('timeout', () => req.destroy(Object.assign(new Error(`no answer within ${request.timeoutMs ?? 5_000} ms`), { code: 'ETIMEDOUT' })));
    req.once('error', (error: NodeJS.ErrnoException) => {
      if (clientRefusal) resolve(clientRefusal);
      else if (/ALERT/.test(error.code ?? '')) resolve({ kind: 'server-alert', code: error.code!, message: error.message });
      // An alert that arrives while the client is still writing its handshake surfaces as EPROTO, named only in the message.
      else if (error.code === 'EPROTO' && /alert/i.test(error.message)) resolve({ kind: 'server-alert', code: /routines:[^:]*:([^:]*alert[^:]*):/i.exec(error.message)?.[1] ?? 'EPROTO', message: error.message });
      else resolve({ kind: 'connection-error', code: error.code ?? 'ERROR', message: error.message });
    });
    req.end();
  });
}

/** `validation.subjectAltNames` when set (any one must match), else `validation.hostname`, as Envoy checks; undefined when the certificate passes. */
export function verifyIdentity(validation: EnvoyRequest['validation'], certificate: tls.PeerCertificate): { code: string; message: string } | undefined {
  if (validation.subjectAltNames.length === 0) {
    const error = tls.checkServerIdentity(validation.hostname, certificate) as NodeJS.ErrnoException | undefined;
    return error ? { code: error.code ?? 'ERR_TLS_CERT_ALTNAME_INVALID', message: error.message } : undefined;
  }
  const altNames = (certificate.subjectaltname ?? '').split(', ');
  const matches = validation.subjectAltNames.some((name) => (name.type === 'URI'
    ? altNames.includes(`URI:${name.uri}`)
    : tls.checkServerIdentity(name.hostname, certificate) === undefined));
  if (matches) return undefined;
  return { code: 'ERR_TLS_CERT_ALTNAME_INVALID', message: `the server certificate's names [${altNames.join(', ')}] match none of the policy's subjectAltNames` };
}

/** nginx's error pages carry the reason in `<title>400 No required SSL certificate was sent</title>`. */
function responseReason(body: string): string {
  const title = /<title>\s*\d{3}\s+([^<]*)<\/title>/i.exec(body);
  return title ? title[1].trim() : '';
}
