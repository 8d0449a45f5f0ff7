// trust-manager's validating webhook for Bundle (v0.24.0 pkg/webhook/validation.go, failurePolicy: Fail).
import { childPath, indexPath } from '../field-path';
import { checkAnnotations, checkLabels } from '../metadata';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, labelSelector, record, records } from './common';

/** A configMap or secret source: a name or a selector (not both), and a key unless includeAllKeys. */
function validateSourceReference(reference: Json, path: string, kind: 'configMap' | 'secret'): FieldError[] {
  const errors: FieldError[] = [];
  const name = typeof reference.name === 'string' ? reference.name : '';
  const selector = record(reference.selector);
  const key = typeof reference.key === 'string' ? reference.key : '';
  const includeAllKeys = reference.includeAllKeys === true;
  if (!name && !selector) errors.push(invalid(path, "name: ' ', selector: nil", 'must validate one and only one schema (oneOf): [name, selector]. Found none valid'));
  if (name && selector) errors.push(invalid(path, `name: ${name}, selector: {}`, 'must validate one and only one schema (oneOf): [name, selector]. Found both set'));
  if (!key && !includeAllKeys) errors.push(invalid(path, `key: ' ', includeAllKeys: ${includeAllKeys}`, `source ${kind} key must be defined when includeAllKeys is false`));
  if (key && includeAllKeys) errors.push(invalid(path, `key: ${key}, includeAllKeys: ${includeAllKeys}`, `source ${kind} key cannot be defined when includeAllKeys is true`));
  errors.push(...labelSelector(selector, childPath(path, 'selector')));
  return errors;
}

/** validateTargetMetadata: no trust-manager keys in the target's annotations or labels, and valid ones. */
function validateTargetMetadata(metadata: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const [field, noun] of [['annotations', 'annotations'], ['labels', 'labels']] as const) {
    const at = childPath(path, field);
    for (const key of Object.keys(record(metadata[field]) ?? {})) {
      if (key.startsWith('trust.cert-manager.io/')) errors.push(invalid(at, key, `trust.cert-manager.io/* ${noun} are not allowed`));
      if (key.startsWith('trust-manager.io/')) errors.push(invalid(at, key, `trust-manager.io/* ${noun} are not allowed`));
    }
  }
  errors.push(...checkAnnotations(metadata.annotations, childPath(path, 'annotations')));
  errors.push(...checkLabels(metadata.labels, childPath(path, 'labels')));
  return errors;
}

/** The webhook's validate(): one type per source, at least one source, default CAs at most once, targets apart. */
export function validateBundle(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const name = record(object.metadata)?.name;
  const sources = records(spec.sources);
  const errors: FieldError[] = [];
  let sourceCount = 0;
  let defaultCAs = 0;
  sources.forEach((source, index) => {
    const at = indexPath('spec.sources', index);
    let types = 0;
    for (const kind of ['configMap', 'secret'] as const) {
      const reference = record(source[kind]);
      if (!reference) continue;
      sourceCount += 1;
      types += 1;
      errors.push(...validateSourceReference(reference, childPath(at, kind), kind));
    }
    if (typeof source.inLine === 'string' && source.inLine !== '') { sourceCount += 1; types += 1; }
    if (typeof source.useDefaultCAs === 'boolean') {
      defaultCAs += 1;
      types += 1;
      if (source.useDefaultCAs) sourceCount += 1;
    }
    if (types !== 1) errors.push(forbidden(at, `must define exactly one source type for each item but found ${types} defined types`));
  });
  if (sourceCount === 0) errors.push(forbidden('spec.sources', 'must define at least one source'));
  if (defaultCAs > 1) errors.push(forbidden('spec.sources', `must request default CAs either once or not at all but got ${defaultCAs} requests`));
  const target = record(spec.target) ?? {};
  for (const kind of ['configMap', 'secret'] as const) {
    const output = record(target[kind]);
    if (!output) continue;
    sources.forEach((source, index) => {
      const reference = record(source[kind]);
      if (reference && reference.name === name && (reference.key ?? '') === (output.key ?? '')) {
        errors.push(forbidden(`${indexPath('spec.sources', index)}.${kind}.${String(reference.name)}.${String(reference.key ?? '')}`, 'cannot define the same source as target'));
      }
    });
  }
  const formats = record(target.additionalFormats);
  if (formats) {
    const keys = new Set(['configMap', 'secret'].map((kind) => record(target[kind])).filter((output) => output).map((output) => output!.key ?? ''));
    for (const format of ['jks', 'pkcs12']) {
      const entry = record(formats[format]);
      if (!entry) continue;
      const key = entry.key ?? '';
      if (keys.has(key)) errors.push(invalid(`spec.target.additionalFormats.${format}.key`, key, 'key must be unique across all target output keys'));
      keys.add(key);
    }
  }
  for (const kind of ['configMap', 'secret'] as const) {
    const output = record(target[kind]);
    if (output) errors.push(...validateTargetMetadata(record(output.metadata) ?? {}, `spec.target.${kind}.metadata`));
  }
  errors.push(...labelSelector(target.namespaceSelector, 'spec.target.namespaceSelector'));
  return errors;
}
