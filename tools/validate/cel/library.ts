import { CelScalar, celMethod, listType, type CelFunc } from '@bufbuild/cel';

/**
 * The Kubernetes CEL library functions that the pinned CRDs call beyond standard CEL. Kubernetes enables
 * cel-go's `ext.Strings`; of it the pinned rules use `upperAscii()` (Envoy Gateway health checks) and
 * `split()` (Envoy Gateway header/label keys). A rule calling anything else not in standard CEL is reported
 * as not evaluable rather than passed; test/validate/cel-library.test.ts guards that list against the CRDs.
 */
export const KUBERNETES_LIBRARY_FUNCTIONS = ['upperAscii', 'split'] as const;

/** `'abc'.upperAscii()`: upper-cases ASCII letters only, as cel-go's strings extension does. */
export function upperAscii(text: string): string {
  return text.replace(/[a-z]+/g, (letters) => letters.toUpperCase());
}

/**
 * `'a/b'.split('/')` and `'a/b/c'.split('/', 2)`: Go's `strings.SplitN`; a negative limit splits everywhere,
 * zero returns an empty list, an empty separator splits into characters.
 */
export function split(text: string, separator: string, limit = -1): string[] {
  if (limit === 0) return [];
  const parts = separator === '' ? Array.from(text) : text.split(separator);
  if (limit < 0 || parts.length <= limit) return parts;
  return [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(separator)];
}

/** The library above as CEL methods for the evaluator. */
export const kubernetesLibrary: readonly CelFunc[] = [
  celMethod('upperAscii', CelScalar.STRING, [], CelScalar.STRING, function (this: string) {
    return upperAscii(this);
  }),
  celMethod('split', CelScalar.STRING, [CelScalar.STRING], listType(CelScalar.STRING), function (this: string, separator: string) {
    return split(this, separator);
  }),
  celMethod('split', CelScalar.STRING, [CelScalar.STRING, CelScalar.INT], listType(CelScalar.STRING), function (this: string, separator: string, limit: bigint) {
    return split(this, separator, Number(limit));
  }),
];
