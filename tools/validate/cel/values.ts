import { isRecord } from '../problem';
import type { StructuralSchema } from '../structural-schema';

const CEL_RESERVED = new Set(['true', 'false', 'null', 'in', 'as', 'break', 'const', 'continue', 'else', 'for', 'function', 'if',
  'import', 'let', 'loop', 'package', 'namespace', 'return', 'var', 'void', 'while']);

/**
 * The name under which CEL sees a property, as Kubernetes escapes it (`namespace` → `__namespace__`,
 * `x-y` → `x__dash__y`), or undefined when the property is not reachable from CEL.
 */
export function escapePropertyName(name: string): string | undefined {
  if (CEL_RESERVED.has(name)) return `__${name}__`;
  if (!/^[a-zA-Z_.\-/][a-zA-Z0-9_.\-/]*$/.test(name)) return undefined;
  return name.replace(/__/g, '__underscores__').replace(/\./g, '__dot__').replace(/-/g, '__dash__').replace(/\//g, '__slash__');
}

/**
 * Converts a JSON value to the value CEL sees for it under `schema`: integers as CEL `int` (bigint) where the
 * schema says integer (or int-or-string, or nothing), objects with declared properties as maps keyed by escaped
 * names, `additionalProperties` maps with their keys as they are.
 */
export function toCelValue(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    const integral = schema?.type === 'integer' || schema?.['x-kubernetes-int-or-string'] || (schema?.type === undefined && Number.isInteger(value));
    return integral && Number.isInteger(value) ? BigInt(value) : value;
  }
  if (Array.isArray(value)) return value.map((item) => toCelValue(item, schema?.items));
  if (isRecord(value)) {
    const map = new Map<string, unknown>();
    const properties = schema?.properties;
    const additional = typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined;
    for (const [key, item] of Object.entries(value)) {
      if (additional && !properties?.[key]) {
        map.set(key, toCelValue(item, additional));
        continue;
      }
      const name = escapePropertyName(key);
      if (name !== undefined) map.set(name, toCelValue(item, properties?.[key]));
    }
    return map;
  }
  return value;
}
