import { checkRules } from './cel/rules';
import { childPath, indexPath } from './field-path';
import { matchesFormat } from './formats';
import { isRecord } from './problem';
import type { StructuralSchema } from './structural-schema';

/** A field error, as the API server would word it, before it is tied to an object. */
export interface FieldError {
  readonly path: string;
  readonly rule: string;
  /** A warning the API server returns while accepting the object. */
  readonly warning?: boolean;
}

interface Pass {
  readonly errors: FieldError[];
  readonly celValues: WeakMap<object, unknown>;
  /** Inside allOf/anyOf/oneOf/not: value checks only, no unknown-field or CEL checks (as in structural schemas). */
  readonly valueOnly: boolean;
}

const regexes = new Map<string, RegExp | Error>();
function regex(pattern: string): RegExp | Error {
  let compiled = regexes.get(pattern);
  if (!compiled) {
    try {
      compiled = new RegExp(pattern, 'u');
    } catch (error) {
      compiled = error as Error;
    }
    regexes.set(pattern, compiled);
  }
  return compiled;
}

function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

/** A value as the API server quotes it in `Invalid value: ...`. */
export function quote(value: unknown): string {
  return typeof value === 'object' && value !== null ? JSON.stringify(jsonType(value)) : JSON.stringify(value);
}

function typeMatches(type: string, value: unknown): boolean {
  const actual = jsonType(value);
  return actual === type || (type === 'number' && actual === 'integer');
}

function invalid(pass: Pass, path: string, value: unknown, detail: string): void {
  pass.errors.push({ path, rule: `Invalid value: ${quote(value)}: ${path} in body ${detail}` });
}

function checkScalar(value: unknown, schema: StructuralSchema, path: string, pass: Pass): void {
  if (schema.enum && !schema.enum.some((allowed) => JSON.stringify(allowed) === JSON.stringify(value))) {
    pass.errors.push({ path, rule: `Unsupported value: ${JSON.stringify(value)}: supported values: ${schema.enum.map((v) => JSON.stringify(v)).join(', ')}` });
  }
  if (typeof value === 'string') {
    const length = Array.from(value).length;
    if (schema.maxLength !== undefined && length > schema.maxLength) pass.errors.push({ path, rule: `Too long: may not be more than ${schema.maxLength} bytes` });
    if (schema.minLength !== undefined && length < schema.minLength) invalid(pass, path, value, `should be at least ${schema.minLength} chars long`);
    if (schema.pattern !== undefined) {
      const compiled = regex(schema.pattern);
      if (compiled instanceof Error) pass.errors.push({ path, rule: `Internal error: pattern '${schema.pattern}' cannot be evaluated (${compiled.message})` });
      else if (!compiled.test(value)) invalid(pass, path, value, `should match '${schema.pattern}'`);
    }
    if (schema.format !== undefined && !matchesFormat(schema.format, value)) invalid(pass, path, value, `must be of type ${schema.format}: ${JSON.stringify(value)}`);
  }
  if (typeof value === 'number') {
    if (schema.maximum !== undefined && (schema.exclusiveMaximum ? value >= schema.maximum : value > schema.maximum)) {
      invalid(pass, path, value, `should be less than ${schema.exclusiveMaximum ? '' : 'or equal to '}${schema.maximum}`);
    }
    if (schema.minimum !== undefined && (schema.exclusiveMinimum ? value <= schema.minimum : value < schema.minimum)) {
      invalid(pass, path, value, `should be greater than ${schema.exclusiveMinimum ? '' : 'or equal to '}${schema.minimum}`);
    }
  }
}

function checkArray(value: unknown[], schema: StructuralSchema, path: string, pass: Pass): void {
  if (schema.maxItems !== undefined && value.length > schema.maxItems) pass.errors.push({ path, rule: `Too many: ${value.length}: must have at most ${schema.maxItems} items` });
  if (schema.minItems !== undefined && value.length < schema.minItems) invalid(pass, path, value, `should have at least ${schema.minItems} items`);
  const listType = schema['x-kubernetes-list-type'];
  if (listType === 'set' || listType === 'map') {
    const keys = schema['x-kubernetes-list-map-keys'] ?? [];
    const seen = new Set<string>();
    value.forEach((item, index) => {
      const identity = listType === 'set' ? item : Object.fromEntries(keys.map((key) => [key, isRecord(item) ? item[key] : undefined]));
      const key = JSON.stringify(identity);
      if (seen.has(key)) pass.errors.push({ path: indexPath(path, index), rule: `Duplicate value: ${key}` });
      seen.add(key);
    });
  }
  value.forEach((item, index) => checkNode(item, schema.items, indexPath(path, index), pass));
}

const EMBEDDED_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function checkObject(value: Record<string, unknown>, schema: StructuralSchema, path: string, pass: Pass): void {
  const count = Object.keys(value).length;
  if (schema.maxProperties !== undefined && count > schema.maxProperties) pass.errors.push({ path, rule: `Too many: ${count}: must have at most ${schema.maxProperties} items` });
  if (schema.minProperties !== undefined && count < schema.minProperties) invalid(pass, path, value, `should have at least ${schema.minProperties} properties`);
  for (const name of schema.required ?? []) {
    if (value[name] === undefined) pass.errors.push({ path: childPath(path, name), rule: 'Required value' });
  }
  const additional = schema.additionalProperties;
  for (const [key, item] of Object.entries(value)) {
    const declared = schema.properties?.[key];
    if (declared) {checkNode(item, declared, childPath(path, key), pass);}
    else if (typeof additional === 'object') {checkNode(item, additional, indexPath(path, key), pass);}
    else if (!pass.valueOnly && additional !== true && !schema['x-kubernetes-preserve-unknown-fields'] && !(schema['x-kubernetes-embedded-resource'] && EMBEDDED_FIELDS.has(key))) {
      pass.errors.push({ path: childPath(path, key), rule: `unknown field "${childPath(path, key)}"` });
    }
  }
}

function passesAlone(value: unknown, schema: StructuralSchema, path: string, pass: Pass): boolean {
  const probe: Pass = { errors: [], celValues: pass.celValues, valueOnly: true };
  checkNode(value, schema, path, probe);
  return probe.errors.length === 0;
}

function checkCombinators(value: unknown, schema: StructuralSchema, path: string, pass: Pass): void {
  for (const branch of schema.allOf ?? []) checkNode(value, branch, path, { ...pass, valueOnly: true });
  if (schema.anyOf && !schema.anyOf.some((branch) => passesAlone(value, branch, path, pass))) invalid(pass, path, value, 'must validate at least one schema (anyOf)');
  if (schema.oneOf && schema.oneOf.filter((branch) => passesAlone(value, branch, path, pass)).length !== 1) invalid(pass, path, value, 'must validate one and only one schema (oneOf)');
  if (schema.not && passesAlone(value, schema.not, path, pass)) invalid(pass, path, value, 'must not validate the schema (not)');
}

function checkNode(value: unknown, schema: StructuralSchema | undefined, path: string, pass: Pass): void {
  if (!schema || value === undefined) return;
  if (value === null) {
    if (!schema.nullable && (schema.type || schema['x-kubernetes-int-or-string'])) {
      invalid(pass, path, 'null', `must be of type ${schema.type ?? 'integer,string'}: "null"`);
    }
    return;
  }
  if (schema['x-kubernetes-int-or-string']) {
    if (!(typeof value === 'string' || (typeof value === 'number' && Number.isInteger(value)))) {
      invalid(pass, path, jsonType(value), `must be of type integer,string: ${JSON.stringify(jsonType(value))}`);
      return;
    }
  } else if (schema.type && !typeMatches(schema.type, value)) {
    invalid(pass, path, jsonType(value), `must be of type ${schema.type}: ${JSON.stringify(jsonType(value))}`);
    return;
  }
  checkScalar(value, schema, path, pass);
  if (Array.isArray(value)) checkArray(value, schema, path, pass);
  else if (isRecord(value)) checkObject(value, schema, path, pass);
  checkCombinators(value, schema, path, pass);
  if (!pass.valueOnly) pass.errors.push(...checkRules(value, schema, path, pass.celValues));
}

/**
 * Checks a (defaulted) value against a structural schema the way the API server does with strict field
 * validation: types, formats, enums, bounds, required fields, list-type uniqueness, unknown fields, and every
 * `x-kubernetes-validations` rule with CEL. Returns the field errors in document order.
 */
export function checkSchema(value: unknown, schema: StructuralSchema, path = ''): FieldError[] {
  const pass: Pass = { errors: [], celValues: new WeakMap(), valueOnly: false };
  checkNode(value, schema, path, pass);
  return pass.errors;
}
