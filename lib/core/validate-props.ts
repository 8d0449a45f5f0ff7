import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';

/**
 * Prop checks shared by every construct. Each throws an Error that names the construct path, the field,
 * the value and the rule, so the message says what to change.
 */

/**
 * Where a prop was written: the construct that received it, or, for a factory that runs before any construct
 * exists, the factory's name (`ExistingIssuer.fromClusterIssuerName`).
 */
export type PropSource = IConstruct | string;

/** Throws `<path>: <field> <value> <rule>`; the single way a construct reports a bad prop. */
export function fail(where: PropSource, field: string, value: unknown, rule: string): never {
  throw new Error(`${typeof where === 'string' ? where : where.node.path}: ${field} ${JSON.stringify(value)} ${rule}`);
}

/**
 * A prop TypeScript requires, checked again for JavaScript callers and casts: a missing one fails naming the prop and
 * what to give, instead of a TypeError further in.
 */
export function checkRequired<T>(where: PropSource, field: string, value: T | undefined | null, what: string): T {
  if (value === undefined || value === null) fail(where, field, value, `is required: give ${what}`);
  return value;
}

/**
 * The keys of a props or options object: one that misspells a key the interface declares (a letter or two away:
 * `hostnmae`, `replica`, `HostName`; or the start of it: `path` for `pathPrefix`, `connectionIdleTimeout` for
 * `connectionIdleTimeoutSeconds`) fails naming the key meant, instead of leaving its field
 * at the default. TypeScript's excess-property check runs neither for JavaScript callers nor for apps run
 * transpile-only. Any other key passes, as TypeScript lets it pass in an object of a wider type (a `Listener` given as
 * `ListenerOptions`, props spread from a chart's). Write `known` as `{ ... } satisfies Record<keyof XxxProps, true>`,
 * so it cannot miss a key.
 */
export function checkKnownKeys(where: PropSource, field: string, value: unknown, known: Readonly<Record<string, true>>): void {
  if (value === undefined || value === null) return;
  if (typeof value !== 'object' || Array.isArray(value)) fail(where, field, value, 'must be an object');
  for (const key of Object.keys(value)) {
    if (Object.hasOwn(known, key)) continue;
    const meant = misspelledKey(key, Object.keys(known));
    if (meant !== undefined) fail(where, `${field} field`, key, `is unknown: did you mean "${meant}"?`);
  }
}

/**
 * The known key `key` misspells, case aside: the nearest one at most one edit away (two for keys over four letters),
 * else one that `key` (of four letters or more) begins.
 */
function misspelledKey(key: string, knownKeys: readonly string[]): string | undefined {
  const lower = key.toLowerCase();
  let nearest: string | undefined;
  let nearestDistance = (key.length > 4 ? 2 : 1) + 1;
  for (const candidate of knownKeys) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < nearestDistance) [nearest, nearestDistance] = [candidate, distance];
  }
  if (nearest !== undefined || key.length < 4) return nearest;
  return knownKeys.find((candidate) => candidate.toLowerCase().startsWith(lower));
}

/** Edits (insertions, deletions, substitutions, swaps of two adjacent letters) that turn `a` into `b`. */
function editDistance(a: string, b: string): number {
  const rows = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (__, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const substitution = rows[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1);
      rows[i][j] = Math.min(rows[i - 1][j] + 1, rows[i][j - 1] + 1, substitution);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) rows[i][j] = Math.min(rows[i][j], rows[i - 2][j - 2] + 1);
    }
  }
  return rows[a.length][b.length];
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label (Namespace, Service and port-less names): lower case, digits, '-', at most 63. */
export function checkDnsLabel(scope: PropSource, field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_1123_LABEL.test(value)) {
    fail(scope, field, value, 'must be a DNS-1123 label: at most 63 lower-case letters, digits or \'-\', starting and ending with a letter or digit');
  }
  return value;
}

/** A Service name: a DNS-1035 label, which unlike a DNS-1123 label must start with a letter (Service names become DNS names). */
export function checkServiceName(scope: PropSource, field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 63 || !DNS_1035_LABEL.test(value)) {
    fail(scope, field, value, 'must be a DNS-1035 label, as Kubernetes requires of Service names: at most 63 lower-case letters, digits or \'-\', '
      + 'starting with a letter and ending with a letter or digit');
  }
  return value;
}

/**
 * A name that other names are made from (a backend's "<name>-cert", "<name>-route", ...): each derived name must
 * stay within its limit (63 for a DNS label), or the user would get an error about a name they never wrote.
 */
export function checkDerivedNames(scope: PropSource, field: string, value: string, derived: readonly { name: string; max: number }[]): string {
  const over = derived.filter(({ name, max }) => name.length > max);
  if (over.length > 0) {
    const room = Math.min(...over.map(({ name, max }) => max - (name.length - value.length)));
    const exceeding = over.map(({ name, max }) => `"${name}" exceeds ${max} characters`).join(', ');
    fail(scope, field, value, `is too long for the names made from it (${exceeding}): shorten it to at most ${room} characters`);
  }
  return value;
}

/** A DNS-1123 subdomain (most object names, Secret names): labels joined by '.', at most 253. */
export function checkDnsSubdomain(scope: PropSource, field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !DNS_1123_SUBDOMAIN.test(value) || value.split('.').some((label) => label.length > 63)) {
    fail(scope, field, value, 'must be a DNS-1123 subdomain: lower-case letters, digits, \'-\' and \'.\', at most 253 characters');
  }
  return value;
}

/** A hostname as Gateway API defines it: a DNS subdomain, optionally with one leading `*.` label; no IP, no port. */
export function checkHostname(scope: PropSource, field: string, value: string, options: { wildcard?: boolean } = {}): string {
  const bare = options.wildcard && typeof value === 'string' && value.startsWith('*.') ? value.slice(2) : value;
  if (typeof value !== 'string' || value.length > 253 || !DNS_1123_SUBDOMAIN.test(bare) || bare.split('.').some((label) => label.length > 63)) {
    const wildcard = options.wildcard ? ', optionally starting with a single \'*.\'' : '';
    fail(scope, field, value, `must be a lower-case DNS hostname${wildcard} (Gateway API Hostname): no IP address, port or trailing dot`);
  }
  if (/^[0-9.]+$/.test(bare)) fail(scope, field, value, 'must be a DNS hostname, not an IP address (Gateway API Hostname)');
  return value;
}

const LABEL_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

/**
 * Kubernetes labels: each key an optional DNS-1123 subdomain prefix and '/' and a name of at most 63 letters,
 * digits, '-', '_' or '.', starting and ending with a letter or digit; each value empty or such a name.
 */
export function checkLabels(
  scope: PropSource, field: string, labels: Readonly<Record<string, string>> | undefined,
): Readonly<Record<string, string>> | undefined {
  if (labels === undefined) return undefined;
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {fail(scope, field, labels, 'must be a map of label keys to label '
    + 'values');}
  for (const [key, value] of Object.entries(labels)) {
    checkLabelKey(scope, `${field} key`, key);
    checkLabelValue(scope, `${field}[${JSON.stringify(key)}]`, value);
  }
  return labels;
}

/** A label key: `[prefix/]name`, the prefix a DNS-1123 subdomain, the name at most 63 characters. */
export function checkLabelKey(scope: PropSource, field: string, key: string): string {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  const prefixValid = prefix === undefined
    || (prefix.length <= 253 && DNS_1123_SUBDOMAIN.test(prefix) && prefix.split('.').every((label) => label.length <= 63));
  if (!prefixValid || name.length > 63 || !LABEL_NAME.test(name)) {
    fail(scope, field, key, 'must be a Kubernetes label key: an optional DNS-1123 subdomain prefix and \'/\', then at most 63 letters, digits, '
      + '\'-\', \'_\' or \'.\', starting and ending with a letter or digit');
  }
  return key;
}

/** A label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit. */
export function checkLabelValue(scope: PropSource, field: string, value: string, fix = ''): string {
  if (typeof value !== 'string' || value.length > 63 || (value !== '' && !LABEL_NAME.test(value))) {
    fail(scope, field, value, `must be a Kubernetes label value: empty, or at most 63 letters, digits, '-', '_' or '.', starting and ending with `
      + `a letter or digit${fix}`);
  }
  return value;
}

/**
 * Free text such as a commonName: `min` to `max` characters of printable Unicode. Control characters, line and
 * paragraph separators and unpaired surrogates are refused: YAML 1.1 readers (Kubernetes') fold U+0085, U+2028
 * and U+2029 as line breaks, and an unpaired surrogate cannot be written as UTF-8.
 */
export function checkText(scope: PropSource, field: string, value: string, min: number, max: number, why = ''): string {
  if (typeof value !== 'string' || value.length < min || value.length > max) fail(scope, field, value, `must be ${min} to ${max} characters${why}`);
  if (/[\p{Cc}\p{Cs}\p{Zl}\p{Zp}\uFEFF]/u.test(value)) {
    fail(scope, field, value, 'must be printable text: no control characters, line or paragraph separators, byte-order marks or unpaired surrogates');
  }
  return value;
}

/** A key of a Secret or ConfigMap's data: at most 253 letters, digits, '-', '_' or '.', not '.' or '..'. */
export function checkDataKey(scope: PropSource, field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 253 || !/^[-._a-zA-Z0-9]+$/.test(value) || value === '.' || value.startsWith('..')) {
    fail(scope, field, value, 'must be a Secret or ConfigMap key: at most 253 letters, digits, \'-\', \'_\' or \'.\', not \'.\' and not starting '
      + 'with \'..\'');
  }
  return value;
}

/** The key a BackendTLSPolicy or Envoy Gateway Backend reads a CA from: `ca.crt`, the only one Gateway API defines. */
export function checkVerifierCaKey(scope: PropSource, field: string, key: string): string {
  if (key !== 'ca.crt') {
    fail(scope, field, key, 'must be "ca.crt": Gateway API verifiers read the CA from that key only; copy the CA there, or publish it with a '
      + 'trust-manager Bundle (CaDistribution.TRUST_MANAGER_BUNDLE)');
  }
  return key;
}

/** A Gateway API PathPrefix value: an absolute path of the characters Gateway API allows, at most 1024. */
export function checkPathPrefix(scope: PropSource, field: string, value: string): string {
  const malformed = typeof value !== 'string' || !value.startsWith('/') || value.length > 1024;
  if (malformed || /\/\/|\/\.\.?(\/|$)|[%#?]/.test(value) || !/^[-A-Za-z0-9/._~!$&'()*+,;=:@]+$/.test(value)) {
    fail(scope, field, value, 'must be an absolute path starting with "/", without "//", "/./", "/../", "%", "#" or "?", of letters, digits and '
      + '-/._~!$&\'()*+,;=:@ (Gateway API HTTPPathMatch), at most 1024 characters');
  }
  return value;
}

/** A TCP port number. */
export function checkPort(scope: PropSource, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(scope, field, value, 'must be an integer from 1 to 65535');
  return value;
}

/** A port name as Kubernetes' IANA_SVC_NAME: at most 15 lower-case letters, digits and '-', with a letter. */
export function checkPortName(scope: PropSource, field: string, value: string): string {
  if (typeof value !== 'string' || value.length > 15 || !DNS_1123_LABEL.test(value) || !/[a-z]/.test(value) || value.includes('--')) {
    fail(scope, field, value, 'must be an IANA service name: at most 15 lower-case letters, digits or single \'-\', with at least one letter');
  }
  return value;
}

/** A count that must be a whole number within bounds. */
export function checkCount(scope: PropSource, field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) fail(scope, field, value, `must be an integer from ${min} to ${max}`);
  return value;
}

const NANOS_PER_UNIT = new Map<string, bigint>([
  ['ns', 1n], ['us', 1_000n], ['\u00b5s', 1_000n], ['\u03bcs', 1_000n], ['ms', 1_000_000n],
  ['s', 1_000_000_000n], ['m', 60_000_000_000n], ['h', 3_600_000_000_000n],
]);
const MAX_GO_DURATION = (1n << 63n) - 1n;

/**
 * Parses a Go duration ("2160h", "1h30m", "-1.5h") into nanoseconds exactly as Go's time.ParseDuration does,
 * which is how cert-manager reads durations; undefined when Go refuses it, also beyond time.Duration's range
 * (about 2562047h).
 */
export function parseGoDurationNanos(value: string): bigint | undefined {
  const match = /^([-+]?)(.*)$/s.exec(value)!;
  const negative = match[1] === '-';
  let rest = match[2];
  if (rest === '0') return 0n;
  if (rest === '') return undefined;
  let total = 0n;
  while (rest !== '') {
    const part = /^([0-9]*)(?:\.([0-9]*))?([^0-9.]+)/.exec(rest);
    if (!part || (part[1] === '' && (part[2] ?? '') === '')) return undefined;
    const unit = NANOS_PER_UNIT.get(part[3]);
    if (unit === undefined) return undefined;
    const whole = BigInt(part[1] || '0');
    if (whole > (1n << 63n) / unit) return undefined;
    let nanos = whole * unit;
    const fraction = part[2] ?? '';
    // Go truncates the fraction's contribution to whole nanoseconds.
    if (fraction !== '') nanos += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += nanos;
    if (total > 1n << 63n) return undefined;
    rest = rest.slice(part[0].length);
  }
  if (!negative && total > MAX_GO_DURATION) return undefined;
  return negative ? -total : total;
}

/** Parses a Go duration into milliseconds (see {@link parseGoDurationNanos}). */
export function parseGoDuration(value: string): number | undefined {
  const nanos = parseGoDurationNanos(value);
  return nanos === undefined ? undefined : Number(nanos) / 1e6;
}

/** A Go duration, returned in nanoseconds. */
export function checkDuration(scope: PropSource, field: string, value: string): bigint {
  const nanos = typeof value === 'string' ? parseGoDurationNanos(value) : undefined;
  if (nanos === undefined) {
    fail(scope, field, value, 'must be a Go duration such as "2160h" or "1h30m" (units ns, us, ms, s, m, h) within Go\'s range of 2562047h');
  }
  return nanos;
}

/** cert-manager's limits (v1.21, pkg/apis/certmanager/v1 const.go): a Certificate lives at least 1h and renews at least 5m before expiry. */
const MINIMUM_CERTIFICATE_DURATION = 3_600_000_000_000n;
const MINIMUM_RENEW_BEFORE = 300_000_000_000n;

/**
 * A Certificate's duration and renewBefore as cert-manager's webhook validates them (ValidateDuration):
 * duration at least 1h, renewBefore at least 5m and shorter than duration.
 */
export function checkCertificateDurations(scope: PropSource, duration: string, renewBefore: string): { duration: bigint; renewBefore: bigint } {
  const lifetime = checkDuration(scope, 'duration', duration);
  const renewal = checkDuration(scope, 'renewBefore', renewBefore);
  if (lifetime < MINIMUM_CERTIFICATE_DURATION) fail(scope, 'duration', duration, 'must be at least 1h (cert-manager\'s minimum)');
  if (renewal < MINIMUM_RENEW_BEFORE) {fail(scope, 'renewBefore', renewBefore, 'must be at least 5m (cert-manager\'s minimum): renew earlier, e.g. '
    + 'a third of duration');}
  if (renewal >= lifetime) {fail(scope, 'renewBefore', renewBefore, `must be shorter than duration "${duration}", or cert-manager renews the `
    + `certificate continuously`);}
  return { duration: lifetime, renewBefore: renewal };
}

/** The grammar of distribution/reference: [registry[:port]/]path-component(/path-component)*[:tag][@sha256:digest]. */
const IMAGE_PATH_COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const IMAGE_REFERENCE = new RegExp('^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?/)?'
  + `${IMAGE_PATH_COMPONENT}(?:/${IMAGE_PATH_COMPONENT})*(?::[\\w][\\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$`);

/** A container image reference pinned by tag or digest (never implicitly `latest`). */
export function checkImage(scope: PropSource, field: string, value: string): string {
  if (!IMAGE_REFERENCE.test(value)) {fail(scope, field, value, 'must be a container image reference such as "registry/name:tag" or '
    + '"name@sha256:<digest>"');}
  const lastSegment = value.split('/').pop()!;
  if (!lastSegment.includes(':') && !value.includes('@')) {fail(scope, field, value, 'must pin a tag or digest: an untagged image pulls whatever '
    + '"latest" is that day');}
  if (/:latest(@|$)/.test(value)) fail(scope, field, value, 'must pin a version, not "latest"');
  return value;
}

/** An exact Kubernetes quantity: `coefficient` x 10^`exponent`, the binary suffixes multiplied out. */
export interface Quantity {
  readonly negative: boolean;
  readonly coefficient: bigint;
  readonly exponent: number;
}

const QUANTITY = /^([+-]?)([0-9]+(?:\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]{1,9})?$/;
const DECIMAL_SUFFIXES = new Map([['', 0], ['n', -9], ['u', -6], ['m', -3], ['k', 3], ['M', 6], ['G', 9], ['T', 12], ['P', 15], ['E', 18]]);
const BINARY_SUFFIXES = new Map([['Ki', 10n], ['Mi', 20n], ['Gi', 30n], ['Ti', 40n], ['Pi', 50n], ['Ei', 60n]]);

/**
 * Parses a Kubernetes quantity (apimachinery's grammar: decimal SI "100m", "2k", "500u"; binary SI "1Ki"; exponent "1e3")
 * exactly; undefined when Kubernetes would refuse it.
 */
export function parseQuantity(value: string): Quantity | undefined {
  const match = typeof value === 'string' ? QUANTITY.exec(value) : null;
  if (!match) return undefined;
  const [, sign, number, suffix = ''] = match;
  const [whole, fraction = ''] = number.split('.');
  let coefficient = BigInt(`${whole}${fraction}` || '0');
  let exponent = -fraction.length;
  const binary = BINARY_SUFFIXES.get(suffix);
  if (binary !== undefined) coefficient <<= binary;
  else exponent += DECIMAL_SUFFIXES.get(suffix) ?? Number(suffix.slice(1));
  return { negative: sign === '-' && coefficient !== 0n, coefficient, exponent };
}

/** Compares two quantities exactly: negative when a < b, 0 when equal, positive when a > b. */
export function compareQuantities(a: Quantity, b: Quantity): number {
  if (a.negative !== b.negative) return a.negative ? -1 : 1;
  const magnitude = compareMagnitudes(a, b);
  return a.negative ? -magnitude : magnitude;
}

function compareMagnitudes(a: Quantity, b: Quantity): number {
  if (a.coefficient === 0n || b.coefficient === 0n) return Number(a.coefficient !== 0n) - Number(b.coefficient !== 0n);
  // Orders of magnitude first, so "1e999999999" never becomes a billion-digit number.
  const orderA = a.coefficient.toString().length + a.exponent;
  const orderB = b.coefficient.toString().length + b.exponent;
  if (orderA !== orderB) return orderA < orderB ? -1 : 1;
  const shift = a.exponent - b.exponent;
  const left = shift > 0 ? a.coefficient * 10n ** BigInt(shift) : a.coefficient;
  const right = shift < 0 ? b.coefficient * 10n ** BigInt(-shift) : b.coefficient;
  return left === right ? 0 : left < right ? -1 : 1;
}

/** A non-negative Kubernetes resource quantity ("100m", "64Mi", "1e3"), returned parsed. */
export function checkQuantity(scope: PropSource, field: string, value: string): Quantity {
  const quantity = parseQuantity(value);
  if (!quantity || quantity.negative) {fail(scope, field, value, 'must be a non-negative Kubernetes quantity such as "100m", "0.5", "2k", "64Mi" '
    + 'or "1e3"');}
  return quantity;
}

/** A memory size as cdk8s-plus renders it (whole or fractional mebibytes, "64Mi"), checked as a quantity. */
export function checkMemory(scope: PropSource, field: string, size: Size): string {
  let mebibytes: number;
  try {
    mebibytes = size.toMebibytes();
  } catch (error) {
    // cdk8s says "'1500 kibibytes' cannot be converted into a whole number of mebibytes."
    const amount = /^'([^']+)'/.exec((error as Error).message)?.[1] ?? (error as Error).message;
    return fail(scope, field, amount, 'must be a whole number of mebibytes, the unit cdk8s-plus renders memory in');
  }
  return checkQuantity(scope, field, `${mebibytes}Mi`) && `${mebibytes}Mi`;
}

/** A resource request that must not exceed its limit, compared exactly. */
export function checkRequestWithinLimit(scope: PropSource, field: string, request: string, limitField: string, limit: string): void {
  if (compareQuantities(checkQuantity(scope, field, request), checkQuantity(scope, limitField, limit)) > 0) {
    fail(scope, field, request, `must not exceed ${limitField.split('.').slice(-2).join('.')} "${limit}"`);
  }
}

/** One of the values of a string enum. */
export function checkOneOf<T extends string>(scope: PropSource, field: string, value: T, values: Record<string, T>): T {
  if (!Object.values(values).includes(value)) fail(scope, field, value, `must be one of ${Object.values(values).join(', ')}`);
  return value;
}
