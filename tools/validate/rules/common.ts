// Field-error builders in the API server's words (apimachinery util/validation/field) and the small shared checks.
import { childPath, indexPath } from '../field-path';
import { checkLabels, DNS1123_SUBDOMAIN, qualifiedNameErrors, SUBDOMAIN_MESSAGE } from '../metadata';
import { isRecord } from '../problem';
import type { FieldError } from '../schema';

export type Json = Record<string, unknown>;
export const records = (value: unknown): Json[] => (Array.isArray(value) ? value.filter(isRecord) : []);
export const record = (value: unknown): Json | undefined => (isRecord(value) ? value : undefined);
export const invalid = (path: string, value: unknown, detail: string): FieldError => ({ path, rule: `Invalid value: ${JSON.stringify(value)}: ${detail}` });
export const required = (path: string, detail?: string): FieldError => ({ path, rule: detail ? `Required value: ${detail}` : 'Required value' });
export const forbidden = (path: string, detail: string): FieldError => ({ path, rule: `Forbidden: ${detail}` });
export const duplicate = (path: string, value: unknown): FieldError => ({ path, rule: `Duplicate value: ${JSON.stringify(value)}` });
export const tooLong = (path: string, max: number): FieldError => ({ path, rule: `Too long: may not be more than ${max} bytes` });
export const warning = (path: string, detail: string): FieldError => ({ path, warning: true, rule: `Warning: ${detail}` });
export const notSupported = (path: string, value: unknown, supported: readonly string[]): FieldError =>
  ({ path, rule: `Unsupported value: ${JSON.stringify(value)}: supported values: ${supported.map((item) => JSON.stringify(item)).join(', ')}` });
export const nonEmptyString = (value: unknown): value is string => typeof value === 'string' && value !== '';

/** validation.ValidateNonnegativeField. */
export function nonNegative(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && value < 0 ? [invalid(path, value, 'must be greater than or equal to 0')] : [];
}

/** validation.IsValidPortNum. */
export function portNumber(value: unknown, path: string): FieldError[] {
  return typeof value === 'number' && (value < 1 || value > 65535) ? [invalid(path, value, 'must be between 1 and 65535, inclusive')] : [];
}

/** validation.IsValidPortName (an IANA_SVC_NAME). */
export function portNameError(name: string): string | undefined {
  if (name.length < 1 || name.length > 15) return 'must be no more than 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)';
  if (name.includes('--')) return 'must not contain consecutive hyphens';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with a hyphen';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter (a-z)';
  return undefined;
}

/** A port given as a number or a name (ValidatePortNumOrName). */
export function portNumberOrName(value: unknown, path: string): FieldError[] {
  if (typeof value === 'number') return portNumber(value, path);
  if (typeof value !== 'string') return [];
  const error = portNameError(value);
  return error ? [invalid(path, value, error)] : [];
}

/** metav1validation.ValidateLabelSelector. */
export function labelSelector(selector: unknown, path: string): FieldError[] {
  const value = record(selector);
  if (!value) return [];
  const errors = checkLabels(value.matchLabels, childPath(path, 'matchLabels'));
  records(value.matchExpressions).forEach((expression, index) => {
    const at = indexPath(childPath(path, 'matchExpressions'), index);
    const values = Array.isArray(expression.values) ? expression.values : [];
    if (expression.operator === 'In' || expression.operator === 'NotIn') {
      if (values.length === 0) errors.push(required(childPath(at, 'values'), 'must be specified when `operator` is \'In\' or \'NotIn\''));
    } else if (expression.operator === 'Exists' || expression.operator === 'DoesNotExist') {
      if (values.length > 0) errors.push(forbidden(childPath(at, 'values'), 'may not be specified when `operator` is \'Exists\' or \'DoesNotExist\''));
    } else {
      errors.push(invalid(childPath(at, 'operator'), expression.operator, 'not a valid selector operator'));
    }
    // ValidateLabelName: every message of IsQualifiedName
    for (const message of qualifiedNameErrors(typeof expression.key === 'string' ? expression.key : '')) errors.push(invalid(childPath(at, 'key'), expression.key ?? '', message));
  });
  return errors;
}

/** validateLocalDescendingPath and ValidateLocalNonReservedPath (validatePathNoBacksteps included). */
export function validateLocalNonReservedPath(target: unknown, path: string): FieldError[] {
  if (typeof target !== 'string') return [];
  const errors: FieldError[] = [];
  if (target.startsWith('/')) errors.push(invalid(path, target, 'must be a relative path'));
  if (target.split('/').includes('..')) errors.push(invalid(path, target, "must not contain '..'"));
  if (target.startsWith('..') && !target.startsWith('../')) errors.push(invalid(path, target, "must not start with '..'"));
  return errors;
}

/** validation.IsDNS1123Subdomain's messages, as field errors (`reported` is the value the error shows, when it differs). */
export function subdomainErrors(value: string, path: string, reported: string = value): FieldError[] {
  const errors: FieldError[] = [];
  if (value.length > 253) errors.push(invalid(path, reported, 'must be no more than 253 characters'));
  if (!DNS1123_SUBDOMAIN.test(value)) errors.push(invalid(path, reported, SUBDOMAIN_MESSAGE));
  return errors;
}

const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const CONFIG_MAP_KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

/** validation.IsConfigMapKey. */
export function configMapKeyError(key: string): string | undefined {
  if (key.length > 253) return 'must be no more than 253 characters';
  if (!CONFIG_MAP_KEY.test(key)) return CONFIG_MAP_KEY_MESSAGE;
  if (key === '.') return "must not be '.'";
  if (key === '..') return "must not be '..'";
  if (key.startsWith('..')) return "must not start with '..'";
  return undefined;
}
