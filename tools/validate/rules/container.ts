// A pod template's containers and init containers: Kubernetes v1.33 pkg/apis/core/validation/validation.go
// (validateContainers, validateInitContainers, validateContainerCommon and the checks they call).
import { compareQuantities } from '../../../lib/core/validate-props';
import { childPath, indexPath } from '../field-path';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_MESSAGE, qualifiedNameError, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import {
  duplicate, forbidden, invalid, type Json, nonEmptyString, nonNegative, notSupported, portNameError, portNumber, portNumberOrName, record, records,
  required,
} from './common';
import { fractionalByteWarnings, validateEnvVarValueFrom, validateHandler, validateProbe, validateSecurityContext } from './pod';
import { canonicalQuantity, isWholeQuantity, quantityValue, readQuantity } from './quantity';

/** What every container's checks need to know of its pod. */
export interface PodContext {
  /** The pod's volumes that passed their own validation, by name (upstream's `vols`). */
  readonly volumes: ReadonlyMap<string, Json>;
  readonly hostUsers: boolean;
  /** spec.terminationGracePeriodSeconds after defaulting (30). */
  readonly gracePeriod: number;
}

export function dnsLabel(value: unknown, path: string): FieldError[] {
  return typeof value === 'string' && !(value.length <= 63 && DNS1123_LABEL.test(value)) ? [invalid(path, value, LABEL_MESSAGE)] : [];
}

/** validateContainerPorts: a containerPort (Required when 0), a hostPort in range, unique IANA names. */
function containerPorts(list: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  records(list).forEach((port, index) => {
    const at = indexPath(path, index);
    if (typeof port.name === 'string' && port.name) {
      const error = portNameError(port.name);
      if (error) errors.push(invalid(childPath(at, 'name'), port.name, error));
      else if (names.has(port.name)) errors.push(duplicate(childPath(at, 'name'), port.name));
      names.add(port.name);
    }
    if (port.containerPort === undefined || port.containerPort === 0 || port.containerPort === null) errors.push(required(childPath(at, 'containerPort')));
    else errors.push(...portNumber(port.containerPort, childPath(at, 'containerPort')));
    if (typeof port.hostPort === 'number' && port.hostPort !== 0) errors.push(...portNumber(port.hostPort, childPath(at, 'hostPort')));
  });
  return errors;
}

const isSet = (value: unknown) => value !== undefined && value !== null;
const text = (value: unknown) => (typeof value === 'string' ? value : '');

/**
 * ValidateVolumeMounts: each names a valid volume of the pod, with a mountPath, at most once per path, apart from the
 * volumeDevices; a Bidirectional propagation only in a privileged container (validateMountPropagation) and a recursive
 * read-only mount only read-only (validateMountRecursiveReadOnly), both reported at the list as upstream does.
 */
function volumeMounts(container: Json, volumes: ReadonlyMap<string, Json>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const paths = new Set<string>();
  const devices = records(container.volumeDevices);
  records(container.volumeMounts).forEach((mount, index) => {
    const at = indexPath(path, index);
    const name = text(mount.name);
    const mountPath = text(mount.mountPath);
    if (!name) errors.push(required(childPath(at, 'name')));
    if (!volumes.has(name)) errors.push({ path: childPath(at, 'name'), rule: `Not found: ${JSON.stringify(name)}` });
    if (!mountPath) errors.push(required(childPath(at, 'mountPath')));
    if (paths.has(mountPath)) errors.push(invalid(childPath(at, 'mountPath'), mountPath, 'must be unique'));
    paths.add(mountPath);
    if (devices.some((device) => text(device.name) === name)) errors.push(invalid(childPath(at, 'name'), name, 'must not already exist in volumeDevices'));
    if (devices.some((device) => text(device.devicePath) === mountPath)) {
      errors.push(invalid(childPath(at, 'mountPath'), mountPath, 'must not already exist as a path in volumeDevices'));
    }
    if (nonEmptyString(mount.subPath) && nonEmptyString(mount.subPathExpr)) {
      errors.push(invalid(childPath(at, 'subPathExpr'), mount.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
    }
    if (mount.mountPropagation === 'Bidirectional' && record(container.securityContext)?.privileged !== true) {
      errors.push(forbidden(childPath(path, 'mountPropagation'), 'Bidirectional mount propagation is available only to privileged containers'));
    }
    errors.push(...validateMountRecursiveReadOnly(mount, childPath(path, 'recursiveReadOnly')));
  });
  return errors;
}

/** validateMountRecursiveReadOnly (RecursiveReadOnlyMounts is GA in 1.33). */
function validateMountRecursiveReadOnly(mount: Json, path: string): FieldError[] {
  const value = mount.recursiveReadOnly;
  if (!isSet(value) || value === 'Disabled') return [];
  if (value !== 'Enabled' && value !== 'IfPossible') return [notSupported(path, value, ['Disabled', 'Enabled', 'IfPossible'])];
  const errors: FieldError[] = [];
  if (mount.readOnly !== true) errors.push(forbidden(path, 'may only be specified when readOnly is true'));
  if (isSet(mount.mountPropagation) && mount.mountPropagation !== 'None') errors.push(forbidden(path, 'may only be specified when mountPropagation is None or not specified'));
  return errors;
}

/** ValidateVolumeDevices: each names a PVC or ephemeral volume once, at a unique devicePath without backsteps, apart from the mounts. */
function volumeDevices(container: Json, volumes: ReadonlyMap<string, Json>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set<string>();
  const devicePaths = new Set<string>();
  const mounts = records(container.volumeMounts);
  records(container.volumeDevices).forEach((device, index) => {
    const at = indexPath(path, index);
    const name = text(device.name);
    const devicePath = text(device.devicePath);
    const volume = volumes.get(name);
    if (!name) errors.push(required(childPath(at, 'name')));
    if (names.has(name)) errors.push(invalid(childPath(at, 'name'), name, 'must be unique'));
    if (volume && !record(volume.persistentVolumeClaim) && !record(volume.ephemeral)) {
      errors.push(invalid(childPath(at, 'name'), name, 'can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode'));
    }
    if (!volume) errors.push({ path: childPath(at, 'name'), rule: `Not found: ${JSON.stringify(name)}` });
    if (!devicePath) errors.push(required(childPath(at, 'devicePath')));
    if (devicePaths.has(devicePath)) errors.push(invalid(childPath(at, 'devicePath'), devicePath, 'must be unique'));
    if (devicePath && devicePath.split('/').includes('..')) errors.push(invalid(childPath(at, 'devicePath'), devicePath, "can not contain backsteps ('..')"));
    else devicePaths.add(devicePath);
    if (mounts.some((mount) => text(mount.name) === name)) errors.push(invalid(childPath(at, 'name'), name, 'must not already exist in volumeMounts'));
    if (mounts.some((mount) => text(mount.mountPath) === devicePath)) {
      errors.push(invalid(childPath(at, 'devicePath'), devicePath, 'must not already exist as a path in volumeMounts'));
    }
    if (name) names.add(name);
  });
  return errors;
}

const isHugePages = (name: string) => name.startsWith('hugepages-');
/** helper.IsNativeResource: no domain, or a kubernetes.io one. */
const isNative = (name: string) => !name.includes('/') || name.includes('kubernetes.io/');
/** helper.IsExtendedResourceName: what ValidateResourceQuantityValue holds to whole numbers here. */
const isExtended = (name: string) => !isNative(name) && !name.startsWith('requests.') && qualifiedNameError(`requests.${name}`) === undefined;

/** validateResourceQuantityHugePageValue: a whole multiple of the page size the name gives. */
function hugePageError(name: string, value: unknown): string | undefined {
  const quantity = readQuantity(value);
  const page = readQuantity(name.slice('hugepages-'.length));
  const pageBytes = page && !page.negative && page.coefficient !== 0n && isWholeQuantity(page) ? quantityValue(page) : undefined;
  if (!quantity || (pageBytes !== undefined && quantityValue(quantity) % pageBytes === 0n)) return undefined;
  return `${canonicalQuantity(value)} is not positive integer multiple of ${name}`;
}

/** ValidateNonnegativeQuantity and ValidateResourceQuantityValue: not negative, whole for an extended resource (Go quotes the Quantity struct there). */
function quantityErrors(name: string, value: unknown, path: string): FieldError[] {
  const quantity = readQuantity(value);
  if (!quantity) return [];
  const errors = quantity.negative ? [invalid(path, canonicalQuantity(value), 'must be greater than or equal to 0')] : [];
  if (isExtended(name) && !isWholeQuantity(quantity)) errors.push(invalid(path, canonicalQuantity(value), 'must be an integer'));
  if (isHugePages(name)) {
    const error = hugePageError(name, value);
    if (error) errors.push(invalid(path, canonicalQuantity(value), error));
  }
  return errors;
}

/**
 * validateResourceRequirements: valid quantities, a request never above its limit, equal to it for a resource that
 * cannot be overcommitted (extended resources, hugepages) which then needs a limit, hugepages only beside cpu or memory.
 */
function resources(value: unknown, path: string): FieldError[] {
  const requirements = record(value);
  if (!requirements) return [];
  const errors: FieldError[] = [];
  const limits = record(requirements.limits) ?? {};
  const requests = record(requirements.requests) ?? {};
  const limPath = childPath(path, 'limits');
  const reqPath = childPath(path, 'requests');
  for (const [name, quantity] of Object.entries(limits)) errors.push(...quantityErrors(name, quantity, indexPath(limPath, name)));
  for (const [name, request] of Object.entries(requests)) {
    errors.push(...quantityErrors(name, request, indexPath(reqPath, name)));
    const requested = readQuantity(request);
    const limit = readQuantity(limits[name]);
    const overcommit = isNative(name) && !isHugePages(name);
    if (requested && limit) {
      const order = compareQuantities(requested, limit);
      const limitText = `${name} limit of ${canonicalQuantity(limits[name])}`;
      if (order !== 0 && !overcommit) errors.push(invalid(reqPath, canonicalQuantity(request), `must be equal to ${limitText}`));
      else if (order > 0) errors.push(invalid(reqPath, canonicalQuantity(request), `must be less than or equal to ${limitText}`));
    } else if (!(name in limits) && !overcommit) {
      errors.push(required(limPath, 'Limit must be set for non overcommitable resources'));
    }
  }
  const names = [...Object.keys(limits), ...Object.keys(requests)];
  if (names.some(isHugePages) && !names.some((name) => name === 'cpu' || name === 'memory')) errors.push(forbidden(path, 'HugePages require cpu or memory'));
  return errors;
}

const HTTP_HEADER_NAME = /^[-A-Za-z0-9]+$/;

/** validateProbe and its handlers (validateExecAction, validateHTTPGetAction), with the kind's own rule. */
function probeRules(value: unknown, path: string, kind: 'liveness' | 'readiness' | 'startup'): FieldError[] {
  const probe = record(value);
  if (!probe) return [];
  const errors = validateProbe(probe, path);
  for (const field of ['initialDelaySeconds', 'timeoutSeconds', 'periodSeconds', 'successThreshold', 'failureThreshold']) {
    errors.push(...nonNegative(probe[field], childPath(path, field)));
  }
  errors.push(...handlerActions(probe, path));
  const threshold = probe.successThreshold;
  // validateLivenessProbe and validateStartupProbe; 0 is defaulted to 1 first.
  if (kind !== 'readiness' && typeof threshold === 'number' && threshold !== 0 && threshold !== 1) {
    errors.push(invalid(childPath(path, 'successThreshold'), threshold, 'must be 1'));
  }
  if (kind === 'readiness' && probe.terminationGracePeriodSeconds !== undefined && probe.terminationGracePeriodSeconds !== null) {
    errors.push(invalid(childPath(path, 'terminationGracePeriodSeconds'), probe.terminationGracePeriodSeconds, 'must not be set for readinessProbes'));
  }
  return errors;
}

/** validateExecAction, validateHTTPGetAction (path and scheme are defaulted first), ports of the others. */
function handlerActions(handler: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const exec = record(handler.exec);
  if (exec && !(Array.isArray(exec.command) && exec.command.length > 0)) errors.push(required(childPath(childPath(path, 'exec'), 'command')));
  const httpGet = record(handler.httpGet);
  for (const header of records(httpGet?.httpHeaders)) {
    if (typeof header.name === 'string' && !HTTP_HEADER_NAME.test(header.name)) {
      errors.push(invalid(childPath(childPath(path, 'httpGet'), 'httpHeaders'), header.name,
        "a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')"));
    }
  }
  for (const type of ['httpGet', 'tcpSocket', 'grpc']) {
    const port = record(handler[type])?.port;
    if (port !== undefined) errors.push(...portNumberOrName(port, childPath(childPath(path, type), 'port')));
  }
  return errors;
}

/** validateLifecycle: one handler per hook, and a sleep within the pod's grace period (validateSleepAction). */
function lifecycle(value: unknown, path: string, gracePeriod: number): FieldError[] {
  const errors: FieldError[] = [];
  for (const hook of ['postStart', 'preStop']) {
    const handler = record(record(value)?.[hook]);
    if (!handler) continue;
    const at = childPath(path, hook);
    errors.push(...validateHandler(handler, at), ...handlerActions(handler, at));
    const seconds = record(handler.sleep)?.seconds;
    if (typeof seconds === 'number' && (seconds < 0 || seconds > gracePeriod)) {
      errors.push(invalid(childPath(at, 'sleep'), seconds, `must be non-negative and less than terminationGracePeriodSeconds (${gracePeriod})`));
    }
  }
  return errors;
}

const RELAXED_ENV_NAME = /^[\x20-\x3c\x3e-\x7e]+$/;
const RELAXED_ENV_MESSAGE = "a valid environment variable name must consist only of printable ASCII characters other than '='";

/** ValidateEnvFrom: a prefix that is a valid name, one source named as a ConfigMap or Secret is (generateName rules). */
function envFrom(list: unknown, path: string): FieldError[] {
  const errors: FieldError[] = [];
  records(list).forEach((source, index) => {
    const at = indexPath(path, index);
    if (typeof source.prefix === 'string' && source.prefix && !RELAXED_ENV_NAME.test(source.prefix)) errors.push(invalid(childPath(at, 'prefix'), source.prefix, RELAXED_ENV_MESSAGE));
    const references = (['configMapRef', 'secretRef'] as const).filter((field) => record(source[field]));
    for (const field of references) {
      const name = record(source[field])?.name;
      // the name is checked as a prefix (maskTrailingDash), as upstream passes prefix=true
      const masked = typeof name === 'string' && name.length > 1 && name.endsWith('-') ? name.slice(0, -1) : name;
      if (typeof name !== 'string' || !name) errors.push(required(childPath(childPath(at, field), 'name')));
      else if (!(String(masked).length <= 253 && DNS1123_SUBDOMAIN.test(String(masked)))) errors.push(invalid(childPath(childPath(at, field), 'name'), name, SUBDOMAIN_MESSAGE));
    }
    if (references.length === 0) errors.push(invalid(path, '', 'must specify one of: `configMapRef` or `secretRef`'));
    else if (references.length > 1) errors.push(invalid(path, '', 'may not have more than one field specified at a time'));
  });
  return errors;
}

/** validateContainerCommon: name, image, ports, mounts, resources, env, security context. */
function containerCommon(container: Json, at: string, pod: PodContext): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof container.name !== 'string' || !container.name) errors.push(required(childPath(at, 'name')));
  else errors.push(...dnsLabel(container.name, childPath(at, 'name')));
  // a pod template's image may be blank (" "): only a Pod's containers are trimmed (validateContainerOnlyForPod)
  if (!nonEmptyString(container.image)) errors.push(required(childPath(at, 'image')));
  const policy = container.terminationMessagePolicy;
  if (isSet(policy) && policy !== 'File' && policy !== 'FallbackToLogsOnError') {
    errors.push(notSupported(childPath(at, 'terminationMessagePolicy'), policy, ['File', 'FallbackToLogsOnError']));
  }
  errors.push(...containerPorts(container.ports, childPath(at, 'ports')));
  errors.push(...volumeMounts(container, pod.volumes, childPath(at, 'volumeMounts')));
  errors.push(...volumeDevices(container, pod.volumes, childPath(at, 'volumeDevices')));
  errors.push(...resources(container.resources, childPath(at, 'resources')));
  errors.push(...fractionalByteWarnings(container.resources, childPath(at, 'resources')));
  records(container.env).forEach((variable, index) => {
    const envPath = indexPath(childPath(at, 'env'), index);
    if (typeof variable.name !== 'string' || !variable.name) {errors.push(required(childPath(envPath, 'name')));}
    // RelaxedEnvironmentVariableValidation (on by default in 1.33): any printable ASCII but '='.
    else if (!RELAXED_ENV_NAME.test(variable.name)) {errors.push(invalid(childPath(envPath, 'name'), variable.name, RELAXED_ENV_MESSAGE));}
    errors.push(...validateEnvVarValueFrom(variable, childPath(envPath, 'valueFrom')));
  });
  errors.push(...envFrom(container.envFrom, childPath(at, 'envFrom')));
  const securityContext = record(container.securityContext);
  if (securityContext) errors.push(...validateSecurityContext(securityContext, childPath(at, 'securityContext'), pod.hostUsers));
  return errors;
}

const PROBES = [['livenessProbe', 'liveness'], ['readinessProbe', 'readiness'], ['startupProbe', 'startup']] as const;
const INIT_ONLY_WITH_ALWAYS = 'may not be set for init containers without restartPolicy=Always';

/** AccumulateUniqueHostPorts: a protocol/hostIP/hostPort used once among `containers`, reported below `path` as upstream indexes them. */
function accumulateUniqueHostPorts(containers: readonly Json[], path: string, used: Set<string>): FieldError[] {
  const errors: FieldError[] = [];
  containers.forEach((container, index) => {
    records(container.ports).forEach((port, portIndex) => {
      if (typeof port.hostPort !== 'number' || port.hostPort === 0) return;
      const key = `${text(port.protocol) || 'TCP'}/${text(port.hostIP)}/${port.hostPort}`;
      if (used.has(key)) errors.push(duplicate(childPath(indexPath(childPath(indexPath(path, index), 'ports'), portIndex), 'hostPort'), key));
      used.add(key);
    });
  });
  return errors;
}

/** validatePodHostNetworkDeps: on the host network a container's hostPort, when set, is its containerPort (a template may leave it 0). */
function validatePodHostNetworkDeps(spec: Json, path: string): FieldError[] {
  if (spec.hostNetwork !== true) return [];
  const errors: FieldError[] = [];
  records(spec.containers).forEach((container, index) => {
    records(container.ports).forEach((port, portIndex) => {
      if (typeof port.hostPort === 'number' && port.hostPort !== 0 && port.hostPort !== port.containerPort) {
        errors.push(invalid(`${indexPath(childPath(path, 'containers'), index)}.ports[${portIndex}].hostPort`, port.hostPort, 'must match `containerPort` when `hostNetwork` is true'));
      }
    });
  });
  return errors;
}

/** validateContainers and validateInitContainers: names unique across both, what each kind of container may set. */
export function validateContainers(spec: Json, path: string, pod: PodContext): FieldError[] {
  const errors: FieldError[] = [];
  const regular = records(spec.containers);
  if (regular.length === 0) errors.push(required(childPath(path, 'containers')));
  const names = new Set<unknown>();
  regular.forEach((container, index) => {
    const at = indexPath(childPath(path, 'containers'), index);
    errors.push(...containerCommon(container, at, pod));
    if (names.has(container.name)) errors.push(duplicate(childPath(at, 'name'), container.name));
    else if (container.name) names.add(container.name);
    if (container.restartPolicy !== undefined) errors.push(forbidden(childPath(at, 'restartPolicy'), 'may not be set for non-init containers'));
    errors.push(...lifecycle(container.lifecycle, childPath(at, 'lifecycle'), pod.gracePeriod));
    for (const [field, kind] of PROBES) errors.push(...probeRules(container[field], childPath(at, field), kind));
  });
  errors.push(...accumulateUniqueHostPorts(regular, childPath(path, 'containers'), new Set()));
  records(spec.initContainers).forEach((container, index) => {
    const at = indexPath(childPath(path, 'initContainers'), index);
    errors.push(...containerCommon(container, at, pod));
    // validateInitContainerRestartPolicy
    if (isSet(container.restartPolicy) && container.restartPolicy !== 'Always') errors.push(notSupported(childPath(at, 'restartPolicy'), container.restartPolicy, ['Always']));
    if (names.has(container.name)) errors.push(duplicate(childPath(at, 'name'), container.name));
    else if (container.name) names.add(container.name);
    // init containers run one by one, so each is checked alone (and upstream reports it as the list's first)
    errors.push(...accumulateUniqueHostPorts([container], childPath(path, 'initContainers'), new Set()));
    if (container.restartPolicy === 'Always') {
      errors.push(...lifecycle(container.lifecycle, childPath(at, 'lifecycle'), pod.gracePeriod));
      for (const [field, kind] of PROBES) errors.push(...probeRules(container[field], childPath(at, field), kind));
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (container[field] !== undefined && container[field] !== null) errors.push(forbidden(childPath(at, field), INIT_ONLY_WITH_ALWAYS));
      }
    }
  });
  errors.push(...validateEphemeralContainers(spec, path, pod));
  errors.push(...validatePodHostNetworkDeps(spec, path));
  return errors;
}

// EphemeralContainerCommon's fields that allowedEphemeralContainerFields leaves out, in the struct's order.
const EPHEMERAL_FORBIDDEN = ['ports', 'resources', 'resizePolicy', 'restartPolicy', 'livenessProbe', 'readinessProbe', 'startupProbe', 'lifecycle'];
const EPHEMERAL_ONLY = 'cannot be set for an Ephemeral Container';

/**
 * Go's reflect.DeepEqual with the field's zero value: `resources` is a struct (zero when nothing in it is set); the
 * others are pointers or lists, set as soon as they are given (an empty list or object included).
 */
function isZero(field: string, value: unknown): boolean {
  if (!isSet(value)) return true;
  return field === 'resources' && record(value) !== undefined && Object.values(record(value)!).every((item) => !isSet(item));
}

/**
 * validateEphemeralContainers (run on a template too, beside ValidatePodTemplateSpec's refusal of the list): each is a
 * container, with an untrimmed image, a unique name, an existing target, only the allowed fields and no subPath.
 */
function validateEphemeralContainers(spec: Json, path: string, pod: PodContext): FieldError[] {
  const ephemeral = records(spec.ephemeralContainers);
  if (ephemeral.length === 0) return [];
  const others = new Set([...records(spec.containers), ...records(spec.initContainers)].map((container) => container.name));
  const names = new Set(others);
  const errors: FieldError[] = [];
  ephemeral.forEach((container, index) => {
    const at = indexPath(childPath(path, 'ephemeralContainers'), index);
    errors.push(...containerCommon(container, at, pod));
    const image = text(container.image);
    if (image.length !== image.trim().length) errors.push(invalid(childPath(at, 'image'), image, 'must not have leading or trailing whitespace'));
    if (names.has(container.name)) errors.push(duplicate(childPath(at, 'name'), container.name));
    else names.add(container.name);
    if (nonEmptyString(container.targetContainerName) && !others.has(container.targetContainerName)) {
      errors.push({ path: childPath(at, 'targetContainerName'), rule: `Not found: ${JSON.stringify(container.targetContainerName)}` });
    }
    for (const field of EPHEMERAL_FORBIDDEN) if (!isZero(field, container[field])) errors.push(forbidden(childPath(at, field), EPHEMERAL_ONLY));
    records(container.volumeMounts).forEach((mount, mountIndex) => {
      for (const field of ['subPath', 'subPathExpr']) {
        if (nonEmptyString(mount[field])) errors.push(forbidden(childPath(indexPath(childPath(at, 'volumeMounts'), mountIndex), field), EPHEMERAL_ONLY));
      }
    });
  });
  // ValidatePodTemplateSpec
  errors.push(forbidden(childPath(path, 'ephemeralContainers'), 'ephemeral containers not allowed in pod template'));
  return errors;
}
