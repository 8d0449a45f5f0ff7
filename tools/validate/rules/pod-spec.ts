// Pod-level fields of a pod template: Kubernetes v1.33 ValidatePodSpec's own checks and ValidateTolerations,
// validatePodDNSConfig, validateSchedulingGates and validateSeccompProfileField.
import { childPath, indexPath } from '../field-path';
import { checkLabels, DNS1123_SUBDOMAIN, qualifiedNameError, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { validateAffinity } from './affinity';
import { duplicate, forbidden, invalid, type Json, nonEmptyString, notSupported, record, records, required, subdomainErrors } from './common';
import { dnsLabel } from './container';
import { validateAppArmorProfile, validateSeccompProfile } from './pod';
import { validateLinux, validateSELinuxChangePolicy, validateWindows, validateWindowsHostProcessPod, validateWindowsSecurityContextOptions } from './pod-os';

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const LABEL_VALUE_MESSAGE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
const EFFECTS = ['NoSchedule', 'PreferNoSchedule', 'NoExecute'];

/** ValidateTolerations with validateTaintEffect. */
export function validateTolerations(list: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  records(list).forEach((toleration, index) => {
    const at = indexPath(path, index);
    const key = typeof toleration.key === 'string' ? toleration.key : '';
    const operator = toleration.operator ?? '';
    const value = typeof toleration.value === 'string' ? toleration.value : '';
    const keyError = key ? qualifiedNameError(key) : undefined;
    if (keyError) errors.push(invalid(childPath(at, 'key'), key, keyError));
    if (!key && operator !== 'Exists') errors.push(invalid(childPath(at, 'operator'), operator, 'operator must be Exists when `key` is empty, which means "match all values and all keys"'));
    if (toleration.tolerationSeconds !== undefined && toleration.tolerationSeconds !== null && toleration.effect !== 'NoExecute') {
      errors.push(invalid(childPath(at, 'effect'), toleration.effect ?? '', "effect must be 'NoExecute' when `tolerationSeconds` is set"));
    }
    if (operator === 'Equal' || operator === '') {
      if (value.length > 63 || !LABEL_VALUE.test(value)) errors.push(invalid(childPath(at, 'operator'), value, value.length > 63 ? 'must be no more than 63 characters' : LABEL_VALUE_MESSAGE));
    } else if (operator === 'Exists') {
      if (value) errors.push(invalid(childPath(at, 'operator'), value, "value must be empty when `operator` is 'Exists'"));
    } else {
      errors.push(notSupported(childPath(at, 'operator'), operator, ['Equal', 'Exists']));
    }
    if (nonEmptyString(toleration.effect) && !EFFECTS.includes(toleration.effect)) errors.push(notSupported(childPath(at, 'effect'), toleration.effect, EFFECTS));
  });
  return errors;
}

const SUBDOMAIN_WITH_UNDERSCORE = /^_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*$/;
const SUBDOMAIN_WITH_UNDERSCORE_MESSAGE = "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')";

/** ValidateDNS1123SubdomainWithUnderScore. */
function subdomainWithUnderscoreErrors(value: string, path: string): FieldError[] {
  const errors = value.length > 253 ? [invalid(path, value, 'must be no more than 253 characters')] : [];
  return SUBDOMAIN_WITH_UNDERSCORE.test(value) ? errors : [...errors, invalid(path, value, SUBDOMAIN_WITH_UNDERSCORE_MESSAGE)];
}

/** validatePodDNSConfig: a config with nameservers for dnsPolicy None, at most 3 nameservers and 32 searches of 2048 characters. */
export function validatePodDNSConfig(spec: Json, path: string): FieldError[] {
  const config = record(spec.dnsConfig);
  const at = childPath(path, 'dnsConfig');
  const nameservers = Array.isArray(config?.nameservers) ? config.nameservers : [];
  if (spec.dnsPolicy === 'None') {
    if (!config) return [required(at, 'must provide `dnsConfig` when `dnsPolicy` is None')];
    if (nameservers.length === 0) return [required(childPath(at, 'nameservers'), 'must provide at least one DNS nameserver when `dnsPolicy` is None')];
  }
  if (!config) return [];
  const errors: FieldError[] = [];
  if (nameservers.length > 3) errors.push(invalid(childPath(at, 'nameservers'), nameservers, 'must not have more than 3 nameservers'));
  const searches = Array.isArray(config.searches) ? config.searches : [];
  if (searches.length > 32) errors.push(invalid(childPath(at, 'searches'), searches, 'must not have more than 32 search paths'));
  if (searches.join(' ').length > 2048) errors.push(invalid(childPath(at, 'searches'), searches, 'must not have more than 2048 characters (including spaces) in the search list'));
  // RelaxedDNSSearchValidation is on in 1.33: "." passes, one trailing dot is dropped, underscores are allowed
  searches.forEach((search, index) => {
    if (typeof search !== 'string' || search === '.') return;
    errors.push(...subdomainWithUnderscoreErrors(search.endsWith('.') ? search.slice(0, -1) : search, indexPath(childPath(at, 'searches'), index)));
  });
  records(config.options).forEach((option, index) => {
    if (!nonEmptyString(option.name)) errors.push(required(indexPath(childPath(at, 'options'), index), 'must not be empty'));
  });
  return errors;
}


const SYSCTL_NAME = /^([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?$/;
const MAX_ID = 2147483647;
const idRange = (value: unknown, path: string): FieldError[] =>
  (typeof value === 'number' && (value < 0 || value > MAX_ID) ? [invalid(path, value, `must be between 0 and ${MAX_ID}, inclusive`)] : []);

/** utilsysctl.GetNamespace: the namespace a sysctl belongs to (net, ipc) or none. */
function sysctlNamespace(name: string): 'net' | 'ipc' | undefined {
  if (name.startsWith('net.')) return 'net';
  if (/^(kernel\.(shm|msg)|kernel\.sem$|fs\.mqueue\.)/.test(name)) return 'ipc';
  return undefined;
}

/** validatePodSpecSecurityContext's id ranges, shareProcessNamespace with hostPID, and validateSysctls with ValidateHostSysctl. */
export function validatePodSecurityContext(spec: Json, path: string): FieldError[] {
  // The internal PodSecurityContext also holds the pod's hostPID and shareProcessNamespace, hence the error path.
  const context = record(spec.securityContext) ?? {};
  const at = childPath(path, 'securityContext');
  const errors = [...idRange(context.fsGroup, childPath(at, 'fsGroup')), ...idRange(context.runAsUser, childPath(at, 'runAsUser')),
    ...idRange(context.runAsGroup, childPath(at, 'runAsGroup'))];
  (Array.isArray(context.supplementalGroups) ? context.supplementalGroups : []).forEach((gid, index) => {
    errors.push(...idRange(gid, indexPath(childPath(at, 'supplementalGroups'), index)));
  });
  if (spec.shareProcessNamespace === true && spec.hostPID === true) {
    errors.push(invalid(childPath(at, 'shareProcessNamespace'), true, 'ShareProcessNamespace and HostPID cannot both be enabled'));
  }
  const names = new Set<unknown>();
  records(context.sysctls).forEach((sysctl, index) => {
    const namePath = childPath(indexPath(childPath(at, 'sysctls'), index), 'name');
    const name = typeof sysctl.name === 'string' ? sysctl.name : '';
    if (!name) errors.push(required(namePath));
    else if (name.length > 253 || !SYSCTL_NAME.test(name)) errors.push(invalid(namePath, name, `must have at most 253 characters and match regex ${SYSCTL_NAME.source.slice(1, -1)}`));
    else if (names.has(name)) errors.push(duplicate(namePath, name));
    const namespace = sysctlNamespace(name);
    if (spec.hostNetwork === true && namespace === 'net') errors.push(invalid(namePath, name, "may not be specified when 'hostNetwork' is true"));
    else if (spec.hostIPC === true && namespace === 'ipc') errors.push(invalid(namePath, name, "may not be specified when 'hostIPC' is true"));
    names.add(name);
  });
  errors.push(...validateWindowsSecurityContextOptions(context.windowsOptions, childPath(at, 'windowsOptions')));
  errors.push(...validateSELinuxChangePolicy(context.seLinuxChangePolicy, childPath(at, 'seLinuxChangePolicy')));
  return errors;
}

const subdomain = (value: unknown, path: string): FieldError[] =>
  (nonEmptyString(value) && !(value.length <= 253 && DNS1123_SUBDOMAIN.test(value)) ? [invalid(path, value, SUBDOMAIN_MESSAGE)] : []);

/** validateRestartPolicy, validateDNSPolicy and ValidatePreemptionPolicy: a known value, listed in upstream's order (not the OpenAPI enum's sorted one). */
function validatePolicies(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const dnsPolicies = ['ClusterFirstWithHostNet', 'ClusterFirst', 'Default', 'None'];
  if (typeof spec.dnsPolicy === 'string' && spec.dnsPolicy !== '' && !dnsPolicies.includes(spec.dnsPolicy)) {
    errors.push(notSupported(childPath(path, 'dnsPolicy'), spec.dnsPolicy, dnsPolicies));
  }
  // validateRestartPolicy ("" is defaulted to Always first)
  const restartPolicies = ['Always', 'OnFailure', 'Never'];
  if (typeof spec.restartPolicy === 'string' && spec.restartPolicy !== '' && !restartPolicies.includes(spec.restartPolicy)) {
    errors.push(notSupported(childPath(path, 'restartPolicy'), spec.restartPolicy, restartPolicies));
  }
  const preemptionPolicies = ['PreemptLowerPriority', 'Never'];
  if (spec.preemptionPolicy === '') {
    errors.push(required(childPath(path, 'preemptionPolicy')));
  } else if (typeof spec.preemptionPolicy === 'string' && !preemptionPolicies.includes(spec.preemptionPolicy)) {
    errors.push(notSupported(childPath(path, 'preemptionPolicy'), spec.preemptionPolicy, preemptionPolicies));
  }
  return errors;
}

/** validateHostUsers: no host network, PID or IPC namespace beside a user namespace (upstream capitalises two paths). */
function validateHostUsers(spec: Json, path: string): FieldError[] {
  if (spec.hostUsers !== false) return [];
  const fields: ReadonlyArray<readonly [string, string]> = [['hostNetwork', 'hostNetwork'], ['hostPID', 'HostPID'], ['hostIPC', 'HostIPC']];
  return fields.filter(([field]) => spec[field] === true).map(([, reported]) => forbidden(childPath(path, reported), 'when `pod.Spec.HostUsers` is false'));
}

/** validateOS: a name, linux or windows; then validateLinux or validateWindows for a valid one. */
function validateOS(spec: Json, path: string): FieldError[] {
  const os = record(spec.os);
  if (!os) return [];
  if (!nonEmptyString(os.name)) return [required(childPath(childPath(path, 'os'), 'name'), 'cannot be empty')];
  if (os.name === 'linux') return validateLinux(spec, path);
  return os.name === 'windows' ? validateWindows(spec, path) : [notSupported(childPath(path, 'os'), os.name, ['linux', 'windows'])];
}

/** ValidatePodSpec's own field checks. */
export function validatePodSpecFields(spec: Json, path: string): FieldError[] {
  const errors = checkLabels(spec.nodeSelector, childPath(path, 'nodeSelector'));
  errors.push(...subdomain(spec.serviceAccountName, childPath(path, 'serviceAccountName')));
  errors.push(...subdomain(spec.nodeName, childPath(path, 'nodeName')));
  errors.push(...subdomain(spec.priorityClassName, childPath(path, 'priorityClassName')));
  // ValidateRuntimeClassName: an explicit "" is refused too
  if (typeof spec.runtimeClassName === 'string') errors.push(...subdomainErrors(spec.runtimeClassName, childPath(path, 'runtimeClassName')));
  const deadline = spec.activeDeadlineSeconds;
  if (typeof deadline === 'number' && (deadline < 1 || deadline > 2147483647)) {
    errors.push(invalid(childPath(path, 'activeDeadlineSeconds'), deadline, 'must be between 1 and 2147483647, inclusive'));
  }
  for (const field of ['hostname', 'subdomain']) if (nonEmptyString(spec[field])) errors.push(...dnsLabel(spec[field], childPath(path, field)));
  errors.push(...validateTolerations(spec.tolerations, childPath(path, 'tolerations')));
  errors.push(...validateAffinity(spec.affinity, childPath(path, 'affinity')));
  errors.push(...validatePodDNSConfig(spec, path));
  const gates = new Set<unknown>();
  records(spec.schedulingGates).forEach((gate, index) => {
    const at = indexPath(childPath(path, 'schedulingGates'), index);
    const error = typeof gate.name === 'string' ? qualifiedNameError(gate.name) : undefined;
    if (error) errors.push(invalid(at, gate.name, error));
    if (gates.has(gate.name)) errors.push(duplicate(at, gate.name));
    gates.add(gate.name);
  });
  errors.push(...validateOS(spec, path));
  errors.push(...validateWindowsHostProcessPod(spec, path));
  errors.push(...validatePolicies(spec, path));
  errors.push(...validateHostUsers(spec, path));
  errors.push(...validatePodSecurityContext(spec, path));
  errors.push(...validateSeccompProfile(record(spec.securityContext)?.seccompProfile, childPath(childPath(path, 'securityContext'), 'seccompProfile')));
  errors.push(...validateAppArmorProfile(record(spec.securityContext)?.appArmorProfile, childPath(childPath(path, 'securityContext'), 'appArmorProfile')));
  return errors;
}
