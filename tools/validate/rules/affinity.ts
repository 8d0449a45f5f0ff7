// A pod template's affinity: Kubernetes v1.33 validateAffinity, with the node selector and pod affinity term checks.
import { childPath, indexPath } from '../field-path';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_MESSAGE, qualifiedNameError, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, labelSelector, nonEmptyString, record, records, required } from './common';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

function labelName(value: unknown, path: string): FieldError[] {
  const error = qualifiedNameError(typeof value === 'string' ? value : '');
  return error ? [invalid(path, value ?? '', error)] : [];
}

/** ValidateNodeSelectorRequirement; label values are checked in required terms only. */
function nodeSelectorRequirement(requirement: Json, path: string, checkValues: boolean): FieldError[] {
  const errors: FieldError[] = [];
  const values = Array.isArray(requirement.values) ? requirement.values : [];
  const operator = requirement.operator;
  if (operator === 'In' || operator === 'NotIn') {
    if (values.length === 0) errors.push(required(childPath(path, 'values'), "must be specified when `operator` is 'In' or 'NotIn'"));
  } else if (operator === 'Exists' || operator === 'DoesNotExist') {
    if (values.length > 0) errors.push(forbidden(childPath(path, 'values'), "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
  } else if (operator === 'Gt' || operator === 'Lt') {
    if (values.length !== 1) errors.push(required(childPath(path, 'values'), "must be specified single value when `operator` is 'Lt' or 'Gt'"));
  } else {
    errors.push(invalid(childPath(path, 'operator'), operator ?? '', 'not a valid selector operator'));
  }
  errors.push(...labelName(requirement.key, childPath(path, 'key')));
  if (checkValues) {
    values.forEach((value, index) => {
      if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) errors.push(invalid(indexPath(childPath(path, 'values'), index), value, LABEL_VALUE_MESSAGE));
    });
  }
  return errors;
}

/** ValidateNodeFieldSelectorRequirement: only metadata.name, with In or NotIn and one node name. */
function nodeFieldSelectorRequirement(requirement: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const values = Array.isArray(requirement.values) ? requirement.values : [];
  if (requirement.operator === 'In' || requirement.operator === 'NotIn') {
    if (values.length !== 1) errors.push(required(childPath(path, 'values'), "must be only one value when `operator` is 'In' or 'NotIn' for node field selector"));
  } else {
    errors.push(invalid(childPath(path, 'operator'), requirement.operator ?? '', 'not a valid selector operator'));
  }
  if (requirement.key !== 'metadata.name') {
    errors.push(invalid(childPath(path, 'key'), requirement.key ?? '', 'not a valid field selector key'));
  } else {
    values.forEach((value, index) => {
      if (typeof value === 'string' && !(value.length <= 253 && DNS1123_SUBDOMAIN.test(value))) errors.push(invalid(indexPath(childPath(path, 'values'), index), value, SUBDOMAIN_MESSAGE));
    });
  }
  return errors;
}

/** ValidateNodeSelectorTerm. */
function nodeSelectorTerm(term: Json, path: string, checkValues: boolean): FieldError[] {
  return [
    ...records(term.matchExpressions).flatMap((requirement, index) => nodeSelectorRequirement(requirement, indexPath(childPath(path, 'matchExpressions'), index), checkValues)),
    ...records(term.matchFields).flatMap((requirement, index) => nodeFieldSelectorRequirement(requirement, indexPath(childPath(path, 'matchFields'), index))),
  ];
}

/** validateLabelKeys: label names, only beside a labelSelector. */
function validateLabelKeys(keys: unknown, selector: unknown, path: string): FieldError[] {
  if (!Array.isArray(keys) || keys.length === 0) return [];
  if (!record(selector)) return [forbidden(path, 'must not be specified when labelSelector is not set')];
  return keys.flatMap((key, index) => labelName(key, indexPath(path, index)));
}

/**
 * validateMatchLabelKeysAndMismatchLabelKeys (MatchLabelKeysInPodAffinity is GA in 1.33): valid keys, none a
 * matchLabelKeys key that the selector names twice (upstream's check, made for a selector already merged on a Pod), none in both lists.
 */
function validateMatchLabelKeysAndMismatchLabelKeys(term: Json, path: string): FieldError[] {
  const matchKeys = Array.isArray(term.matchLabelKeys) ? term.matchLabelKeys : [];
  const mismatchKeys = Array.isArray(term.mismatchLabelKeys) ? term.mismatchLabelKeys : [];
  if (matchKeys.length === 0 && mismatchKeys.length === 0) return [];
  const errors = [...validateLabelKeys(term.matchLabelKeys, term.labelSelector, childPath(path, 'matchLabelKeys')),
    ...validateLabelKeys(term.mismatchLabelKeys, term.labelSelector, childPath(path, 'mismatchLabelKeys'))];
  const selector = record(term.labelSelector);
  if (selector) {
    const seen = new Set<unknown>(Object.keys(record(selector.matchLabels) ?? {}));
    for (const expression of records(selector.matchExpressions)) {
      const index = matchKeys.lastIndexOf(expression.key);
      if (index >= 0 && seen.has(expression.key)) errors.push(invalid(indexPath(path, index), expression.key, 'exists in both matchLabelKeys and labelSelector'));
      seen.add(expression.key);
    }
  }
  matchKeys.forEach((key, index) => {
    if (mismatchKeys.includes(key)) errors.push(invalid(indexPath(childPath(path, 'matchLabelKeys'), index), key, 'exists in both matchLabelKeys and mismatchLabelKeys'));
  });
  return errors;
}

/** validatePodAffinityTerm: selectors, namespaces (DNS labels), a topologyKey that is a label name. */
function podAffinityTerm(term: Json, path: string): FieldError[] {
  const errors = [...labelSelector(term.labelSelector, childPath(path, 'labelSelector')), ...labelSelector(term.namespaceSelector, childPath(path, 'namespaceSelector'))];
  for (const name of Array.isArray(term.namespaces) ? term.namespaces : []) {
    if (typeof name === 'string' && !(name.length <= 63 && DNS1123_LABEL.test(name))) errors.push(invalid(childPath(path, 'namespace'), name, LABEL_MESSAGE));
  }
  errors.push(...validateMatchLabelKeysAndMismatchLabelKeys(term, path));
  if (!nonEmptyString(term.topologyKey)) errors.push(required(childPath(path, 'topologyKey'), 'can not be empty'));
  errors.push(...labelName(term.topologyKey, childPath(path, 'topologyKey')));
  return errors;
}

const weight = (value: unknown, path: string): FieldError[] =>
  (typeof value === 'number' && (value <= 0 || value > 100) ? [invalid(path, value, 'must be in the range 1-100')] : []);

/** validateAffinity: node affinity, pod affinity and pod anti-affinity. */
export function validateAffinity(value: unknown, path: string): FieldError[] {
  const affinity = record(value);
  if (!affinity) return [];
  const errors: FieldError[] = [];
  const node = record(affinity.nodeAffinity);
  const requiredTerms = record(node?.requiredDuringSchedulingIgnoredDuringExecution);
  const nodePath = childPath(path, 'nodeAffinity');
  if (requiredTerms) {
    const termsPath = childPath(childPath(nodePath, 'requiredDuringSchedulingIgnoredDuringExecution'), 'nodeSelectorTerms');
    const terms = records(requiredTerms.nodeSelectorTerms);
    if (terms.length === 0) errors.push(required(termsPath, 'must have at least one node selector term'));
    terms.forEach((term, index) => errors.push(...nodeSelectorTerm(term, indexPath(termsPath, index), true)));
  }
  records(node?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
    const at = indexPath(childPath(nodePath, 'preferredDuringSchedulingIgnoredDuringExecution'), index);
    errors.push(...weight(term.weight, childPath(at, 'weight')), ...nodeSelectorTerm(record(term.preference) ?? {}, childPath(at, 'preference'), false));
  });
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const terms = record(affinity[kind]);
    const at = childPath(path, kind);
    records(terms?.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
      errors.push(...podAffinityTerm(term, indexPath(childPath(at, 'requiredDuringSchedulingIgnoredDuringExecution'), index)));
    });
    records(terms?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
      const termPath = indexPath(childPath(at, 'preferredDuringSchedulingIgnoredDuringExecution'), index);
      errors.push(...weight(term.weight, childPath(termPath, 'weight')), ...podAffinityTerm(record(term.podAffinityTerm) ?? {}, childPath(termPath, 'podAffinityTerm')));
    });
  }
  return errors;
}
