// resource.Quantity as the API server writes it back (apimachinery pkg/api/resource: Quantity.String and
// CanonicalizeBytes), for the values and limits its messages quote.
import { parseQuantity, type Quantity } from '../../../lib/core/validate-props';

type Format = 'DecimalSI' | 'BinarySI' | 'DecimalExponent';

const DECIMAL_SUFFIXES = new Map([[-9, 'n'], [-6, 'u'], [-3, 'm'], [0, ''], [3, 'k'], [6, 'M'], [9, 'G'], [12, 'T'], [15, 'P'], [18, 'E']]);
const BINARY_SUFFIXES = ['', 'Ki', 'Mi', 'Gi', 'Ti', 'Pi', 'Ei'];

/** A quantity as YAML gives it (a string, or a number read as its decimal text), parsed and rounded up to nano units as Go stores it. */
export function readQuantity(value: unknown): (Quantity & { readonly format: Format }) | undefined {
  const text = typeof value === 'number' ? String(value) : typeof value === 'string' ? value : undefined;
  const parsed = text === undefined ? undefined : parseQuantity(text);
  if (!text || !parsed) return undefined;
  const format: Format = /[KMGTPE]i$/.test(text) ? 'BinarySI' : /[eE][+-]?\d+$/.test(text) ? 'DecimalExponent' : 'DecimalSI';
  if (parsed.exponent >= -9) return { ...parsed, format };
  const unit = 10n ** BigInt(-9 - parsed.exponent);
  return { ...parsed, coefficient: (parsed.coefficient + unit - 1n) / unit, exponent: -9, format };
}

/** A whole number (MilliValue() % 1000 == 0). */
export const isWholeQuantity = (quantity: Quantity): boolean =>
  quantity.exponent >= 0 || quantity.coefficient % 10n ** BigInt(-quantity.exponent) === 0n;

/** The integer Quantity.Value() returns: the value rounded up. */
export function quantityValue(quantity: Quantity): bigint {
  if (quantity.exponent >= 0) return quantity.coefficient * 10n ** BigInt(quantity.exponent) * (quantity.negative ? -1n : 1n);
  const unit = 10n ** BigInt(-quantity.exponent);
  const whole = quantity.negative ? -(quantity.coefficient / unit) : (quantity.coefficient + unit - 1n) / unit;
  return whole;
}

/** Quantity.String(): the canonical text of a quantity in its own format ("0.5" is "500m", "2048Ki" is "2Mi", "1e3" stays "1e3"). */
export function canonicalQuantity(value: unknown): string | undefined {
  const quantity = readQuantity(value);
  if (!quantity) return undefined;
  if (quantity.coefficient === 0n) return '0';
  const sign = quantity.negative ? '-' : '';
  let format = quantity.format;
  const integral = isWholeQuantity(quantity);
  if (format === 'BinarySI' && (!integral || quantityValue({ ...quantity, negative: false }) < 1024n)) format = 'DecimalSI';
  if (format === 'BinarySI') {
    let amount = quantityValue({ ...quantity, negative: false });
    let power = 0;
    while (power < 6 && amount % 1024n === 0n) {
      amount /= 1024n;
      power += 1;
    }
    return `${sign}${amount}${BINARY_SUFFIXES[power]}`;
  }
  let { coefficient, exponent } = quantity;
  while (coefficient % 10n === 0n) {
    coefficient /= 10n;
    exponent += 1;
  }
  const remainder = exponent % 3;
  if (remainder === 1 || remainder === -2) {
    coefficient *= 10n;
    exponent -= 1;
  } else if (remainder === 2 || remainder === -1) {
    coefficient *= 100n;
    exponent -= 2;
  }
  if (format === 'DecimalExponent') return `${sign}${coefficient}${exponent === 0 ? '' : `e${exponent}`}`;
  while (exponent > 18) {
    coefficient *= 1000n;
    exponent -= 3;
  }
  return `${sign}${coefficient}${DECIMAL_SUFFIXES.get(exponent) ?? ''}`;
}
