// The field rules of the volume types other than secret, configMap and projected (those live in pod.ts):
// Kubernetes v1.33 pkg/apis/core/validation/validation.go validate<Type>VolumeSource, each function named after
// the upstream one it ports; tools/validate/inventory/rules.json lists which rules of each one are ported.
import { parseQuantity } from '../../../lib/core/validate-props';
import { childPath, indexPath } from '../field-path';
import { qualifiedNameError } from '../metadata';
import type { FieldError } from '../schema';
import { validateEphemeralVolumeSource } from './claim-template';
import { forbidden, invalid, type Json, nonEmptyString, notSupported, record, records, required, subdomainErrors, tooLong, validateLocalNonReservedPath } from './common';
import { dnsLabel } from './container';
import { canonicalQuantity } from './quantity';

export const FILE_MODE_MESSAGE = 'must be a number between 0 and 0777 (octal), both inclusive';
export const isFileMode = (mode: unknown) => typeof mode !== 'number' || (mode >= 0 && mode <= 0o777);
const PARTITION_MESSAGE = 'must be between 1 and 255, inclusive'; // upstream's pdPartitionErrorMsg, though it admits 0

/** Upstream's `len(x) == 0` on a string or a list. */
const isEmpty = (value: unknown) => !(nonEmptyString(value) || (Array.isArray(value) && value.length > 0));

// The volume types whose upstream functions only require fields: the JSON names of those fields.
const REQUIRED_FIELDS: Readonly<Record<string, readonly string[]>> = {
  gitRepo: ['repository'], persistentVolumeClaim: ['claimName'], glusterfs: ['endpoints', 'path'], rbd: ['monitors', 'image'],
  cephfs: ['monitors'], vsphereVolume: ['volumePath'], photonPersistentDisk: ['pdID'], portworxVolume: ['volumeID'],
  scaleIO: ['gateway', 'system', 'volumeName'], azureFile: ['secretName', 'shareName'],
};
const HOST_PATH_TYPES = ['', 'BlockDevice', 'CharDevice', 'Directory', 'DirectoryOrCreate', 'File', 'FileOrCreate', 'Socket'];
const LUN_MESSAGE = 'must be between 0 and 255, inclusive';
// iscsiInitiatorIqnRegex (anchored at the end only), iscsiInitiatorEuiRegex and iscsiInitiatorNaaRegex; Go's \s is [\t\n\f\r ].
const ISCSI_FORMATS: ReadonlyArray<readonly [string, RegExp]> = [
  ['iqn', /iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\t\n\f\r ]+)$/], ['eui', /^eui.[A-Za-z0-9]{16}$/], ['naa', /^naa.[A-Za-z0-9]{32}$/],
];

/**
 * validateGitRepoVolumeSource, validatePersistentClaimVolumeSource, validateGlusterfsVolumeSource, validateRBDVolumeSource,
 * validateCephFSVolumeSource, validateVsphereVolumeSource, validatePhotonPersistentDiskVolumeSource,
 * validatePortworxVolumeSource, validateScaleIOVolumeSource and validateEphemeralVolumeSource: their required fields.
 */
function validateRequiredSourceFields(kind: string, source: Json, path: string): FieldError[] {
  return (REQUIRED_FIELDS[kind] ?? []).filter((name) => isEmpty(source[name]))
    .map((name) => required(childPath(path, name)));
}

/** validateHostPathVolumeSource: a path without backsteps, and a known type (validateHostPathType). */
function validateHostPathVolumeSource(source: Json, path: string): FieldError[] {
  if (!nonEmptyString(source.path)) return [required(childPath(path, 'path'))];
  const errors = source.path.split('/').includes('..') ? [invalid(childPath(path, 'path'), source.path, "must not contain '..'")] : [];
  return [...errors, ...validateHostPathType(source.type, childPath(path, 'type'))];
}

/** validateHostPathType. */
function validateHostPathType(type: unknown, path: string): FieldError[] {
  return typeof type === 'string' && !HOST_PATH_TYPES.includes(type) ? [notSupported(path, type, HOST_PATH_TYPES)] : [];
}

/** validateFCVolumeSource: targetWWNs or wwids, not both, and a lun of 0 to 255 beside targetWWNs. */
function validateFCVolumeSource(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const count = (value: unknown) => (Array.isArray(value) ? value.length : 0);
  if (count(source.targetWWNs) < 1 && count(source.wwids) < 1) errors.push(required(childPath(path, 'targetWWNs'), 'must specify either targetWWNs or wwids, but not both'));
  if (count(source.targetWWNs) !== 0 && count(source.wwids) !== 0) {
    errors.push(invalid(childPath(path, 'targetWWNs'), source.targetWWNs, 'targetWWNs and wwids can not be specified simultaneously'));
  }
  if (count(source.targetWWNs) !== 0) {
    if (typeof source.lun !== 'number') errors.push(required(childPath(path, 'lun'), 'lun is required if targetWWNs is specified'));
    else if (source.lun < 0 || source.lun > 255) errors.push(invalid(childPath(path, 'lun'), source.lun, LUN_MESSAGE));
  }
  return errors;
}

/** The format rules validateISCSIVolumeSource applies to an IQN or an initiator name (`prefixError` when it has no known prefix). */
function iscsiNameErrors(name: string, path: string, prefixError: boolean): FieldError[] {
  const format = ISCSI_FORMATS.find(([prefix]) => name.startsWith(prefix));
  if (!format) return prefixError ? [invalid(path, name, 'must be valid format starting with iqn, eui, or naa')] : [];
  return format[1].test(name) ? [] : [invalid(path, name, 'must be valid format')];
}

/** validateISCSIVolumeSource: a portal, an IQN and initiator name of a known format, a lun of 0 to 255, a secretRef for CHAP. */
function validateISCSIVolumeSource(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source.targetPortal)) errors.push(required(childPath(path, 'targetPortal')));
  if (!nonEmptyString(source.iqn)) errors.push(required(childPath(path, 'iqn')));
  else errors.push(...iscsiNameErrors(source.iqn, childPath(path, 'iqn'), true));
  const lun = typeof source.lun === 'number' ? source.lun : 0;
  if (lun < 0 || lun > 255) errors.push(invalid(childPath(path, 'lun'), lun, LUN_MESSAGE));
  if ((source.chapAuthDiscovery === true || source.chapAuthSession === true) && !record(source.secretRef)) errors.push(required(childPath(path, 'secretRef')));
  if (typeof source.initiatorName === 'string') {
    const initiator = source.initiatorName;
    const known = ISCSI_FORMATS.some(([prefix]) => initiator.startsWith(prefix));
    if (!known) errors.push(invalid(childPath(path, 'initiatorname'), initiator, 'must be valid format starting with iqn, eui, or naa'));
    errors.push(...iscsiNameErrors(initiator, childPath(path, 'initiatorname'), false));
  }
  return errors;
}

/** validateAzureDisk: a name and URI, known caching mode and kind, a URI of the kind's form (kind defaults to Shared). */
function validateAzureDisk(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const uri = typeof source.diskURI === 'string' ? source.diskURI : '';
  if (!nonEmptyString(source.diskName)) errors.push(required(childPath(path, 'diskName')));
  if (!uri) errors.push(required(childPath(path, 'diskURI')));
  const caching = source.cachingMode ?? 'ReadWrite';
  if (!['None', 'ReadOnly', 'ReadWrite'].includes(String(caching))) errors.push(notSupported(childPath(path, 'cachingMode'), caching, ['None', 'ReadOnly', 'ReadWrite']));
  const kind = source.kind ?? 'Shared';
  if (!['Dedicated', 'Managed', 'Shared'].includes(String(kind))) errors.push(notSupported(childPath(path, 'kind'), kind, ['Dedicated', 'Managed', 'Shared']));
  if (kind === 'Managed' && !uri.startsWith('/subscriptions/')) {
    errors.push(notSupported(childPath(path, 'diskURI'), uri, ['/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}']));
  }
  if (kind !== 'Managed' && !uri.startsWith('https://')) {
    errors.push(notSupported(childPath(path, 'diskURI'), uri, ['https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd']));
  }
  return errors;
}

/** ValidateCSIDriverName: required, at most 63 bytes, a DNS subdomain once lower-cased. */
function validateCSIDriverName(driver: string, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (driver.length === 0) errors.push(required(path));
  if (driver.length > 63) errors.push(tooLong(path, 63));
  return [...errors, ...subdomainErrors(driver.toLowerCase(), path, driver)];
}

/** validateCSIVolumeSource: a driver name, and a valid Secret name in nodePublishSecretRef (reported at `csi.name`, as upstream does). */
function validateCSIVolumeSource(source: Json, path: string): FieldError[] {
  const errors = validateCSIDriverName(typeof source.driver === 'string' ? source.driver : '', childPath(path, 'driver'));
  const secretRef = record(source.nodePublishSecretRef);
  if (secretRef) {
    if (!nonEmptyString(secretRef.name)) errors.push(required(childPath(childPath(path, 'nodePublishSecretRef'), 'name')));
    else errors.push(...subdomainErrors(secretRef.name, childPath(path, 'name')));
  }
  return errors;
}

/** validateGCEPersistentDiskVolumeSource and validateAWSElasticBlockStoreVolumeSource: a disk and a partition up to 255. */
function validateDiskVolumeSource(source: Json, path: string, diskField: 'pdName' | 'volumeID'): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source[diskField])) errors.push(required(childPath(path, diskField)));
  const partition = source.partition;
  if (typeof partition === 'number' && (partition < 0 || partition > 255)) errors.push(invalid(childPath(path, 'partition'), partition, PARTITION_MESSAGE));
  return errors;
}

/** Whether Go's net.SplitHostPort accepts a `host:port` pair (an IPv6 host in brackets, an empty port allowed). */
function isHostPort(pair: string): boolean {
  const colon = pair.lastIndexOf(':');
  if (colon < 0) return false;
  let [from, after] = [0, 0];
  if (pair.startsWith('[')) {
    const end = pair.indexOf(']');
    if (end < 0 || end + 1 !== colon) return false;
    [from, after] = [1, end + 1];
  } else if (pair.slice(0, colon).includes(':')) {
    return false;
  }
  return !pair.slice(from).includes('[') && !pair.slice(after).includes(']');
}

/** validateQuobyteVolumeSource: a registry of host:port pairs, a tenant of at most 64 characters, a volume. */
function validateQuobyteVolumeSource(source: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const registry = typeof source.registry === 'string' ? source.registry : '';
  const message = 'must be a host:port pair or multiple pairs separated by commas';
  if (!registry) errors.push(required(childPath(path, 'registry'), message));
  else if (typeof source.tenant === 'string' && source.tenant.length >= 65) errors.push(required(childPath(path, 'tenant'), 'must be a UUID and may not exceed a length of 64 characters'));
  else errors.push(...registry.split(',').filter((pair) => !isHostPort(pair)).map(() => invalid(childPath(path, 'registry'), registry, message)));
  if (!nonEmptyString(source.volume)) errors.push(required(childPath(path, 'volume')));
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

const RESOURCE_FIELDS = ['limits.cpu', 'limits.ephemeral-storage', 'limits.memory', 'requests.cpu', 'requests.ephemeral-storage', 'requests.memory'];

/** validateContainerResourceFieldSelector: a container (in a volume), a resource of the list or a hugepages one, and its divisor. */
export function validateContainerResourceFieldSelector(selector: Json, path: string, volume: boolean): FieldError[] {
  const resource = typeof selector.resource === 'string' ? selector.resource : '';
  const errors: FieldError[] = [];
  if (volume && !nonEmptyString(selector.containerName)) {errors.push(required(childPath(path, 'containerName')));}
  else if (!resource) {errors.push(required(childPath(path, 'resource')));}
  else if (!(RESOURCE_FIELDS.includes(resource) || resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-'))) {
    errors.push(notSupported(childPath(path, 'resource'), resource, RESOURCE_FIELDS));
  }
  return [...errors, ...validateContainerResourceDivisor(resource, selector.divisor, path)];
}

const BYTE_DIVISORS = ['1', '1k', '1M', '1G', '1T', '1P', '1E', '1Ki', '1Mi', '1Gi', '1Ti', '1Pi', '1Ei'];
const BYTE_DIVISORS_MESSAGE = `only divisor's values ${BYTE_DIVISORS.join(', ')} are supported with the`;

/** validateContainerResourceDivisor: a divisor (compared in its canonical form) that suits the resource; 0 means none. */
export function validateContainerResourceDivisor(resource: string, divisor: unknown, path: string): FieldError[] {
  const canonical = canonicalQuantity(divisor);
  if (canonical === undefined || canonical === '0') return [];
  const at = childPath(path, 'divisor');
  const errors: FieldError[] = [];
  if (resource === 'limits.cpu' || resource === 'requests.cpu') {
    if (canonical !== '1m' && canonical !== '1') errors.push(invalid(at, resource, 'only divisor\'s values 1m and 1 are supported with the cpu resource'));
  } else if (resource === 'limits.memory' || resource === 'requests.memory') {
    if (!BYTE_DIVISORS.includes(canonical)) errors.push(invalid(at, resource, `${BYTE_DIVISORS_MESSAGE} memory resource`));
  } else if (resource === 'limits.ephemeral-storage' || resource === 'requests.ephemeral-storage') {
    if (!BYTE_DIVISORS.includes(canonical)) errors.push(invalid(at, resource, `${BYTE_DIVISORS_MESSAGE} local ephemeral storage resource`));
  }
  if ((resource.startsWith('requests.hugepages-') || resource.startsWith('limits.hugepages-')) && !BYTE_DIVISORS.includes(canonical)) {
    errors.push(invalid(at, resource, `${BYTE_DIVISORS_MESSAGE} hugepages resource`));
  }
  return errors;
}

// pods.ConvertDownwardAPIFieldLabel's labels (v1.33), and the ones env and volume files may use.
const DOWNWARD_API_LABELS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.restartPolicy',
  'spec.serviceAccountName', 'spec.schedulerName', 'status.phase', 'status.hostIP', 'status.hostIPs', 'status.podIP', 'status.podIPs'];
export const ENV_FIELD_PATHS = ['metadata.name', 'metadata.namespace', 'metadata.uid', 'spec.nodeName', 'spec.serviceAccountName', 'status.hostIP', 'status.hostIPs',
  'status.podIP', 'status.podIPs'];
const VOLUME_FIELD_PATHS = ['metadata.annotations', 'metadata.labels', 'metadata.name', 'metadata.namespace', 'metadata.uid'];

/** fieldpath.SplitMaybeSubscriptedPath: `metadata.labels['app']` is the path `metadata.labels` and the subscript `app`. */
function splitSubscript(fieldPath: string): readonly [string, string] | undefined {
  if (!fieldPath.endsWith("']")) return undefined;
  const body = fieldPath.slice(0, -2);
  const at = body.indexOf("['");
  return at > 0 ? [body.slice(0, at), body.slice(at + 2)] : undefined;
}

/**
 * validateObjectFieldSelector: a field path the downward API converts (apiVersion v1, its default) and `expressions`
 * admits; a subscript of labels or annotations is a qualified name.
 */
export function validateObjectFieldSelector(selector: Json, expressions: readonly string[], path: string): FieldError[] {
  if (!nonEmptyString(selector.fieldPath)) return [required(childPath(path, 'fieldPath'))];
  const fieldPath = selector.fieldPath;
  const apiVersion = nonEmptyString(selector.apiVersion) ? selector.apiVersion : 'v1';
  const subscripted = splitSubscript(fieldPath);
  let conversionError: string | undefined;
  if (apiVersion !== 'v1') conversionError = `unsupported pod version: ${apiVersion}`;
  else if (subscripted && subscripted[0] !== 'metadata.annotations' && subscripted[0] !== 'metadata.labels') conversionError = `field label does not support subscript: ${fieldPath}`;
  else if (!subscripted && !DOWNWARD_API_LABELS.includes(fieldPath) && fieldPath !== 'spec.host') conversionError = `field label not supported: ${fieldPath}`;
  if (conversionError) return [invalid(childPath(path, 'fieldPath'), fieldPath, `error converting fieldPath: ${conversionError}`)];
  if (subscripted) {
    const [labelPath, key] = subscripted;
    const error = qualifiedNameError(labelPath === 'metadata.annotations' ? key.toLowerCase() : key);
    return error ? [invalid(path, labelPath === 'metadata.annotations' ? key.toLowerCase() : key, error)] : [];
  }
  const internal = fieldPath === 'spec.host' ? 'spec.nodeName' : fieldPath;
  return expressions.includes(internal) ? [] : [notSupported(childPath(path, 'fieldPath'), internal, [...expressions].sort())];
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
  if (fieldRef) errors.push(...validateObjectFieldSelector(fieldRef, VOLUME_FIELD_PATHS, childPath(path, 'fieldRef')));
  if (fieldRef && resourceFieldRef) errors.push(invalid(path, 'resource', 'fieldRef and resourceFieldRef can not be specified simultaneously'));
  if (!fieldRef && resourceFieldRef) errors.push(...validateContainerResourceFieldSelector(resourceFieldRef, childPath(path, 'resourceFieldRef'), true));
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
    case 'fc': return validateFCVolumeSource(source, path);
    case 'quobyte': return validateQuobyteVolumeSource(source, path);
    case 'iscsi': return validateISCSIVolumeSource(source, path);
    case 'azureDisk': return validateAzureDisk(source, path);
    case 'csi': return validateCSIVolumeSource(source, path);
    case 'downwardAPI': return validateDownwardAPIVolumeSource(source, path);
    case 'ephemeral': return validateEphemeralVolumeSource(source, path);
    default: return validateRequiredSourceFields(kind, source, path);
  }
}
