// A pod template's containers and init containers: Kubernetes v1.33 pkg/apis/core/validation/validation.go
// (validateContainers, validateInitContainers, validateContainerCommon and the checks they call).
import { compareQuantities, parseQuantity, type Quantity } from '../../../lib/core/validate-props';
import { childPath, indexPath } from '../field-path';
import { DNS1123_LABEL, DNS1123_SUBDOMAIN, LABEL_MESSAGE, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { duplicate, forbidden, invalid, type Json, nonNegative, portNameError, portNumber, portNumberOrName, record, records, required } from './common';
import { fractionalByteWarnings, validateEnvVarValueFrom, validateHandler, validateProbe, validateSecurityContext } from './pod';

/** What every container's checks need to know of its pod. */
export interface PodContext {
  readonly volumes: ReadonlySet<string>;
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

/** ValidateVolumeMounts: each names a volume of the pod, with a mountPath, at most once per path. */
function volumeMounts(list: unknown, volumes: ReadonlySet<string>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const paths = new Set<string>();
  records(list).forEach((mount, index) => {
    const at = indexPath(path, index);
    if (typeof mount.name !== 'string' || !mount.name) errors.push(required(childPath(at, 'name')));
    else if (!volumes.has(mount.name)) errors.push({ path: childPath(at, 'name'), rule: `Not found: ${JSON.stringify(mount.name)}` });
    if (typeof mount.mountPath !== 'string' || !mount.mountPath) errors.push(required(childPath(at, 'mountPath')));
    else if (paths.has(mount.mountPath)) errors.push(invalid(childPath(at, 'mountPath'), mount.mountPath, 'must be unique'));
    else paths.add(mount.mountPath);
    if (typeof mount.subPath === 'string' && mount.subPath && typeof mount.subPathExpr === 'string' && mount.subPathExpr) {
      errors.push(invalid(childPath(at, 'subPathExpr'), mount.subPathExpr, 'subPathExpr and subPath are mutually exclusive'));
    }
  });
  return errors;
}

/** resource.Quantity, parsed exactly as the library parses its props; a YAML number is read as its decimal text. */
function quantityOf(value: unknown): Quantity | undefined {
  return typeof value === 'number' ? parseQuantity(String(value)) : typeof value === 'string' ? parseQuantity(value) : undefined;
}

/** validateResourceRequirements: no negative quantity, and a request never above its limit. */
function resources(value: unknown, path: string): FieldError[] {
  const requirements = record(value);
  if (!requirements) return [];
  const errors: FieldError[] = [];
  const limits = record(requirements.limits) ?? {};
  const requests = record(requirements.requests) ?? {};
  for (const [kind, quantities] of [['limits', limits], ['requests', requests]] as const) {
    for (const [name, quantity] of Object.entries(quantities)) {
      if (quantityOf(quantity)?.negative) errors.push(invalid(indexPath(childPath(path, kind), name), quantity, 'must be greater than or equal to 0'));
    }
  }
  for (const [name, request] of Object.entries(requests)) {
    const requested = quantityOf(request);
    const limit = quantityOf(limits[name]);
    if (requested && limit && compareQuantities(requested, limit) > 0) {
      errors.push(invalid(indexPath(childPath(path, 'requests'), name), request, `must be less than or equal to ${name} limit of ${String(limits[name])}`));
    }
  }
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
  if (typeof container.image !== 'string' || !container.image.trim()) errors.push(required(childPath(at, 'image')));
  errors.push(...containerPorts(container.ports, childPath(at, 'ports')));
  errors.push(...volumeMounts(container.volumeMounts, pod.volumes, childPath(at, 'volumeMounts')));
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
  records(spec.initContainers).forEach((container, index) => {
    const at = indexPath(childPath(path, 'initContainers'), index);
    errors.push(...containerCommon(container, at, pod));
    if (names.has(container.name)) errors.push(duplicate(childPath(at, 'name'), container.name));
    else if (container.name) names.add(container.name);
    if (container.restartPolicy === 'Always') {
      errors.push(...lifecycle(container.lifecycle, childPath(at, 'lifecycle'), pod.gracePeriod));
      for (const [field, kind] of PROBES) errors.push(...probeRules(container[field], childPath(at, field), kind));
    } else {
      for (const field of ['lifecycle', 'livenessProbe', 'readinessProbe', 'startupProbe']) {
        if (container[field] !== undefined && container[field] !== null) errors.push(forbidden(childPath(at, field), INIT_ONLY_WITH_ALWAYS));
      }
    }
  });
  return errors;
}
