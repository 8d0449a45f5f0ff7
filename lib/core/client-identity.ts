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

/**
 * The client identity a TLS front admits, written exactly as nginx reports it in `$ssl_client_s_dn`: the one place
 * that decides how a common name becomes the subject the front pins.
 *
 * nginx (1.22.1 and 1.30.4, `src/event/ngx_event_openssl.c` `ngx_ssl_get_subject_dn`) prints the peer's subject with
 * OpenSSL's `X509_NAME_print_ex(bio, name, 0, XN_FLAG_RFC2253)`. For a subject that is only a common name that is
 * `CN=` and the value as `crypto/asn1/a_strex.c` `do_print_ex`/`do_buf`/`do_esc_char` print it with
 * ESC_2253 | ESC_CTRL | ESC_MSB: a UTF8String (what cert-manager writes; a PrintableString prints alike) is walked
 * byte by byte, and with `char_type` of `crypto/asn1/charmap.h`:
 * - `,` `+` `"` `\` `<` `>` `;` anywhere, `#` or space as the first byte and space as the last byte: a backslash
 *   before the byte (the last byte's flag replaces the first's, so a one-byte `#` stays bare);
 * - bytes below 0x20, 0x7F and every byte of 0x80 and above (each byte of a multi-byte UTF-8 character):
 *   `\XX`, two upper-case hex digits;
 * - everything else, `=` among it, as it is.
 */
export function pinnedSubject(commonName: string): string {
  const unpinnable = unpinnableCommonName(commonName);
  if (unpinnable !== undefined) throw new Error(`commonName ${JSON.stringify(commonName)} ${unpinnable}`);
  const bytes = Buffer.from(commonName, 'utf8');
  const printed = [...bytes].map((byte, index) => printedByte(byte, index === 0, index === bytes.length - 1));
  return `CN=${printed.join('')}`;
}

/** Why a common name cannot be pinned (its printed form is not defined), or undefined when it can. */
export function unpinnableCommonName(commonName: string): string | undefined {
  if (typeof commonName !== 'string' || commonName.length === 0) return 'is empty: a client certificate is pinned by its common name; give it one';
  if (/\p{Cs}/u.test(commonName)) return 'holds an unpaired surrogate, which has no UTF-8 form and so no subject nginx could report; remove it';
  return undefined;
}

/** One byte of a UTF8String value as `do_esc_char` prints it with the RFC 2253 flags. */
function printedByte(byte: number, first: boolean, last: boolean): string {
  const char = String.fromCharCode(byte);
  // do_buf: the last byte's flag replaces the first's, so a one-byte value gets only the last-byte escapes.
  const escapedHere = last ? ' ' : first ? '# ' : '';
  if (RFC2253_SPECIALS.includes(char) || escapedHere.includes(char)) return `\\${char}`;
  if (byte < 0x20 || byte >= 0x7f) return `\\${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  return char;
}

/** The bytes charmap.h flags ESC_2253 (escaped with a backslash wherever they stand). */
const RFC2253_SPECIALS = ',+"\\<>;';
