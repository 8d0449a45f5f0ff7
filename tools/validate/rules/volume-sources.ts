// The field rules of the volume types other than secret, configMap and projected (those live in pod.ts):
// Kubernetes v1.33 pkg/apis/core/validation/validation.go validate<Type>VolumeSource, each function named after
// the upstream one it ports; tools/validate/inventory/rules.json lists which rules of each one are ported.
import { parseQuantity } from '../../../lib/core/validate-props';
import { childPath, indexPath } from '../field-path';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, nonEmptyString, record, records, required, validateLocalNonReservedPath } from './common';
import { dnsLabel } from './container';

export const FILE_MODE_MESSAGE = 'must be a number between 0 and 0777 (octal), both inclusive';
export const isFileMode = (mode: unknown) => typeof mode !== 'number' || (mode >= 0 && mode <= 0o777);
const PARTITION_MESSAGE = 'must be between 1 and 255, inclusive'; // upstream's pdPartitionErrorMsg, though it admits 0

/** Upstream's `len(x) == 0` on a string or a list. */
const isEmpty = (value: unknown) => !(nonEmptyString(value) || (Array.isArray(value) && value.length > 0));

// The volume types whose upstream functions only require fields: the JSON names of those fields.
const REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  gitRepo: ['repository'], persistentVolumeClaim: ['claimName'], glusterfs: ['endpoints', 'path'], rbd: ['monitors', 'image'],
  cephfs: ['monitors'], vsphereVolume: ['volumePath'], photonPersistentDisk: ['pdID'], portworxVolume: ['volumeID'],
  scaleIO: ['gateway', 'system', 'volumeName'], ephemeral: ['volumeClaimTemplate'],
};

/**
 * validateGitRepoVolumeSource, validatePersistentClaimVolumeSource, validateGlusterfsVolumeSource, validateRBDVolumeSource,
 * validateCephFSVolumeSource, validateVsphereVolumeSource, validatePhotonPersistentDiskVolumeSource,
 * validatePortworxVolumeSource, validateScaleIOVolumeSource and validateEphemeralVolumeSource: their required fields.
 */
function validateRequiredSourceFields(kind: string, source: Json, path: string): FieldError[] {
  return (REQUIRED_FIELDS[kind] ?? []).filter((name) => (kind === 'ephemeral' ? !record(source[name]) : isEmpty(source[name])))
    .map((name) => required(childPath(path, name)));
}

/** validateHostPathVolumeSource: a path without backsteps. */
function validateHostPathVolumeSource(source: Json, path: string): FieldError[] {
  if (!nonEmptyString(source.path)) return [required(childPath(path, 'path'))];
  return source.path.split('/').includes('..') ? [invalid(childPath(path, 'path'), source.path, "must not contain '..'")] : [];
}

/** validateGCEPersistentDiskVolumeSource and validateAWSElasticBlockStoreVolumeSource: a disk and a partition up to 255. */
function validateDiskVolumeSource(source: Json, path: string, diskField: 'pdName' | 'volumeID'): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source[diskField])) errors.push(required(childPath(path, diskField)));
  const partition = source.partition;
  if (typeof partition === 'number' && (partition < 0 || partition > 255)) errors.push(invalid(childPath(path, 'partition'), partition, PARTITION_MESSAGE));
  return errors;
}

/** validateNFSVolumeSource: a server and an absolute path. */
function validateNFSVolumeSource(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source.server)) errors.push(required(childPath(path, 'server')));
  if (!nonEmptyString(source.path)) errors.push(required(childPath(path, 'path')));
  const target = typeof source.path === 'string' ? source.path : '';
  if (!target.startsWith('/')) errors.push(invalid(childPath(path, 'path'), target, 'must be an absolute path'));
  return errors;
}

/** validateFlockerVolumeSource: exactly one of datasetName and datasetUUID, a name without '/'. */
function validateFlockerVolumeSource(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const name = typeof source.datasetName === 'string' ? source.datasetName : '';
  const uuid = typeof source.datasetUUID === 'string' ? source.datasetUUID : '';
  if (!name && !uuid) errors.push(required(path, 'one of datasetName and datasetUUID is required'));
  if (name && uuid) errors.push(invalid(path, 'resource', 'datasetName and datasetUUID can not be specified simultaneously'));
  if (name.includes('/')) errors.push(invalid(childPath(path, 'datasetName'), name, "must not contain '/'"));
  return errors;
}

/** validateCinderVolumeSource and validateStorageOSVolumeSource: a volume, and a name in a given secretRef. */
function validateSecretRefVolumeSource(source: Json, path: string, volumeField: 'volumeID' | 'volumeName'): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source[volumeField])) errors.push(required(childPath(path, volumeField)));
  else if (volumeField === 'volumeName') errors.push(...dnsLabel(source.volumeName, childPath(path, 'volumeName')));
  if (volumeField === 'volumeName' && nonEmptyString(source.volumeNamespace)) errors.push(...dnsLabel(source.volumeNamespace, childPath(path, 'volumeNamespace')));
  const secretRef = record(source.secretRef);
  if (secretRef && !nonEmptyString(secretRef.name)) errors.push(required(childPath(childPath(path, 'secretRef'), 'name')));
  return errors;
}

/** validateFlexVolumeSource: a driver, and no option in the kubernetes.io or k8s.io namespaces. */
function validateFlexVolumeSource(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source.driver)) errors.push(required(childPath(path, 'driver')));
  for (const key of Object.keys(record(source.options) ?? {})) {
    const namespace = `.${(key.includes('/') ? key.slice(0, key.indexOf('/')) : key).toLowerCase()}`;
    if (namespace.endsWith('.kubernetes.io') || namespace.endsWith('.k8s.io')) {
      errors.push(invalid(indexPath(childPath(path, 'options'), key), key, 'kubernetes.io and k8s.io namespaces are reserved'));
    }
  }
  return errors;
}

/**
 * validateDownwardAPIVolumeFile: a relative path, exactly one of fieldRef and resourceFieldRef, a mode within 0777.
 * Upstream reports the path at the volume source, not at the item.
 */
export function validateDownwardAPIVolumeFile(file: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(file.path)) errors.push(required(childPath(path, 'path')));
  errors.push(...validateLocalNonReservedPath(file.path, childPath(path, 'path')));
  const fieldRef = record(file.fieldRef);
  const resourceFieldRef = record(file.resourceFieldRef);
  if (fieldRef && resourceFieldRef) errors.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  if (!fieldRef && !resourceFieldRef) errors.push(required(path, 'one of fieldRef and resourceFieldRef is required'));
  if (!isFileMode(file.mode)) errors.push(invalid(childPath(path, 'mode'), file.mode, FILE_MODE_MESSAGE));
  return errors;
}

/** validateDownwardAPIVolumeSource: a defaultMode within 0777 and valid files. */
function validateDownwardAPIVolumeSource(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!isFileMode(source.defaultMode)) errors.push(invalid(childPath(path, 'defaultMode'), source.defaultMode, FILE_MODE_MESSAGE));
  for (const file of records(source.items)) errors.push(...validateDownwardAPIVolumeFile(file, path));
  return errors;
}

/** validateVolumeSource's emptyDir rule: a sizeLimit that is not negative. */
function validateEmptyDirVolumeSource(source: Json, path: string): FieldError[] {
  const limit = typeof source.sizeLimit === 'string' ? parseQuantity(source.sizeLimit) : undefined;
  const negative = limit?.negative === true || (typeof source.sizeLimit === 'number' && source.sizeLimit < 0);
  return negative ? [forbidden(childPath(path, 'sizeLimit'), 'SizeLimit field must be a valid resource quantity')] : [];
}

/** The rules of the first volume type of a volume, for the types ported here (`kind` is its JSON name, `path` its own path). */
export function validateVolumeTypeFields(kind: string, source: Json, path: string): FieldError[] {
  switch (kind) {
    case 'emptyDir': return validateEmptyDirVolumeSource(source, path);
    case 'hostPath': return validateHostPathVolumeSource(source, path);
    case 'gcePersistentDisk': return validateDiskVolumeSource(source, path, 'pdName');
    case 'awsElasticBlockStore': return validateDiskVolumeSource(source, path, 'volumeID');
    case 'nfs': return validateNFSVolumeSource(source, path);
    case 'flocker': return validateFlockerVolumeSource(source, path);
    case 'cinder': return validateSecretRefVolumeSource(source, path, 'volumeID');
    case 'storageos': return validateSecretRefVolumeSource(source, path, 'volumeName');
    case 'flexVolume': return validateFlexVolumeSource(source, path);
    case 'downwardAPI': return validateDownwardAPIVolumeSource(source, path);
    default: return validateRequiredSourceFields(kind, source, path);
  }
}
