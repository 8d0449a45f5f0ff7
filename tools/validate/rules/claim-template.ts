// The PersistentVolumeClaim template of an ephemeral volume: Kubernetes v1.33 validateEphemeralVolumeSource,
// ValidatePersistentVolumeClaimTemplate, ValidateTemplateObjectMeta, ValidatePersistentVolumeClaimSpec and its data
// source checks, each named after the upstream function it ports.
import { childPath, indexPath } from '../field-path';
import { checkAnnotations, checkLabels, DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, labelSelector, nonEmptyString, notSupported, record, required, subdomainErrors, warning } from './common';
import { canonicalQuantity, isWholeQuantity, readQuantity } from './quantity';

const ACCESS_MODES = ['ReadOnlyMany', 'ReadWriteMany', 'ReadWriteOnce', 'ReadWriteOncePod'];
const VOLUME_MODES = ['Block', 'Filesystem'];
// ObjectMeta's fields besides labels and annotations, as validateFieldAllowList names them (Go's first letter lower-cased).
const TEMPLATE_META_FORBIDDEN: ReadonlyArray<readonly [string, string]> = [
  ['name', 'name'], ['generateName', 'generateName'], ['namespace', 'namespace'], ['selfLink', 'selfLink'], ['uid', 'uID'],
  ['resourceVersion', 'resourceVersion'], ['generation', 'generation'], ['creationTimestamp', 'creationTimestamp'],
  ['deletionTimestamp', 'deletionTimestamp'], ['deletionGracePeriodSeconds', 'deletionGracePeriodSeconds'],
  ['ownerReferences', 'ownerReferences'], ['finalizers', 'finalizers'], ['managedFields', 'managedFields'],
];

/** ValidateTemplateObjectMeta: valid annotations and labels, and no other ObjectMeta field (an empty list counts as set, as in Go). */
export function validateTemplateObjectMeta(value: unknown, path: string): FieldError[] {
  const metadata = record(value) ?? {};
  const errors = [...checkAnnotations(metadata.annotations, childPath(path, 'annotations')), ...checkLabels(metadata.labels, childPath(path, 'labels'))];
  for (const [field, reported] of TEMPLATE_META_FORBIDDEN) {
    const set = metadata[field];
    if (set !== undefined && set !== null && set !== '' && set !== 0) errors.push(forbidden(childPath(path, reported), 'cannot be set'));
  }
  return errors;
}

/** IsDNS1123Label's messages (ValidateNamespaceName). */
function namespaceErrors(value: string, path: string): FieldError[] {
  const errors = value.length > 63 ? [invalid(path, value, 'must be no more than 63 characters')] : [];
  if (DNS1123_LABEL.test(value)) return errors;
  return [...errors, invalid(path, value, value.length <= 253 && DNS1123_SUBDOMAIN.test(value) ? 'must not contain dots' : LABEL_MESSAGE)];
}

/** validateDataSource and validateDataSourceRef: a name and kind, PersistentVolumeClaim in the core group, a DNS-subdomain apiGroup. */
function validateDataSource(source: Json, path: string, isRef: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source.name)) errors.push(required(childPath(path, 'name')));
  if (!nonEmptyString(source.kind)) errors.push(required(childPath(path, 'kind')));
  const apiGroup = typeof source.apiGroup === 'string' ? source.apiGroup : '';
  if (!apiGroup && source.kind !== 'PersistentVolumeClaim') {
    errors.push(invalid(path, source.kind ?? '', "must be 'PersistentVolumeClaim' when referencing the default apiGroup"));
  }
  if (apiGroup) errors.push(...subdomainErrors(apiGroup, childPath(path, 'apiGroup')));
  if (isRef && nonEmptyString(source.namespace)) errors.push(...namespaceErrors(source.namespace, childPath(path, 'namespace')));
  return errors;
}

/**
 * ValidatePersistentVolumeClaimSpec for a claim template: access modes, a positive storage request, class name,
 * volume mode and data sources. volumeAttributesClassName is not checked: the VolumeAttributesClass gate is off in 1.33.
 */
export function validatePersistentVolumeClaimSpec(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const modes = Array.isArray(spec.accessModes) ? spec.accessModes : [];
  if (modes.length === 0) errors.push(required(childPath(path, 'accessModes'), 'at least 1 access mode is required'));
  if (record(spec.selector)) errors.push(...labelSelector(spec.selector, childPath(path, 'selector')));
  for (const mode of modes) if (!ACCESS_MODES.includes(String(mode))) errors.push(notSupported(childPath(path, 'accessModes'), mode, ACCESS_MODES));
  if (modes.includes('ReadWriteOncePod') && modes.some((mode) => mode !== 'ReadWriteOncePod' && ACCESS_MODES.includes(String(mode)))) {
    errors.push(forbidden(childPath(path, 'accessModes'), 'may not use ReadWriteOncePod with other access modes'));
  }
  const storagePath = indexPath(childPath(path, 'resources'), 'storage');
  const requests = record(record(spec.resources)?.requests) ?? {};
  const storage = readQuantity(requests.storage);
  if (!('storage' in requests)) errors.push(required(storagePath));
  else if (storage && (storage.negative || storage.coefficient === 0n)) errors.push(invalid(storagePath, canonicalQuantity(requests.storage), 'must be greater than zero')); // ValidatePositiveQuantityValue
  if (nonEmptyString(spec.storageClassName)) errors.push(...subdomainErrors(spec.storageClassName, childPath(path, 'storageClassName')));
  if (typeof spec.volumeMode === 'string' && !VOLUME_MODES.includes(spec.volumeMode)) errors.push(notSupported(childPath(path, 'volumeMode'), spec.volumeMode, VOLUME_MODES));
  const dataSource = record(spec.dataSource);
  const dataSourceRef = record(spec.dataSourceRef);
  if (dataSource) errors.push(...validateDataSource(dataSource, childPath(path, 'dataSource'), false));
  if (dataSourceRef) errors.push(...validateDataSource(dataSourceRef, childPath(path, 'dataSourceRef'), true));
  // Go quotes the *field.Path struct as the value here; its text stands in for it.
  if (dataSourceRef && nonEmptyString(dataSourceRef.namespace)) {
    if (dataSource) errors.push(invalid(path, childPath(path, 'dataSource'), 'may not be specified when dataSourceRef.namespace is specified'));
  } else if (dataSource && dataSourceRef
    && !(dataSource.apiGroup === dataSourceRef.apiGroup && dataSource.kind === dataSourceRef.kind && dataSource.name === dataSourceRef.name)) {
    errors.push(invalid(path, childPath(path, 'dataSource'), 'must match dataSourceRef'));
  }
  return errors;
}

/** validateEphemeralVolumeSource with ValidatePersistentVolumeClaimTemplate: a template whose metadata and claim spec are valid. */
export function validateEphemeralVolumeSource(source: Json, path: string): FieldError[] {
  const template = record(source.volumeClaimTemplate);
  if (!template) return [required(childPath(path, 'volumeClaimTemplate'))];
  const at = childPath(path, 'volumeClaimTemplate');
  return [...validateTemplateObjectMeta(template.metadata, childPath(at, 'metadata')), ...validatePersistentVolumeClaimSpec(record(template.spec) ?? {}, childPath(at, 'spec'))];
}

/** pvcutil.GetWarningsForPersistentVolumeClaimSpec: a storage request or limit that is not a whole number of bytes. */
export function claimTemplateWarnings(volume: Json, path: string): FieldError[] {
  const resources = record(record(record(record(volume.ephemeral)?.volumeClaimTemplate)?.spec)?.resources);
  const errors: FieldError[] = [];
  for (const kind of ['requests', 'limits']) {
    const value = record(resources?.[kind])?.storage;
    const quantity = readQuantity(value);
    if (quantity && !isWholeQuantity(quantity)) {
      errors.push(warning(indexPath(`${path}.ephemeral.volumeClaimTemplate.spec.resources.${kind}`, 'storage'),
        `fractional byte value ${JSON.stringify(canonicalQuantity(value))} is invalid, must be an integer`));
    }
  }
  return errors;
}
