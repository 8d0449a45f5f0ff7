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

/** encoding/json's quoteChar: a byte as its syntax errors print it. */
function quoteChar(byte: number): string {
  if (byte === 0x27) return "'\\''";
  if (byte === 0x22) return '\'"\'';
  const named: Record<number, string> = { 7: '\\a', 8: '\\b', 9: '\\t', 10: '\\n', 11: '\\v', 12: '\\f', 13: '\\r', 0x5c: '\\\\' };
  if (named[byte]) return `'${named[byte]}'`;
  if (byte < 0x20 || byte === 0x7f) return `'\\x${byte.toString(16).padStart(2, '0')}'`;
  // string(c) makes the byte a rune: U+0080 to U+00A0 and the soft hyphen are not printable for strconv.Quote
  if ((byte >= 0x80 && byte <= 0xa0) || byte === 0xad) return `'\\u00${byte.toString(16)}'`;
  return `'${String.fromCharCode(byte)}'`;
}

const SPACE_ALLOWED = /^(looking for|after (object|array)|in string literal)/;
const LITERALS: Readonly<Record<string, string>> = { t: 'true', f: 'false', n: 'null' };

/**
 * The error text of Go's json.Unmarshal of `bytes` into a map[string]interface{} (checkValid's scanner first, then the
 * top-level type), or undefined when it decodes. Numbers beyond float64 inside the object are not judged.
 */
export function goJsonObjectError(bytes: Uint8Array): string | undefined {
  let at = 0;
  const space = () => { while (at < bytes.length && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[at])) at++; };
  class Syntax extends Error {}
  // At the end, checkValid steps a space: where a space may stand the input is cut short, elsewhere the space is the bad character.
  const fail = (context: string): never => {
    if (at < bytes.length) throw new Syntax(`invalid character ${quoteChar(bytes[at])} ${context}`);
    throw new Syntax(SPACE_ALLOWED.test(context) ? 'unexpected end of JSON input' : `invalid character ' ' ${context}`);
  };
  const digits = (context: string) => {
    if (!(bytes[at] >= 0x30 && bytes[at] <= 0x39)) fail(context);
    while (bytes[at] >= 0x30 && bytes[at] <= 0x39) at++;
  };
  const string = () => {
    at++;
    for (;;) {
      const byte = bytes[at];
      if (byte === undefined) fail('in string literal');
      if (byte === 0x22) { at++; return; }
      if (byte < 0x20) fail('in string literal');
      at++;
      if (byte !== 0x5c) continue;
      if (bytes[at] === 0x75) {
        at++;
        for (let index = 0; index < 4; index++, at++) if (!/[0-9a-fA-F]/.test(String.fromCharCode(bytes[at] ?? 0))) fail('in \\u hexadecimal character escape');
      } else if ('"\\/bfnrt'.includes(String.fromCharCode(bytes[at] ?? 0)) && bytes[at] !== undefined) {
        at++;
      } else {
        fail('in string escape code');
      }
    }
  };
  const value = (): string => {
    space();
    const byte = bytes[at];
    const char = String.fromCharCode(byte ?? 0);
    if (byte === 0x7b) {
      at++; space();
      if (bytes[at] === 0x7d) { at++; return 'object'; }
      for (;;) {
        if (bytes[at] !== 0x22) fail('looking for beginning of object key string');
        string(); space();
        if (bytes[at] !== 0x3a) fail('after object key');
        at++; value(); space();
        if (bytes[at] === 0x7d) { at++; return 'object'; }
        if (bytes[at] !== 0x2c) fail('after object key:value pair');
        at++; space();
      }
    }
    if (byte === 0x5b) {
      at++; space();
      if (bytes[at] === 0x5d) { at++; return 'array'; }
      for (;;) {
        value(); space();
        if (bytes[at] === 0x5d) { at++; return 'array'; }
        if (bytes[at] !== 0x2c) fail('after array element');
        at++;
      }
    }
    if (byte === 0x22) { string(); return 'string'; }
    if (byte !== undefined && LITERALS[char]) {
      const literal = LITERALS[char];
      at++;
      for (const expected of literal.slice(1)) {
        if (bytes[at] !== expected.charCodeAt(0)) fail(`in literal ${literal} (expecting '${expected}')`);
        at++;
      }
      return literal === 'null' ? 'null' : 'bool';
    }
    if (byte === 0x2d || (byte >= 0x30 && byte <= 0x39)) {
      if (byte === 0x2d) at++;
      if (bytes[at] === 0x30) at++;
      else digits('in numeric literal');
      if (bytes[at] === 0x2e) { at++; digits('after decimal point in numeric literal'); }
      if (bytes[at] === 0x65 || bytes[at] === 0x45) {
        at++;
        if (bytes[at] === 0x2b || bytes[at] === 0x2d) at++;
        digits('in exponent of numeric literal');
      }
      return 'number';
    }
    return fail('looking for beginning of value');
  };
  try {
    const type = value();
    space();
    if (at < bytes.length) fail('after top-level value');
    return type === 'object' || type === 'null' ? undefined : `json: cannot unmarshal ${type} into Go value of type map[string]interface {}`;
  } catch (error) {
    if (error instanceof Syntax) return error.message;
    throw error;
  }
}
