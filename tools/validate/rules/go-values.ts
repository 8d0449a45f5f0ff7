// Go values as cert-manager's webhook decodes and prints them: metav1.Duration (time.ParseDuration) and
// time.Duration.String(), so a verdict reads as the webhook's own.
import { parseGoDurationNanos } from '../../../lib/core/validate-props';

export { parseGoDurationNanos };

const SECOND = 1_000_000_000n;

/** Go's time.Duration.String(): `1h0m0s`, `5m0s`, `1.5s`, `300ms`, `0s`. */
export function goDurationString(nanos: bigint): string {
  if (nanos === 0n) return '0s';
  const sign = nanos < 0n ? '-' : '';
  const magnitude = nanos < 0n ? -nanos : nanos;
  if (magnitude < SECOND) {
    const [unit, size] = magnitude < 1000n ? ['ns', 1n] : magnitude < 1_000_000n ? ['µs', 1000n] : ['ms', 1_000_000n];
    return `${sign}${fraction(magnitude, size)}${unit}`;
  }
  const hours = magnitude / (3600n * SECOND);
  const minutes = (magnitude / (60n * SECOND)) % 60n;
  const seconds = fraction(magnitude % (60n * SECOND), SECOND);
  if (hours > 0n) return `${sign}${hours}h${minutes}m${seconds}s`;
  if (minutes > 0n) return `${sign}${minutes}m${seconds}s`;
  return `${sign}${seconds}s`;
}

/** `value / unit` in decimal with trailing zeros of the fraction dropped. */
function fraction(value: bigint, unit: bigint): string {
  const whole = value / unit;
  const rest = value % unit;
  if (rest === 0n) return `${whole}`;
  const digits = (unit.toString().length - 1);
  return `${whole}.${rest.toString().padStart(digits, '0').replace(/0+$/, '')}`;
}

/** net.ParseIP: a dotted IPv4 address (no leading zeros since Go 1.17) or an IPv6 address without a zone. */
export function isGoIp(text: string): boolean {
  const ipv4 = (value: string) => /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}$/.test(value);
  if (ipv4(text)) return true;
  if (!text.includes(':') || text.includes('%')) return false;
  let address = text;
  let groupsWanted = 8;
  const lastColon = address.lastIndexOf(':');
  if (address.slice(lastColon + 1).includes('.')) {
    if (!ipv4(address.slice(lastColon + 1))) return false;
    address = `${address.slice(0, lastColon + 1)}0`;
    groupsWanted = 7;
  }
  const halves = address.split('::');
  if (halves.length > 2) return false;
  const groups = halves.map((half) => (half === '' ? [] : half.split(':')));
  if (!groups.flat().every((group) => /^[0-9a-fA-F]{1,4}$/.test(group))) return false;
  const count = groups.flat().length;
  return halves.length === 2 ? count < groupsWanted : count === groupsWanted;
}
