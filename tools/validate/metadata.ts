import { childPath, indexPath } from './field-path';
import { isRecord } from './problem';
import type { FieldError } from './schema';

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;

const SUBDOMAIN_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";
const LABEL_MESSAGE = "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";
const DNS1035_MESSAGE = "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

/** How a kind's names are checked by its API server (ValidateObjectMeta's name function). */
export type NameRule = 'subdomain' | 'label' | 'dns1035';

/** Core kinds whose names are stricter than a DNS subdomain. */
export const NAME_RULES: Readonly<Record<string, NameRule>> = { Namespace: 'label', Service: 'dns1035' };

function nameError(rule: NameRule, name: string): string | undefined {
  if (rule === 'label') return name.length <= 63 && DNS1123_LABEL.test(name) ? undefined : LABEL_MESSAGE;
  if (rule === 'dns1035') return name.length <= 63 && DNS1035_LABEL.test(name) ? undefined : DNS1035_MESSAGE;
  return name.length <= 253 && DNS1123_SUBDOMAIN.test(name) ? undefined : SUBDOMAIN_MESSAGE;
}

function labelKeyError(key: string): string | undefined {
  const parts = key.split('/');
  const [prefix, name] = parts.length === 2 ? parts : [undefined, parts[0]];
  if (parts.length > 2) return "a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'";
  if (prefix !== undefined && (prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) return `prefix part ${SUBDOMAIN_MESSAGE}`;
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) return "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";
  return undefined;
}

/**
 * ObjectMeta checks the API server makes on every kind: a name (or generateName) that its kind accepts, a
 * namespace that is a DNS label, label keys and values of the allowed shape.
 */
export function checkMetadata(metadata: unknown, nameRule: NameRule): FieldError[] {
  const errors: FieldError[] = [];
  if (!isRecord(metadata)) return [{ path: 'metadata', rule: 'Required value: name or generateName is required' }];
  const { name, generateName, namespace, labels } = metadata;
  if (typeof name === 'string' && name) {
    const error = nameError(nameRule, name);
    if (error) errors.push({ path: 'metadata.name', rule: `Invalid value: ${JSON.stringify(name)}: ${error}` });
  } else if (!(typeof generateName === 'string' && generateName)) {
    errors.push({ path: 'metadata.name', rule: 'Required value: name or generateName is required' });
  }
  if (typeof namespace === 'string' && namespace && nameError('label', namespace)) {
    errors.push({ path: 'metadata.namespace', rule: `Invalid value: ${JSON.stringify(namespace)}: ${LABEL_MESSAGE}` });
  }
  if (isRecord(labels)) {
    for (const [key, value] of Object.entries(labels)) {
      const keyError = labelKeyError(key);
      if (keyError) errors.push({ path: childPath('metadata', 'labels'), rule: `Invalid value: ${JSON.stringify(key)}: ${keyError}` });
      if (typeof value === 'string' && (value.length > 63 || !LABEL_VALUE.test(value))) {
        errors.push({ path: indexPath(childPath('metadata', 'labels'), key), rule: `Invalid value: ${JSON.stringify(value)}: a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')` });
      }
    }
  }
  return errors;
}
