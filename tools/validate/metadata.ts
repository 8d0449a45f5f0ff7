import { childPath, indexPath } from './field-path';
import { isRecord } from './problem';
import type { FieldError } from './schema';

export const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

export const SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
export const LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** How a kind's names are checked by its API server (ValidateObjectMeta's name function). */
export type NameRule = 'subdomain' | 'label' | 'dns1035' | 'path';

/**
 * Core kinds whose names are not DNS subdomains: Namespace (ValidateNamespaceName), Service
 * (ValidateServiceName), and RBAC's kinds (ValidateRBACName: path.IsValidPathSegmentName, so `system:auth` is valid).
 */
export const NAME_RULES: Readonly<Record<string, NameRule>> = {
  Namespace: 'label', Service: 'dns1035', Role: 'path', ClusterRole: 'path', RoleBinding: 'path', ClusterRoleBinding: 'path',
};

const QUALIFIED_NAME_MESSAGE = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
const LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const maxLength = (length: number) => `must be no more than ${length} characters`;
const bytes = (value: string) => Buffer.byteLength(value);

/** validation.IsDNS1123Subdomain, IsDNS1123Label and IsDNS1035Label: a length message, then the pattern's. */
function dnsErrors(rule: 'subdomain' | 'label' | 'dns1035', value: string): string[] {
  const [limit, pattern, message] = rule === 'subdomain' ? [253, DNS1123_SUBDOMAIN, SUBDOMAIN_MESSAGE]
    : rule === 'label' ? [63, DNS1123_LABEL, LABEL_MESSAGE] : [63, DNS1035_LABEL, DNS1035_MESSAGE];
  return [...(bytes(value) > limit ? [maxLength(limit)] : []), ...(pattern.test(value) ? [] : [message])];
}

/** path.ValidatePathSegmentName: not `.` or `..` (unless a prefix), no `/` or `%`. */
function pathSegmentErrors(name: string, prefix: boolean): string[] {
  if (!prefix && (name === '.' || name === '..')) return [`may not be '${name}'`];
  return ['/', '%'].filter((illegal) => name.includes(illegal)).map((illegal) => `may not contain '${illegal}'`);
}

/**
 * The name function's messages. For a generateName (`prefix`) maskTrailingDash first replaces a trailing '-' and the
 * character before it by 'a' (upstream drops two characters: `name[:len(name)-2] + "a"`).
 */
function nameErrors(rule: NameRule, value: string, prefix = false): string[] {
  if (rule === 'path') return pathSegmentErrors(value, prefix);
  const name = prefix && value.length > 1 && value.endsWith('-') ? `${value.slice(0, -2)}a` : value;
  return dnsErrors(rule, name);
}

/** validation.IsQualifiedName: every message, in its order. */
export function qualifiedNameErrors(value: string): string[] {
  const parts = value.split('/');
  if (parts.length > 2) return [`a qualified name ${QUALIFIED_NAME_MESSAGE} with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')`];
  const errors: string[] = [];
  const name = parts[parts.length - 1];
  if (parts.length === 2) {
    if (parts[0] === '') errors.push('prefix part must be non-empty');
    else errors.push(...dnsErrors('subdomain', parts[0]).map((message) => `prefix part ${message}`));
  }
  if (name === '') errors.push('name part must be non-empty');
  else if (bytes(name) > 63) errors.push(`name part ${maxLength(63)}`);
  if (!QUALIFIED_NAME.test(name)) errors.push(`name part ${QUALIFIED_NAME_MESSAGE}`);
  return errors;
}

/**
 * One message for a name that is no qualified name, or undefined. Prefer qualifiedNameErrors, which gives every
 * message of validation.IsQualifiedName in upstream's words; this shorter form is kept for the pod-template checks.
 */
export function qualifiedNameError(key: string): string | undefined {
  const parts = key.split('/');
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (parts.length > 2) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `prefix part ${SUBDOMAIN_MESSAGE}`;
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return `name part ${QUALIFIED_NAME_MESSAGE}`;
  return undefined;
}

const TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;
const STANDARD_FINALIZERS = new Set(['kubernetes', 'orphan', 'foregroundDeletion']);

/** Label keys and values (apimachinery ValidateLabels); also used for selectors' matchLabels. */
export function checkLabels(labels: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(labels)) return errors;
  for (const [key, value] of Object.entries(labels)) {
    for (const message of qualifiedNameErrors(key)) errors.push({ path, rule: `Invalid value: ${JSON.stringify(key)}: ${message}` });
    if (typeof value !== 'string') continue;
    // validation.IsValidLabelValue
    const messages = [...(bytes(value) > 63 ? [maxLength(63)] : []), ...(LABEL_VALUE.test(value) ? [] : [LABEL_VALUE_MESSAGE])];
    for (const message of messages) errors.push({ path: indexPath(path, key), rule: `Invalid value: ${JSON.stringify(value)}: ${message}` });
  }
  return errors;
}

/** apimachinery ValidateAnnotations: qualified keys (checked lower-cased), at most 256 KiB of keys and values. */
export function checkAnnotations(annotations: unknown, path = childPath('metadata', 'annotations')): FieldError[] {
  if (!isRecord(annotations)) return [];
  const errors: FieldError[] = [];
  let size = 0;
  for (const [key, value] of Object.entries(annotations)) {
    for (const message of qualifiedNameErrors(key.toLowerCase())) errors.push({ path, rule: `Invalid value: ${JSON.stringify(key)}: ${message}` });
    size += Buffer.byteLength(key) + (typeof value === 'string' ? Buffer.byteLength(value) : 0);
  }
  if (size > TOTAL_ANNOTATION_SIZE_LIMIT) errors.push({ path, rule: `Too long: may not be more than ${TOTAL_ANNOTATION_SIZE_LIMIT} bytes` });
  return errors;
}

/**
 * apimachinery ValidateFinalizers: each a qualified name, not both `orphan` and `foregroundDeletion`. A name that is
 * neither standard nor domain-qualified draws the API server's warning on a custom resource; a built-in kind's
 * ValidateObjectMeta refuses it (kubeFinalizerErrors).
 */
function checkFinalizers(finalizers: unknown, builtIn: boolean): FieldError[] {
  if (!Array.isArray(finalizers)) return [];
  const path = childPath('metadata', 'finalizers');
  const errors: FieldError[] = [];
  finalizers.forEach((finalizer, index) => {
    if (typeof finalizer !== 'string') return;
    // ValidateFinalizerName reports at metadata.finalizers itself, without the index.
    errors.push(...finalizerNameErrors(finalizer, path));
    if (!builtIn && !finalizer.includes('/') && !STANDARD_FINALIZERS.has(finalizer) && !qualifiedNameError(finalizer)) {
      errors.push({ path: indexPath(path, index), warning: true, rule: `Warning: ${JSON.stringify(finalizer)}: prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers` });
    }
  });
  if (finalizers.includes('orphan') && finalizers.includes('foregroundDeletion')) {
    errors.push({ path, rule: `Invalid value: ${JSON.stringify(finalizers)}: finalizer orphan and foregroundDeletion cannot be both set` });
  }
  return errors;
}

/** apimachinery ValidateFinalizerName: a qualified name. */
export function finalizerNameErrors(finalizer: string, path: string): FieldError[] {
  return qualifiedNameErrors(finalizer).map((message) => ({ path, rule: `Invalid value: ${JSON.stringify(finalizer)}: ${message}` }));
}

/** core validateKubeFinalizerName: a name without `/` is one of the standard finalizers. */
export function kubeFinalizerErrors(finalizer: string, path: string): FieldError[] {
  if (finalizer.includes('/') || STANDARD_FINALIZERS.has(finalizer)) return [];
  return [{ path, rule: `Invalid value: ${JSON.stringify(finalizer)}: name is neither a standard finalizer name nor is it fully qualified` }];
}

/**
 * apimachinery ValidateOwnerReferences: each names an apiVersion with a version, a kind, a name and a uid, and is no
 * core Event (BannedOwners); at most one is the controller.
 */
function checkOwnerReferences(ownerReferences: unknown): FieldError[] {
  if (!Array.isArray(ownerReferences)) return [];
  const path = childPath('metadata', 'ownerReferences');
  const errors: FieldError[] = [];
  ownerReferences.filter(isRecord).forEach((reference, index) => {
    const at = indexPath(path, index);
    // schema.FromAPIVersionAndKind: `v1` is the core group; more than one `/` parses to no group and no version
    const apiVersion = typeof reference.apiVersion === 'string' ? reference.apiVersion : '';
    const [group, version] = apiVersion.split('/').length > 2 ? ['', ''] : apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
    if (!version) errors.push({ path: childPath(at, 'apiVersion'), rule: `Invalid value: ${JSON.stringify(apiVersion)}: version must not be empty` });
    for (const field of ['kind', 'name', 'uid']) {
      if (typeof reference[field] !== 'string' || !reference[field]) errors.push({ path: childPath(at, field), rule: `Invalid value: "": ${field} must not be empty` });
    }
    if (group === '' && version === 'v1' && reference.kind === 'Event') {
      errors.push({ path: at, rule: `Invalid value: ${JSON.stringify(reference)}: /v1, Kind=Event is disallowed from being an owner` });
    }
  });
  const controllers = ownerReferences.filter((reference) => isRecord(reference) && reference.controller === true);
  if (controllers.length > 1) {
    const names = controllers.map((reference) => `${String(reference.kind)}/${String(reference.name)}`).join(' and ');
    errors.push({ path, rule: `Invalid value: ${JSON.stringify(ownerReferences)}: Only one reference can have Controller set to true. Found "true" in references for ${names}` });
  }
  return errors;
}

/**
 * ObjectMeta checks the API server makes on every kind (apimachinery ValidateObjectMetaAccessor, in its order): a
 * generateName and a name that its kind accepts, a namespace that is a DNS label, labels, annotations, owner
 * references and finalizers; a built-in kind's ValidateObjectMeta then checks each finalizer's name again
 * (validateKubeFinalizerName).
 */
export function checkMetadata(metadata: unknown, nameRule: NameRule, builtIn = false): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(metadata)) return [{ path: 'metadata', rule: 'Required value: name or generateName is required' }];
  const { name, generateName, namespace } = metadata;
  const invalidAt = (path: string, value: string, messages: readonly string[]) => messages.map((message) => ({ path, rule: `Invalid value: ${JSON.stringify(value)}: ${message}` }));
  if (typeof generateName === 'string' && generateName) errors.push(...invalidAt('metadata.generateName', generateName, nameErrors(nameRule, generateName, true)));
  if (typeof name === 'string' && name) {
    errors.push(...invalidAt('metadata.name', name, nameErrors(nameRule, name)));
  } else if (!(typeof generateName === 'string' && generateName)) {
    // a name generated from generateName (a random suffix) is judged through generateName above
    errors.push({ path: 'metadata.name', rule: 'Required value: name or generateName is required' });
  }
  if (typeof namespace === 'string' && namespace) errors.push(...invalidAt('metadata.namespace', namespace, nameErrors('label', namespace)));
  errors.push(...checkLabels(metadata.labels, childPath('metadata', 'labels')));
  errors.push(...checkAnnotations(metadata.annotations));
  errors.push(...checkOwnerReferences(metadata.ownerReferences));
  errors.push(...checkFinalizers(metadata.finalizers, builtIn));
  if (builtIn && Array.isArray(metadata.finalizers)) {
    metadata.finalizers.forEach((finalizer, index) => {
      if (typeof finalizer === 'string') errors.push(...kubeFinalizerErrors(finalizer, indexPath(childPath('metadata', 'finalizers'), index)));
    });
  }
  return errors;
}
