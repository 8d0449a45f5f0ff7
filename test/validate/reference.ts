// An independent reference for the structural part of a CRD's verdict: ajv (JSON Schema) over the CRD's
// openAPIV3Schema turned into JSON Schema, after Kubernetes' null pruning and defaulting. No CEL, no formats, no
// ObjectMeta rules: whatever it rejects, the validator must reject too.
import Ajv, { type ValidateFunction } from 'ajv';

type Schema = Record<string, any>;

/** OpenAPI v3 with Kubernetes extensions -> JSON Schema draft-07, as the API server's structural schema reads it. */
export function toJsonSchema(schema: Schema | undefined): Schema {
  if (!schema) return {};
  const out: Schema = {};
  for (const key of ['enum', 'pattern', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'required', 'uniqueItems']) {
    if (schema[key] !== undefined) out[key] = schema[key];
  }
  if (schema.minimum !== undefined) out[schema.exclusiveMinimum === true ? 'exclusiveMinimum' : 'minimum'] = schema.minimum;
  if (schema.maximum !== undefined) out[schema.exclusiveMaximum === true ? 'exclusiveMaximum' : 'maximum'] = schema.maximum;
  if (schema['x-kubernetes-int-or-string']) {
    out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  } else if (schema.type) {
    out.type = schema.nullable ? [schema.type, 'null'] : schema.type;
  }
  if (schema['x-kubernetes-list-type'] === 'set') out.uniqueItems = true;
  if (schema['x-kubernetes-list-type'] === 'map') out.listMapKeys = schema['x-kubernetes-list-map-keys'] ?? [];
  if (schema.items) out.items = toJsonSchema(schema.items);
  if (schema.properties) {
    out.properties = Object.fromEntries(Object.entries(schema.properties).map(([key, value]) => [key, toJsonSchema(value as Schema)]));
  }
  if (typeof schema.additionalProperties === 'object') {out.additionalProperties = toJsonSchema(schema.additionalProperties);}
  else if (schema.additionalProperties === true || schema['x-kubernetes-preserve-unknown-fields']) {out.additionalProperties = true;}
  else if (schema.type === 'object' || schema.properties) {
    out.additionalProperties = false;
    if (schema['x-kubernetes-embedded-resource']) {
      out.properties = { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, ...out.properties };
    }
  }
  for (const combinator of ['allOf', 'anyOf', 'oneOf'] as const) {
    if (schema[combinator]) {
      const branches = schema[combinator].map((branch: Schema) => valueOnly(toJsonSchema(branch)));
      out.allOf = [...(out.allOf ?? []), combinator === 'allOf' ? { allOf: branches } : { [combinator]: branches }];
    }
  }
  if (schema.not) out.not = valueOnly(toJsonSchema(schema.not));
  return out;
}

/** Structural schemas' combinator branches constrain values only: they never close objects. */
function valueOnly(schema: Schema): Schema {
  const { additionalProperties, ...rest } = schema;
  return additionalProperties === false ? rest : schema;
}

/** Kubernetes' structural defaulting: nulls pruned from non-nullable fields, then absent fields defaulted. */
function pruneNullsAndDefault(value: unknown, schema: Schema | undefined): unknown {
  if (Array.isArray(value)) return value.map((item) => pruneNullsAndDefault(item, schema?.items));
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const child = schema?.properties?.[key] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
    if (item === null && child && !child.nullable) continue;
    result[key] = pruneNullsAndDefault(item, child);
  }
  for (const [key, child] of Object.entries<Schema>(schema?.properties ?? {})) {
    if (result[key] === undefined && child.default !== undefined) result[key] = pruneNullsAndDefault(structuredClone(child.default), child);
  }
  return result;
}

/** The reference verdict for one CRD version: `validate(object)` returns whether it is accepted. */
export class StructuralReference {
  private static readonly ajv = (() => {
    // Unoptimized code compiles in half the time and gives the same verdicts; the mutations call each function a few dozen times.
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false, code: { optimize: false } });
    ajv.addKeyword({
      keyword: 'listMapKeys',
      type: 'array',
      validate: (keys: string[], items: unknown[]) => {
        const seen = new Set(items.map((item) => JSON.stringify(keys.map((key) => (item as Record<string, unknown>)?.[key]))));
        return seen.size === items.length;
      },
    });
    return ajv;
  })();

  /** Compiled JSON Schemas by their text: served versions of a kind often share one schema, in both channels. */
  private static readonly compiledByText = new Map<string, ValidateFunction>();

  private readonly compiled: ValidateFunction;

  constructor(private readonly schema: Schema, private readonly statusSubresource: boolean) {
    const root = toJsonSchema(schema);
    // ObjectMeta is checked by the API server's own code, not the CRD's schema
    root.properties = { ...root.properties, metadata: { type: 'object' } };
    const text = JSON.stringify(root);
    let compiled = StructuralReference.compiledByText.get(text);
    if (!compiled) StructuralReference.compiledByText.set(text, compiled = StructuralReference.ajv.compile(root));
    this.compiled = compiled;
  }

  public accepts(object: Record<string, unknown>): boolean {
    const created = this.statusSubresource ? Object.fromEntries(Object.entries(object).filter(([key]) => key !== 'status')) : object;
    return this.compiled(pruneNullsAndDefault(created, this.schema)) as boolean;
  }
}
