import { celEnv, isCelError, parse, plan } from '@bufbuild/cel';
import { joinFieldPath } from '../field-path';
import type { FieldError } from '../schema';
import type { StructuralSchema, ValidationRule } from '../structural-schema';
import { kubernetesLibrary } from './library';
import { toCelValue } from './values';

type Bindings = Record<string, unknown>;

/** A CEL expression parsed and planned once per process. */
interface CompiledExpression {
  readonly evaluate?: (bindings: Bindings) => unknown;
  readonly error?: string;
  readonly usesOldSelf: boolean;
}

const environment = celEnv({ funcs: [...kubernetesLibrary] });
const compiled = new Map<string, CompiledExpression>();

function referencesOldSelf(node: unknown): boolean {
  if (typeof node !== 'object' || node === null) return false;
  const record = node as Record<string, unknown>;
  if (record.case === 'identExpr' && (record.value as { name?: string })?.name === 'oldSelf') return true;
  return Object.values(record).some((child) => (Array.isArray(child) ? child.some(referencesOldSelf) : referencesOldSelf(child)));
}

/** Parses and plans `expression` once; the result (or the reason it cannot run) is cached by its text. */
export function compileExpression(expression: string): CompiledExpression {
  let entry = compiled.get(expression);
  if (!entry) {
    try {
      const parsed = parse(expression);
      const program = plan(environment, parsed) as (bindings: Bindings) => unknown;
      entry = { evaluate: program, usesOldSelf: referencesOldSelf(parsed.expr) };
    } catch (error) {
      entry = { error: (error as Error).message, usesOldSelf: /\boldSelf\b/.test(expression) };
    }
    compiled.set(expression, entry);
  }
  return entry;
}

/** Runs a compiled expression; returns its value or throws an Error carrying CEL's own message. */
export function evaluateExpression(expression: string, bindings: Bindings): unknown {
  const program = compileExpression(expression);
  if (program.error !== undefined) throw new Error(program.error);
  const result = program.evaluate!(bindings);
  if (isCelError(result)) throw new Error(result.message);
  return result;
}

const trimmedOrUndefined = (text: string | undefined) => (text && text.trim() ? text.trim() : undefined);

function messageOf(rule: ValidationRule, bindings: Bindings): string {
  if (rule.messageExpression) {
    try {
      const message = evaluateExpression(rule.messageExpression, bindings);
      // The API server falls back to `message` when the expression fails or yields a blank or multi-line string.
      if (typeof message === 'string' && message.trim() && !message.includes('\n')) return message.trim();
    } catch {
      // fall through to the static message, as the API server does
    }
  }
  return trimmedOrUndefined(rule.message) ?? `failed rule: ${rule.rule.trim()}`;
}

function verdict(rule: ValidationRule, typeName: string, message: string): string {
  switch (rule.reason) {
    case 'FieldValueForbidden': return `Forbidden: ${message}`;
    case 'FieldValueRequired': return `Required value: ${message}`;
    case 'FieldValueDuplicate': return `Duplicate value: ${JSON.stringify(message)}`;
    default: return `Invalid value: ${JSON.stringify(typeName)}: ${message}`;
  }
}

/**
 * Evaluates every `x-kubernetes-validations` rule of one schema node against the (defaulted) value at `path`,
 * as the API server does on create: transition rules (those reading `oldSelf`) have no old object and are
 * skipped; a rule that cannot be compiled or evaluated is reported, never passed.
 */
export function checkRules(value: unknown, schema: StructuralSchema, path: string, celValues: WeakMap<object, unknown>): FieldError[] {
  const rules = schema['x-kubernetes-validations'];
  if (!rules?.length) return [];
  const typeName = schema.type ?? (Array.isArray(value) ? 'array' : typeof value === 'object' ? 'object' : typeof value);
  let self: unknown;
  if (typeof value === 'object' && value !== null) {
    self = celValues.get(value);
    if (self === undefined) {
      self = toCelValue(value, schema);
      celValues.set(value, self);
    }
  } else {
    self = toCelValue(value, schema);
  }
  const bindings: Bindings = { self };
  const violations: FieldError[] = [];
  for (const rule of rules) {
    const program = compileExpression(rule.rule);
    if (program.usesOldSelf && !rule.optionalOldSelf) continue;
    const where = rule.fieldPath ? joinFieldPath(path, rule.fieldPath) : path;
    const ruleText = trimmedOrUndefined(rule.message) ?? rule.rule.trim();
    if (rule.optionalOldSelf) {
      violations.push({ path: where, rule: `Invalid value: ${JSON.stringify(typeName)}: rule cannot be evaluated (optionalOldSelf needs CEL optional values, which this evaluator lacks): ${ruleText}` });
      continue;
    }
    if (program.error !== undefined) {
      violations.push({ path: where, rule: `Invalid value: ${JSON.stringify(typeName)}: rule cannot be evaluated (${program.error}): ${rule.rule.trim()}` });
      continue;
    }
    let result: unknown;
    try {
      result = evaluateExpression(rule.rule, bindings);
    } catch (error) {
      violations.push({ path: where, rule: `Invalid value: ${JSON.stringify(typeName)}: ${(error as Error).message} evaluating rule: ${ruleText}` });
      continue;
    }
    if (typeof result !== 'boolean') {
      violations.push({ path: where, rule: `Invalid value: ${JSON.stringify(typeName)}: rule returned ${typeof result}, not bool, evaluating rule: ${ruleText}` });
    } else if (!result) {
      violations.push({ path: where, rule: verdict(rule, typeName, messageOf(rule, bindings)) });
    }
  }
  return violations;
}
