// Pod-template rules of Kubernetes v1.33 pkg/apis/core/validation/validation.go beyond names, ports and mounts
// (those live in core-rules.ts), and the warnings of pkg/api/pod/warnings.go. Each function is named after the
// upstream function it ports; tools/validate/inventory/rules.json lists which rules of each one are ported.
import { parseQuantity } from '../../../lib/core/validate-props';
import { childPath, indexPath } from '../field-path';
import { qualifiedNameError } from '../metadata';
import type { FieldError } from '../schema';
import {
  configMapKeyError, forbidden, invalid, type Json, labelSelector, nonEmptyString, notSupported, record, records, required, subdomainErrors,
  validateLocalNonReservedPath, warning,
} from './common';
import { validateWindowsSecurityContextOptions } from './pod-os';
import { isWholeQuantity } from './quantity';
import {
  ENV_FIELD_PATHS, FILE_MODE_MESSAGE, isFileMode, validateContainerResourceFieldSelector, validateDownwardAPIVolumeFile, validateObjectFieldSelector,
  validateVolumeTypeFields,
} from './volume-sources';


/** validateKeyToPath: an item of a Secret or ConfigMap volume. */
export function validateKeyToPath(item: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(item.key)) errors.push(required(childPath(path, 'key')));
  if (!nonEmptyString(item.path)) errors.push(required(childPath(path, 'path')));
  errors.push(...validateLocalNonReservedPath(item.path, childPath(path, 'path')));
  if (!isFileMode(item.mode)) errors.push(invalid(childPath(path, 'mode'), item.mode, FILE_MODE_MESSAGE));
  return errors;
}

/** validateSecretVolumeSource and validateConfigMapVolumeSource: a name, a defaultMode within 0777, valid items. */
export function validateSecretVolumeSource(source: Json, path: string, nameField: 'secretName' | 'name'): FieldError[] {
  const errors: FieldError[] = [];
  if (!nonEmptyString(source[nameField])) errors.push(required(childPath(path, nameField)));
  if (!isFileMode(source.defaultMode)) errors.push(invalid(childPath(path, 'defaultMode'), source.defaultMode, FILE_MODE_MESSAGE));
  records(source.items).forEach((item, index) => errors.push(...validateKeyToPath(item, indexPath(childPath(path, 'items'), index))));
  return errors;
}

/** validateProjectionSources: one type per source, no duplicate path, service-account tokens of 10 min to 2^32 s. */
export function validateProjectionSources(projected: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const paths = new Set<string>();
  const claim = (item: unknown, value: unknown) => {
    if (!nonEmptyString(item)) return;
    if (paths.has(item)) errors.push(invalid(path, value, 'conflicting duplicate paths'));
    paths.add(item);
  };
  if (!isFileMode(projected.defaultMode)) errors.push(invalid(childPath(path, 'defaultMode'), projected.defaultMode, FILE_MODE_MESSAGE));
  records(projected.sources).forEach((source, index) => {
    const at = indexPath(childPath(path, 'sources'), index);
    // clusterTrustBundle sources are dropped before validation while ClusterTrustBundleProjection is off (its 1.33 default)
    const kinds = ['secret', 'configMap', 'downwardAPI', 'serviceAccountToken'].filter((kind) => isRecordField(source, kind));
    for (const kind of ['secret', 'configMap'] as const) {
      const reference = record(source[kind]);
      if (!reference) continue;
      if (!nonEmptyString(reference.name)) errors.push(required(childPath(childPath(at, kind), 'name')));
      records(reference.items).forEach((item, itemIndex) => {
        errors.push(...validateKeyToPath(item, indexPath(childPath(childPath(at, kind), 'items'), itemIndex)));
        claim(item.path, reference.name ?? '');
      });
    }
    for (const file of records(record(source.downwardAPI)?.items)) {
      errors.push(...validateDownwardAPIVolumeFile(file, childPath(at, 'downwardAPI')));
      claim(file.path, file.path);
    }
    const token = record(source.serviceAccountToken);
    if (token) {
      const seconds = typeof token.expirationSeconds === 'number' ? token.expirationSeconds : 3600;
      const secondsPath = childPath(childPath(at, 'serviceAccountToken'), 'expirationSeconds');
      if (seconds < 600) errors.push(invalid(secondsPath, seconds, 'may not specify a duration less than 10 minutes'));
      if (seconds > 2 ** 32) errors.push(invalid(secondsPath, seconds, 'may not specify a duration larger than 2^32 seconds'));
      if (!nonEmptyString(token.path)) errors.push(required(childPath(path, 'path')));
      else errors.push(...validateLocalNonReservedPath(token.path, childPath(path, 'path')));
    }
    if (kinds.length > 1) errors.push(forbidden(at, 'may not specify more than 1 volume type per source'));
  });
  return errors;
}

const isRecordField = (object: Json, field: string) => record(object[field]) !== undefined;

// validateVolumeSource's order, and the path it reports a second type at (upstream spells two of them its own way).
const VOLUME_SOURCES: ReadonlyArray<readonly [string, string]> = [
  ['emptyDir', 'emptyDir'], ['hostPath', 'hostPath'], ['gitRepo', 'gitRepo'], ['gcePersistentDisk', 'gcePersistentDisk'],
  ['awsElasticBlockStore', 'awsElasticBlockStore'], ['secret', 'secret'], ['nfs', 'nfs'], ['iscsi', 'iscsi'], ['glusterfs', 'glusterfs'],
  ['flocker', 'flocker'], ['persistentVolumeClaim', 'persistentVolumeClaim'], ['rbd', 'rbd'], ['cinder', 'cinder'], ['cephfs', 'cephFS'],
  ['quobyte', 'quobyte'], ['downwardAPI', 'downwarAPI'], ['fc', 'fc'], ['flexVolume', 'flexVolume'], ['configMap', 'configMap'],
  ['azureFile', 'azureFile'], ['vsphereVolume', 'vsphereVolume'], ['photonPersistentDisk', 'photonPersistentDisk'],
  ['portworxVolume', 'portworxVolume'], ['azureDisk', 'azureDisk'], ['storageos', 'storageos'], ['projected', 'projected'],
  ['scaleIO', 'scaleIO'], ['csi', 'csi'], ['ephemeral', 'ephemeral'], ['image', 'image'],
];

/** validateVolumeSource: exactly one volume type, and the checks of the types ported here. */
export function validateVolumeSource(volume: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const present = VOLUME_SOURCES.filter(([kind]) => isRecordField(volume, kind));
  if (present.length === 0) errors.push(required(path, 'must specify a volume type'));
  present.slice(1).forEach(([, reported]) => errors.push(forbidden(childPath(path, reported), 'may not specify more than 1 volume type')));
  // Only the first type is validated; the others are refused unread.
  const [first] = present[0] ?? [];
  const source = record(volume[first ?? '']) ?? {};
  if (first === 'secret') errors.push(...validateSecretVolumeSource(source, childPath(path, 'secret'), 'secretName'));
  else if (first === 'configMap') errors.push(...validateSecretVolumeSource(source, childPath(path, 'configMap'), 'name'));
  else if (first === 'projected') errors.push(...validateProjectionSources(source, childPath(path, 'projected')));
  else if (first) errors.push(...validateVolumeTypeFields(first, source, childPath(path, first)));
  // validateVolumeSource: an iSCSI volume with an initiator name keeps `<volume name>:<targetPortal>` within 64 characters
  const iscsi = record(volume.iscsi);
  const volumeName = typeof volume.name === 'string' ? volume.name : '';
  if (iscsi && typeof iscsi.initiatorName === 'string' && `${volumeName}:${typeof iscsi.targetPortal === 'string' ? iscsi.targetPortal : ''}`.length > 64) {
    errors.push(invalid(childPath(path, 'name'), volumeName,
      'Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.'));
  }
  return errors;
}

const HANDLERS = ['exec', 'httpGet', 'tcpSocket', 'grpc', 'sleep'];

/** validateHandler: exactly one handler type (the second and later are refused). */
export function validateHandler(handler: Json, path: string, types: readonly string[] = HANDLERS): FieldError[] {
  const present = types.filter((type) => handler[type] !== undefined && handler[type] !== null);
  const errors = present.slice(1).map((type) => forbidden(childPath(path, type), 'may not specify more than 1 handler type'));
  if (present.length === 0) errors.push(required(path, 'must specify a handler type'));
  return errors;
}

/** validateProbe: one handler, and a probe-level terminationGracePeriodSeconds above 0. */
export function validateProbe(probe: Json, path: string): FieldError[] {
  const errors = validateHandler(probe, path, ['exec', 'httpGet', 'tcpSocket', 'grpc']);
  const grace = probe.terminationGracePeriodSeconds;
  if (typeof grace === 'number' && grace <= 0) errors.push(invalid(childPath(path, 'terminationGracePeriodSeconds'), grace, 'must be greater than 0'));
  return errors;
}

/** validateSecretKeySelector and validateConfigMapKeySelector: a Secret name (a DNS subdomain, "" included) and a config key. */
function validateKeySelector(selector: Json, path: string): FieldError[] {
  const errors = subdomainErrors(typeof selector.name === 'string' ? selector.name : '', childPath(path, 'name'));
  if (!nonEmptyString(selector.key)) return [...errors, required(childPath(path, 'key'))];
  const keyError = configMapKeyError(selector.key);
  return keyError ? [...errors, invalid(childPath(path, 'key'), selector.key, keyError)] : errors;
}

/** validateEnvVarValueFrom: exactly one source, and no `value` beside it. */
export function validateEnvVarValueFrom(variable: Json, path: string): FieldError[] {
  const valueFrom = record(variable.valueFrom);
  if (!valueFrom) return [];
  const sources = ['fieldRef', 'resourceFieldRef', 'configMapKeyRef', 'secretKeyRef'].filter((source) => isRecordField(valueFrom, source));
  const errors: FieldError[] = [];
  const fieldRef = record(valueFrom.fieldRef);
  if (fieldRef) errors.push(...validateObjectFieldSelector(fieldRef, ENV_FIELD_PATHS, childPath(path, 'fieldRef')));
  const resourceFieldRef = record(valueFrom.resourceFieldRef);
  if (resourceFieldRef) errors.push(...validateContainerResourceFieldSelector(resourceFieldRef, childPath(path, 'resourceFieldRef'), false));
  for (const source of ['configMapKeyRef', 'secretKeyRef']) {
    const selector = record(valueFrom[source]);
    if (selector) errors.push(...validateKeySelector(selector, childPath(path, source)));
  }
  if (sources.length === 0) errors.push(invalid(path, '', 'must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`'));
  else if (nonEmptyString(variable.value)) errors.push(invalid(path, '', 'may not be specified when `value` is not empty'));
  else if (sources.length > 1) errors.push(invalid(path, '', 'may not have more than one field specified at a time'));
  return errors;
}

const MAX_ID = 2147483647;

/** ValidateAppArmorProfileField: a type, and a trimmed localhostProfile of at most 4095 bytes exactly for Localhost. */
export function validateAppArmorProfile(value: unknown, path: string): FieldError[] {
  const profile = record(value);
  if (!profile) return [];
  const local = profile.localhostProfile;
  const localPath = childPath(path, 'localhostProfile');
  if (profile.type === 'Localhost') {
    if (typeof local !== 'string') return [required(localPath, 'must be set when AppArmor type is Localhost')];
    const errors: FieldError[] = [];
    if (local.trim() !== local) errors.push(invalid(localPath, local, 'must not be padded with whitespace'));
    else if (local === '') errors.push(required(localPath, 'must be set when AppArmor type is Localhost'));
    if (Buffer.byteLength(local) > 4095) errors.push({ path: localPath, rule: 'Too long: may not be more than 4095 bytes' });
    return errors;
  }
  if (profile.type === 'RuntimeDefault' || profile.type === 'Unconfined') {
    return local === undefined || local === null ? [] : [invalid(localPath, local, 'can only be set when AppArmor type is Localhost')];
  }
  if (!nonEmptyString(profile.type)) return [required(childPath(path, 'type'), 'type is required when appArmorProfile is set')];
  return [notSupported(childPath(path, 'type'), profile.type, ['Localhost', 'RuntimeDefault', 'Unconfined'])];
}

/** validateSeccompProfileField with validateSeccompProfileType. */
export function validateSeccompProfile(value: unknown, path: string): FieldError[] {
  const profile = record(value);
  if (!profile) return [];
  const errors: FieldError[] = [];
  const types = ['Localhost', 'RuntimeDefault', 'Unconfined'];
  if (!nonEmptyString(profile.type)) errors.push(required(childPath(path, 'type'), 'type is required when seccompProfile is set'));
  else if (!types.includes(profile.type)) errors.push(notSupported(childPath(path, 'type'), profile.type, types));
  const local = profile.localhostProfile;
  if (profile.type === 'Localhost') {
    if (local === undefined || local === null) errors.push(required(childPath(path, 'localhostProfile'), 'must be set when seccomp type is Localhost'));
    else errors.push(...validateLocalNonReservedPath(local, childPath(path, 'localhostProfile')).filter((error) => !error.rule.includes("must not start with '..'")));
  } else if (local !== undefined && local !== null) {
    errors.push(invalid(childPath(path, 'localhostProfile'), profile, 'can only be set when seccomp type is Localhost'));
  }
  return errors;
}

/** ValidateSecurityContext: ids in range, procMount, and allowPrivilegeEscalation false beside privileged or CAP_SYS_ADMIN. */
export function validateSecurityContext(context: Json, path: string, hostUsers: boolean): FieldError[] {
  const errors: FieldError[] = [];
  for (const field of ['runAsUser', 'runAsGroup']) {
    const id = context[field];
    if (typeof id === 'number' && (id < 0 || id > MAX_ID)) errors.push(invalid(childPath(path, field), id, `must be between 0 and ${MAX_ID}, inclusive`));
  }
  if (context.procMount !== undefined) {
    if (context.procMount !== 'Default' && context.procMount !== 'Unmasked') {
      errors.push(notSupported(childPath(path, 'procMount'), context.procMount, ['Default', 'Unmasked']));
    } else if (hostUsers && context.procMount === 'Unmasked') {
      errors.push(invalid(childPath(path, 'procMount'), context.procMount, '`hostUsers` must be false to use `Unmasked`'));
    }
  }
  errors.push(...validateSeccompProfile(context.seccompProfile, childPath(path, 'seccompProfile')));
  if (context.allowPrivilegeEscalation === false) {
    if (context.privileged === true) errors.push(invalid(path, context, 'cannot set `allowPrivilegeEscalation` to false and `privileged` to true'));
    const added = record(context.capabilities)?.add;
    if (Array.isArray(added) && added.includes('CAP_SYS_ADMIN')) {
      errors.push(invalid(path, context, 'cannot set `allowPrivilegeEscalation` to false and `capabilities.Add` CAP_SYS_ADMIN'));
    }
  }
  errors.push(...validateWindowsSecurityContextOptions(context.windowsOptions, childPath(path, 'windowsOptions')));
  errors.push(...validateAppArmorProfile(context.appArmorProfile, childPath(path, 'appArmorProfile')));
  return errors;
}

/** validateTopologySpreadConstraints (with validateMinDomains): maxSkew > 0, a key, a known action, minDomains only with DoNotSchedule. */
export function validateTopologySpreadConstraints(list: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const constraints = records(list);
  constraints.forEach((constraint, index) => {
    const at = indexPath(path, index);
    const { maxSkew, topologyKey, whenUnsatisfiable, minDomains } = constraint;
    if (typeof maxSkew === 'number' && maxSkew <= 0) errors.push(invalid(childPath(at, 'maxSkew'), maxSkew, 'must be greater than zero'));
    if (!nonEmptyString(topologyKey)) errors.push(required(childPath(at, 'topologyKey'), 'can not be empty'));
    if (whenUnsatisfiable !== 'DoNotSchedule' && whenUnsatisfiable !== 'ScheduleAnyway') {
      errors.push(notSupported(childPath(at, 'whenUnsatisfiable'), whenUnsatisfiable ?? '', ['DoNotSchedule', 'ScheduleAnyway']));
    }
    const repeated = constraints.slice(index + 1).some((other) => other.topologyKey === topologyKey && other.whenUnsatisfiable === whenUnsatisfiable);
    if (repeated) errors.push({ path: childPath(at, '{topologyKey, whenUnsatisfiable}'), rule: `Duplicate value: "{${String(topologyKey)}, ${String(whenUnsatisfiable)}}"` });
    if (typeof minDomains === 'number') {
      if (minDomains <= 0) errors.push(invalid(childPath(at, 'minDomains'), minDomains, 'must be greater than zero'));
      if (whenUnsatisfiable !== 'DoNotSchedule') {
        errors.push(invalid(childPath(at, 'minDomains'), minDomains, `can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ${String(whenUnsatisfiable)}`));
      }
    }
    for (const field of ['nodeAffinityPolicy', 'nodeTaintsPolicy']) {
      const policy = constraint[field];
      if (policy !== undefined && policy !== 'Honor' && policy !== 'Ignore') errors.push(notSupported(childPath(at, field), policy, ['Honor', 'Ignore']));
    }
    const selector = record(constraint.labelSelector);
    errors.push(...validateMatchLabelKeysInTopologySpread(constraint.matchLabelKeys, selector, childPath(at, 'matchLabelKeys')));
    errors.push(...labelSelector(constraint.labelSelector, childPath(at, 'labelSelector')));
  });
  return errors;
}

/** The keys of a label selector, its matchLabels' first. */
const selectorKeys = (selector: Json): unknown[] =>
  [...Object.keys(record(selector.matchLabels) ?? {}), ...records(selector.matchExpressions).map((expression) => expression.key)];

/** validateMatchLabelKeysInTopologySpread (MatchLabelKeysInPodTopologySpread is on in 1.33): label names, beside a selector that lacks them. */
function validateMatchLabelKeysInTopologySpread(keys: unknown, selector: Json | undefined, path: string): FieldError[] {
  if (!Array.isArray(keys) || keys.length === 0) return [];
  const errors = selector ? [] : [forbidden(path, 'must not be specified when labelSelector is not set')];
  const inSelector = new Set(selector ? selectorKeys(selector) : []);
  keys.forEach((key, index) => {
    const error = qualifiedNameError(typeof key === 'string' ? key : '');
    if (error) errors.push(invalid(indexPath(path, index), key, error));
    if (inSelector.has(key)) errors.push(invalid(indexPath(path, index), key, 'exists in both matchLabelKeys and labelSelector'));
  });
  return errors;
}

/** The resources warnings.go holds to whole bytes, in its order. */
export const BYTE_RESOURCES = ['memory', 'ephemeral-storage'];

/** warnings.go: a memory or ephemeral-storage quantity that is not a whole number of bytes (MilliValue % 1000 != 0). */
export function fractionalByteWarnings(resources: unknown, path: string): FieldError[] {
  return ['limits', 'requests'].flatMap((kind) => BYTE_RESOURCES.flatMap((name) =>
    fractionalByteWarning(record(record(resources)?.[kind])?.[name], indexPath(childPath(path, kind), name))));
}

/** warnings.go's warning on one byte quantity (a container's resources, a pod's overhead) that is not a whole number of bytes. */
export function fractionalByteWarning(value: unknown, path: string): FieldError[] {
  const quantity = typeof value === 'string' || typeof value === 'number' ? parseQuantity(String(value)) : undefined;
  return quantity && !isWholeQuantity(quantity) ? [warning(path, `fractional byte value ${JSON.stringify(String(value))} is invalid, must be an integer`)] : [];
}
