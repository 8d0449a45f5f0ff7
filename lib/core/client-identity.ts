// The client-identity rule, in one place: which client certificate Envoy presents to a backend (so the backend admits
// that one), and how its subject is written the way nginx reports it ($ssl_client_s_dn, RFC 2253).

/** Where Envoy can carry a client certificate for a backend, the most specific first. */
export interface ClientCertificateSources<C> {
  /** The Envoy Gateway Backend's own (`tls.clientCertificateRef`, per-backend mode). */
  readonly backend?: C;
  /** The Gateway's (`spec.tls.backend.clientCertificateRef`). */
  readonly gateway?: C;
  /** The EnvoyProxy's of the Gateway's class (`spec.backendTLS.clientCertificateRef`). */
  readonly proxy?: C;
}

/**
 * The client certificate Envoy presents to a backend, and so the one identity the backend admits: the Envoy Gateway
 * Backend's own, else the Gateway's, else the EnvoyProxy's; undefined when none is known.
 */
export function presentedClientCertificate<C>(sources: ClientCertificateSources<C>): C | undefined {
  return sources.backend ?? sources.gateway ?? sources.proxy;
}

/** The subject nginx reports (`$ssl_client_s_dn`, RFC 2253) for a certificate whose subject is only a common name. */
export function pinnedSubject(commonName: string): string {
  const escaped = commonName.replace(/[,+"\\<>;=]/g, '\\$&').replace(/^[ #]/, '\\$&').replace(/ $/, '\\ ');
  return `CN=${escaped}`;
}
