// The API server's Go-side validation (k8s.io/kubernetes pkg/apis/*/validation) for the core kinds this project
// renders. Each check names the upstream function that makes it; messages are the API server's field errors.
import { childPath, indexPath } from './field-path';
import { finalizerNameErrors, kubeFinalizerErrors } from './metadata';
import { configMapKeyError, duplicate, forbidden, invalid, type Json, labelSelector, nonNegative, notSupported, record, records, required, warning } from './rules/common';
import { dnsLabel, validateContainers } from './rules/container';
import { goJsonObjectError } from './rules/go-values';
import { networkPolicy } from './rules/network-policy';
import { validateTopologySpreadConstraints, validateVolumeSource } from './rules/pod';
import { validateAnnotationsAndFieldsMatch, validatePodTemplateMetadata } from './rules/pod-annotations';
import { dropDisabledTemplateFields } from './rules/pod-gates';
import { validatePodSpecFields } from './rules/pod-spec';
import { podWarnings } from './rules/pod-warnings';
import { validateService } from './rules/service';
import type { FieldError } from './schema';


/** labels.Selector.Matches for a LabelSelector and a set of labels. */
function selectorMatches(selector: Json, labels: Json): boolean {
  const matchLabels = record(selector.matchLabels) ?? {};
  if (!Object.entries(matchLabels).every(([key, value]) => labels[key] === value)) return false;
  return records(selector.matchExpressions).every((expression) => {
    const key = String(expression.key);
    const values = Array.isArray(expression.values) ? expression.values : [];
    switch (expression.operator) {
      case 'In': return key in labels && values.includes(labels[key]);
      case 'NotIn': return !(key in labels) || !values.includes(labels[key]);
      case 'Exists': return key in labels;
      case 'DoesNotExist': return !(key in labels);
      default: return false;
    }
  });
}






/** core ValidatePodSpec, as ValidatePodTemplateSpecForReplicaSet applies it (restartPolicy Always). */
function podSpec(value: unknown, path: string): FieldError[] {
  const spec = record(value) ?? {};
  const errors: FieldError[] = [];
  // ValidateVolumes: only a volume without errors of its own is one the containers may name
  const volumes = new Map<string, Json>();
  records(spec.volumes).forEach((volume, index) => {
    const at = childPath(indexPath(childPath(path, 'volumes'), index), 'name');
    const own = validateVolumeSource(volume, indexPath(childPath(path, 'volumes'), index));
    if (typeof volume.name !== 'string' || !volume.name) {own.push(required(at));}
    else {
      own.push(...dnsLabel(volume.name, at));
      if (volumes.has(volume.name)) own.push(duplicate(at, volume.name));
    }
    if (own.length === 0) volumes.set(String(volume.name), volume);
    errors.push(...own);
  });
  const gracePeriod = typeof spec.terminationGracePeriodSeconds === 'number' ? Math.max(spec.terminationGracePeriodSeconds, 1) : 30;
  errors.push(...validateContainers(spec, path, { volumes, hostUsers: spec.hostUsers !== false, gracePeriod }));
  errors.push(...validateTopologySpreadConstraints(spec.topologySpreadConstraints, childPath(path, 'topologySpreadConstraints')));
  if (spec.restartPolicy !== undefined && spec.restartPolicy !== '' && spec.restartPolicy !== 'Always') {
    errors.push(notSupported(childPath(path, 'restartPolicy'), spec.restartPolicy, ['Always']));
  }
  errors.push(...validatePodSpecFields(spec, path));
  // ValidatePodTemplateSpecForReplicaSet: a ReplicaSet's pods never end on their own.
  if (spec.activeDeadlineSeconds !== undefined && spec.activeDeadlineSeconds !== null) {
    errors.push(invalid(childPath(path, 'activeDeadlineSeconds'), spec.activeDeadlineSeconds, 'activeDeadlineSeconds in ReplicaSet is not Supported'));
  }
  // pod warnings: a negative grace period is accepted (and treated as 1), with a warning.
  if (typeof spec.terminationGracePeriodSeconds === 'number' && spec.terminationGracePeriodSeconds < 0) {
    errors.push(warning(childPath(path, 'terminationGracePeriodSeconds'), 'must be >= 0; negative values are invalid and will be treated as 1'));
  }
  return errors;
}

/** apps ValidateDeploymentSpec (with ValidateDeploymentStrategy and ValidateRollingUpdateDeployment). */
function deployment(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const errors: FieldError[] = [];
  if (typeof spec.replicas === 'number') errors.push(...nonNegative(spec.replicas, 'spec.replicas'));
  for (const field of ['minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']) errors.push(...nonNegative(spec[field], `spec.${field}`));
  if (typeof spec.progressDeadlineSeconds === 'number' && typeof spec.minReadySeconds === 'number' && spec.progressDeadlineSeconds <= spec.minReadySeconds) {
    errors.push(invalid('spec.progressDeadlineSeconds', spec.progressDeadlineSeconds, 'must be greater than minReadySeconds'));
  }
  const selector = record(spec.selector);
  // the template as the API server validates it, with fields of gates that are off in 1.33 dropped first
  const template = record(spec.template) && dropDisabledTemplateFields(record(spec.template)!);
  if (!selector) {errors.push(required('spec.selector'));}
  else {
    errors.push(...labelSelector(selector, 'spec.selector'));
    if (Object.keys(record(selector.matchLabels) ?? {}).length === 0 && records(selector.matchExpressions).length === 0) {
      errors.push(invalid('spec.selector', selector, 'empty selector is invalid for deployment'));
    }
  }
  if (!template) {errors.push(required('spec.template'));}
  else {
    const labels = record(record(template.metadata)?.labels) ?? {};
    if (selector && !selectorMatches(selector, labels)) errors.push(invalid('spec.template.metadata.labels', labels, '`selector` does not match template `labels`'));
    errors.push(...validatePodTemplateMetadata(template, 'spec.template'));
    errors.push(...podSpec(template.spec, 'spec.template.spec'));
    errors.push(...validateAnnotationsAndFieldsMatch(template, 'spec.template.spec'));
    errors.push(...podWarnings(template, 'spec.template'));
  }
  const strategy = record(spec.strategy);
  if (strategy?.type === 'Recreate' && strategy.rollingUpdate !== undefined) {
    errors.push(forbidden('spec.strategy.rollingUpdate', 'may not be specified when strategy `type` is \'Recreate\''));
  }
  const rolling = record(strategy?.rollingUpdate);
  if (rolling) {
    // ValidateRollingUpdateDeployment: IsNotMoreThan100Percent applies to maxUnavailable only; a surge may exceed 100%.
    errors.push(...intOrPercent(rolling.maxUnavailable, 'spec.strategy.rollingUpdate.maxUnavailable'));
    errors.push(...intOrPercent(rolling.maxSurge, 'spec.strategy.rollingUpdate.maxSurge', false));
    const isZero = (value: unknown) => value === 0 || value === '0%';
    if (isZero(rolling.maxUnavailable) && isZero(rolling.maxSurge)) {
      errors.push(invalid('spec.strategy.rollingUpdate.maxUnavailable', rolling.maxUnavailable, 'may not be 0 when `maxSurge` is 0'));
    }
  }
  return errors;
}

const PERCENT_MESSAGE = "a valid percent string must be a numeric string followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is '[0-9]+%')";

/** apps ValidatePositiveIntOrPercent and IsNotMoreThan100Percent (also policy's for a PodDisruptionBudget). */
function intOrPercent(value: unknown, path: string, atMost100Percent = true): FieldError[] {
  if (typeof value === 'number') return nonNegative(value, path);
  if (typeof value !== 'string') return [];
  const match = /^(\d+)%$/.exec(value);
  if (!match) return [invalid(path, value, PERCENT_MESSAGE)];
  return atMost100Percent && Number(match[1]) > 100 ? [invalid(path, value, 'must not be greater than 100%')] : [];
}


/** policy ValidatePodDisruptionBudgetSpec. */
function podDisruptionBudget(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const errors: FieldError[] = [];
  if (spec.minAvailable !== undefined && spec.maxUnavailable !== undefined) {
    errors.push(invalid('spec', spec, 'minAvailable and maxUnavailable cannot be both set'));
  }
  errors.push(...intOrPercent(spec.minAvailable, 'spec.minAvailable'));
  errors.push(...intOrPercent(spec.maxUnavailable, 'spec.maxUnavailable'));
  errors.push(...labelSelector(spec.selector, 'spec.selector'));
  return errors;
}

const MAX_CONFIG_MAP_BYTES = 1024 * 1024;

/** core ValidateConfigMap: key syntax, no key in both data and binaryData, at most 1 MiB in all. */
function configMap(object: Json): FieldError[] {
  const errors: FieldError[] = [];
  const data = record(object.data) ?? {};
  const binaryData = record(object.binaryData) ?? {};
  let size = 0;
  for (const [field, entries] of [['data', data], ['binaryData', binaryData]] as const) {
    for (const [key, value] of Object.entries(entries)) {
      const error = configMapKeyError(key);
      if (error) errors.push(invalid(indexPath(field, key), key, error));
      if (field === 'data' && key in binaryData) errors.push(invalid(indexPath(field, key), key, 'duplicate of key present in binaryData'));
      size += typeof value === 'string' ? (field === 'data' ? Buffer.byteLength(value) : Math.floor(value.length * 3 / 4)) : 0;
    }
  }
  if (size > MAX_CONFIG_MAP_BYTES) errors.push({ path: '', rule: `Too long: may not be more than ${MAX_CONFIG_MAP_BYTES} bytes` });
  return errors;
}

/** core ValidateNamespace: each spec.finalizers entry through validateFinalizerName, reported at spec.finalizers without an index. */
function namespace(object: Json): FieldError[] {
  const finalizers = record(object.spec)?.finalizers;
  return (Array.isArray(finalizers) ? finalizers : []).filter((finalizer): finalizer is string => typeof finalizer === 'string')
    .flatMap((finalizer) => [...finalizerNameErrors(finalizer, 'spec.finalizers'), ...kubeFinalizerErrors(finalizer, 'spec.finalizers')]);
}

/** The bytes of a Secret's data (base64) and stringData (merged into data before validation), by key. */
function secretData(object: Json): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const [key, value] of Object.entries(record(object.data) ?? {})) sizes.set(key, typeof value === 'string' ? Buffer.from(value, 'base64').length : 0);
  for (const [key, value] of Object.entries(record(object.stringData) ?? {})) sizes.set(key, typeof value === 'string' ? Buffer.byteLength(value) : 0);
  return sizes;
}

/** The bytes of a Secret's key as the API server holds them: stringData over data (base64-decoded). */
function secretBytes(object: Json, key: string): Buffer | undefined {
  const text = record(object.stringData)?.[key];
  if (typeof text === 'string') return Buffer.from(text);
  const encoded = record(object.data)?.[key];
  return typeof encoded === 'string' ? Buffer.from(encoded, 'base64') : undefined;
}

/** The docker config key whose content must decode as a JSON object, per Secret type. */
const DOCKER_CONFIG_KEYS: Readonly<Record<string, string>> = { 'kubernetes.io/dockercfg': '.dockercfg', 'kubernetes.io/dockerconfigjson': '.dockerconfigjson' };

/** The keys each Secret type needs (ValidateSecret). */
const SECRET_TYPE_KEYS: Readonly<Record<string, readonly string[]>> = {
  'kubernetes.io/dockercfg': ['.dockercfg'], 'kubernetes.io/dockerconfigjson': ['.dockerconfigjson'], 'kubernetes.io/tls': ['tls.crt', 'tls.key'],
};

/** core ValidateSecret: key syntax, at most 1 MiB, the keys or annotation its type needs, docker config that is a JSON object. */
function secret(object: Json): FieldError[] {
  const errors: FieldError[] = [];
  const data = secretData(object);
  let size = 0;
  for (const [key, bytes] of data) {
    const error = configMapKeyError(key);
    if (error) errors.push(invalid(indexPath('data', key), key, error));
    size += bytes;
  }
  if (size > MAX_CONFIG_MAP_BYTES) errors.push({ path: 'data', rule: `Too long: may not be more than ${MAX_CONFIG_MAP_BYTES} bytes` });
  const type = object.type;
  if (type === 'kubernetes.io/service-account-token' && !record(record(object.metadata)?.annotations)?.['kubernetes.io/service-account.name']) {
    errors.push(required('metadata.annotations[kubernetes.io/service-account.name]'));
  }
  for (const key of SECRET_TYPE_KEYS[String(type)] ?? []) if (!data.has(key)) errors.push(required(indexPath('data', key)));
  const dockerConfig = DOCKER_CONFIG_KEYS[String(type)];
  const dockerConfigBytes = dockerConfig ? secretBytes(object, dockerConfig) : undefined;
  const jsonError = dockerConfigBytes && goJsonObjectError(dockerConfigBytes);
  if (jsonError) errors.push(invalid(indexPath('data', dockerConfig), '<secret contents redacted>', jsonError));
  if (type === 'kubernetes.io/basic-auth' && !data.has('username') && !data.has('password')) {
    errors.push(required('data[username]'), required('data[password]'));
  }
  if (type === 'kubernetes.io/ssh-auth' && !data.get('ssh-privatekey')) errors.push(required('data[ssh-privatekey]'));
  return errors;
}

const RULES: Readonly<Record<string, (object: Json) => FieldError[]>> = {
  'v1/Secret': secret,
  'apps/v1/Deployment': deployment,
  'v1/Service': validateService,
  'networking.k8s.io/v1/NetworkPolicy': networkPolicy,
  'policy/v1/PodDisruptionBudget': podDisruptionBudget,
  'v1/ConfigMap': configMap,
  'v1/Namespace': namespace,
};

/** The Go-side rules for one core kind; kinds this project does not render get none beyond their schema. */
export function checkCoreRules(object: Json, apiVersion: string, kind: string): FieldError[] {
  return RULES[`${apiVersion}/${kind}`]?.(object) ?? [];
}
