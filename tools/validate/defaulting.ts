import { isRecord } from './problem';
import type { StructuralSchema } from './structural-schema';

function propertySchema(schema: StructuralSchema | undefined, key: string): StructuralSchema | undefined {
  if (!schema) return undefined;
  return schema.properties?.[key] ?? (typeof schema.additionalProperties === 'object' ? schema.additionalProperties : undefined);
}

/**
 * Returns a copy of `value` as the API server stores it before validating: `null` in a non-nullable field is
 * dropped (or replaced by the field's default), and every absent field with a `default` gets it, recursively.
 * CEL rules rely on this (e.g. Gateway API reads `self.group` that only a default sets).
 */
export function withDefaults(value: unknown, schema: StructuralSchema | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => withDefaults(item, schema?.items));
  if (!isRecord(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const child = propertySchema(schema, key);
    if (item === null && child && !child.nullable) continue;
    result[key] = withDefaults(item, child);
  }
  for (const [key, child] of Object.entries(schema?.properties ?? {})) {
    if (result[key] === undefined && child.default !== undefined) result[key] = withDefaults(structuredClone(child.default), child);
  }
  return result;
}
