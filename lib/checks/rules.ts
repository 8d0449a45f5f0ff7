import { Construct } from 'constructs';

/**
 * Prop checks shared by every construct. Each throws an Error that names the construct path, the field,
 * the value and the rule, so the message says what to change.
 */

/** Throws `<path>: <field> <value> <rule>`; the single way a construct reports a bad prop. */
export function fail(scope: Construct, field: string, value: unknown, rule: string): never {
  throw new Error(`${scope.node.path}: ${field} ${JSON.stringify(value)} ${rule}`);
}

const DNS_1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** A DNS-1123 label (Namespace, Service and port-less names): lower case, digits, '-', at most 63. */
export function checkDnsLabel(scope: Construct, field: string, value: string): string {
  if (value.length > 63 || !DNS_1123_LABEL.test(value)) {
    fail(scope, field, value, 'must be a DNS-1123 label: at most 63 lower-case letters, digits or \'-\', starting and ending with a letter or digit');
  }
  return value;
}

/** A DNS-1123 subdomain (most object names, Secret names): labels joined by '.', at most 253. */
export function checkDnsSubdomain(scope: Construct, field: string, value: string): string {
  if (value.length > 253 || !DNS_1123_SUBDOMAIN.test(value) || value.split('.').some((label) => label.length > 63)) {
    fail(scope, field, value, 'must be a DNS-1123 subdomain: lower-case letters, digits, \'-\' and \'.\', at most 253 characters');
  }
  return value;
}

/** A hostname as Gateway API defines it: a DNS subdomain, optionally with one leading `*.` label; no IP, no port. */
export function checkHostname(scope: Construct, field: string, value: string, options: { wildcard?: boolean } = {}): string {
  const bare = options.wildcard && value.startsWith('*.') ? value.slice(2) : value;
  if (value.length > 253 || !DNS_1123_SUBDOMAIN.test(bare) || bare.split('.').some((label) => label.length > 63)) {
    const wildcard = options.wildcard ? ', optionally starting with a single \'*.\'' : '';
    fail(scope, field, value, `must be a lower-case DNS hostname${wildcard} (Gateway API Hostname): no IP address, port or trailing dot`);
  }
  if (/^[0-9.]+$/.test(bare)) fail(scope, field, value, 'must be a DNS hostname, not an IP address (Gateway API Hostname)');
  return value;
}

/** A TCP port number. */
export function checkPort(scope: Construct, field: string, value: number): number {
  if (!Number.isInteger(value) || value < 1 || value > 65535) fail(scope, field, value, 'must be an integer from 1 to 65535');
  return value;
}

/** A port name as Kubernetes' IANA_SVC_NAME: at most 15 lower-case letters, digits and '-', with a letter. */
export function checkPortName(scope: Construct, field: string, value: string): string {
  if (value.length > 15 || !DNS_1123_LABEL.test(value) || !/[a-z]/.test(value) || value.includes('--')) {
    fail(scope, field, value, 'must be an IANA service name: at most 15 lower-case letters, digits or single \'-\', with at least one letter');
  }
  return value;
}

/** A count that must be a whole number within bounds. */
export function checkCount(scope: Construct, field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) fail(scope, field, value, `must be an integer from ${min} to ${max}`);
  return value;
}

const DURATION_UNITS: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1e3, m: 60e3, h: 3600e3 };
const GO_DURATION = /^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/;

/** Parses a Go duration ("2160h", "1h30m") into milliseconds; cert-manager durations use this syntax. */
export function parseGoDuration(value: string): number | undefined {
  if (!GO_DURATION.test(value)) return undefined;
  let total = 0;
  for (const [, amount, , unit] of value.matchAll(/(\d+(\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) total += Number(amount) * DURATION_UNITS[unit];
  return total;
}

/** A Go duration, returned in milliseconds. */
export function checkDuration(scope: Construct, field: string, value: string): number {
  const millis = parseGoDuration(value);
  if (millis === undefined) fail(scope, field, value, 'must be a Go duration such as "2160h" or "1h30m" (units ns, us, ms, s, m, h)');
  return millis;
}

const IMAGE_REFERENCE = /^(?:[a-z0-9]+(?:[._-][a-z0-9]+)*(?::[0-9]+)?\/)?[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*(?::[\w][\w.-]{0,127})?(?:@sha256:[a-f0-9]{64})?$/;

/** A container image reference pinned by tag or digest (never implicitly `latest`). */
export function checkImage(scope: Construct, field: string, value: string): string {
  if (!IMAGE_REFERENCE.test(value)) fail(scope, field, value, 'must be a container image reference such as "registry/name:tag" or "name@sha256:<digest>"');
  const lastSegment = value.split('/').pop()!;
  if (!lastSegment.includes(':') && !value.includes('@')) fail(scope, field, value, 'must pin a tag or digest: an untagged image pulls whatever "latest" is that day');
  if (/:latest(@|$)/.test(value)) fail(scope, field, value, 'must pin a version, not "latest"');
  return value;
}

const QUANTITY = /^[+]?(\d+(\.\d*)?|\.\d+)(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei|[eE][+-]?\d+)?$/;

/** A Kubernetes resource quantity ("100m", "64Mi"). */
export function checkQuantity(scope: Construct, field: string, value: string): string {
  if (!QUANTITY.test(value)) fail(scope, field, value, 'must be a Kubernetes quantity such as "100m", "0.5" or "64Mi"');
  return value;
}

/** One of the values of a string enum. */
export function checkOneOf<T extends string>(scope: Construct, field: string, value: T, values: Record<string, T>): T {
  if (!Object.values(values).includes(value)) fail(scope, field, value, `must be one of ${Object.values(values).join(', ')}`);
  return value;
}
