// The operating-system options of a pod template: Kubernetes v1.33 pkg/apis/core/validation/validation.go
// validateLinux, validateWindows, validateWindowsHostProcessPod, validateWindowsSecurityContextOptions and
// validateSELinuxChangePolicy, each named after the upstream function it ports.
import { childPath, indexPath } from '../field-path';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, notSupported, record, records, subdomainErrors } from './common';

const isSet = (value: unknown) => value !== undefined && value !== null;

/** podshelper.VisitContainersWithPath: init containers, containers, then ephemeral containers, each with its path. */
export function visitContainers(spec: Json, path: string): Array<readonly [Json, string]> {
  return ['initContainers', 'containers', 'ephemeralContainers'].flatMap((field) =>
    records(spec[field]).map((container, index) => [container, indexPath(childPath(path, field), index)] as const));
}

// The internal PodSecurityContext holds the pod's host namespace fields; each is refused at the field the user wrote.
const WINDOWS_POD_FIELDS: ReadonlyArray<readonly [string, (spec: Json, context: Json) => boolean]> = [
  ['securityContext.appArmorProfile', (_s, c) => isSet(c.appArmorProfile)], ['securityContext.seLinuxOptions', (_s, c) => isSet(c.seLinuxOptions)],
  ['hostUsers', (s) => isSet(s.hostUsers)], ['hostPID', (s) => s.hostPID === true], ['hostIPC', (s) => s.hostIPC === true],
  ['securityContext.seccompProfile', (_s, c) => isSet(c.seccompProfile)], ['securityContext.fsGroup', (_s, c) => isSet(c.fsGroup)],
  ['securityContext.fsGroupChangePolicy', (_s, c) => isSet(c.fsGroupChangePolicy)],
  ['securityContext.sysctls', (_s, c) => Array.isArray(c.sysctls) && c.sysctls.length > 0], ['shareProcessNamespace', (s) => isSet(s.shareProcessNamespace)],
  ['securityContext.runAsUser', (_s, c) => isSet(c.runAsUser)], ['securityContext.runAsGroup', (_s, c) => isSet(c.runAsGroup)],
  ['securityContext.supplementalGroups', (_s, c) => isSet(c.supplementalGroups)],
  ['securityContext.supplementalGroupsPolicy', (_s, c) => isSet(c.supplementalGroupsPolicy)],
  ['securityContext.seLinuxChangePolicy', (_s, c) => isSet(c.seLinuxChangePolicy)],
];
const WINDOWS_CONTAINER_FIELDS = ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged',
  'allowPrivilegeEscalation', 'procMount', 'runAsUser', 'runAsGroup'];
const WINDOWS_ONLY = 'cannot be set for a windows pod';

/** validateWindows: no Linux-only option in the pod's or any container's security context. */
export function validateWindows(spec: Json, path: string): FieldError[] {
  const context = record(spec.securityContext) ?? {};
  const errors = WINDOWS_POD_FIELDS.filter(([, set]) => set(spec, context)).map(([field]) => forbidden(`${path}.${field}`, WINDOWS_ONLY));
  for (const [container, at] of visitContainers(spec, path)) {
    const securityContext = record(container.securityContext);
    if (!securityContext) continue;
    for (const field of WINDOWS_CONTAINER_FIELDS) {
      if (isSet(securityContext[field])) errors.push(forbidden(childPath(childPath(at, 'securityContext'), field), WINDOWS_ONLY));
    }
  }
  return errors;
}

/** validateLinux: no windowsOptions in the pod's or any container's security context. */
export function validateLinux(spec: Json, path: string): FieldError[] {
  const message = 'windows options cannot be set for a linux pod';
  const errors = isSet(record(spec.securityContext)?.windowsOptions) ? [forbidden(childPath(childPath(path, 'securityContext'), 'windowsOptions'), message)] : [];
  for (const [container, at] of visitContainers(spec, path)) {
    if (isSet(record(container.securityContext)?.windowsOptions)) errors.push(forbidden(childPath(childPath(at, 'securityContext'), 'windowsOptions'), message));
  }
  return errors;
}

/**
 * validateWindowsHostProcessPod: a container's hostProcess agrees with the pod's, all containers or none are
 * HostProcess ones, and those need hostNetwork. Its last rule (`disallowed by cluster policy`) follows the API
 * server's --allow-privileged flag and is not checked here.
 */
export function validateWindowsHostProcessPod(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const podHostProcess = record(record(spec.securityContext)?.windowsOptions)?.hostProcess;
  const containers = visitContainers(spec, path);
  let hostProcessContainers = 0;
  for (const [container, at] of containers) {
    const hostProcess = record(record(container.securityContext)?.windowsOptions)?.hostProcess;
    if (typeof podHostProcess === 'boolean' && typeof hostProcess === 'boolean' && podHostProcess !== hostProcess) {
      errors.push(invalid(`${at}.securityContext.windowsOptions.hostProcess`, hostProcess, `pod hostProcess value must be identical if both are specified, was ${podHostProcess}`));
    }
    if (hostProcess === true || (typeof hostProcess !== 'boolean' && podHostProcess === true)) hostProcessContainers += 1;
  }
  if (hostProcessContainers > 0) {
    if (hostProcessContainers !== containers.length) errors.push(invalid(path, '', 'If pod contains any hostProcess containers then all containers must be HostProcess containers'));
    if (spec.hostNetwork !== true) errors.push(invalid(childPath(path, 'hostNetwork'), false, 'hostNetwork must be true if pod contains any hostProcess containers'));
  }
  return errors;
}

const CONTROL = /[\x00-\x1f\x7f]/;
const NETBIOS_DOMAIN = /^[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}$/u;
const DNS_DOMAIN = /^[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*$/;
const USER_NAME_CHARS = /["/\\:;|=,+*?<>@[\]]/;

/** The messages validateWindowsSecurityContextOptions gives a runAsUserName (`DOMAIN\USER`, the domain optional). */
function runAsUserNameErrors(name: string): string[] {
  if (name.length === 0) return ['runAsUserName cannot be an empty string'];
  if (CONTROL.test(name)) return ['runAsUserName cannot contain control characters'];
  const parts = name.split('\\');
  if (parts.length > 2) return ['runAsUserName cannot contain more than one backslash'];
  const [domain, user] = parts.length === 1 ? ['', parts[0]] : parts;
  const messages: string[] = [];
  if (Buffer.byteLength(domain) >= 256) messages.push('runAsUserName\'s Domain length must be under 256 characters');
  if (parts.length === 2 && !(NETBIOS_DOMAIN.test(domain) || DNS_DOMAIN.test(domain))) messages.push('runAsUserName\'s Domain doesn\'t match the NetBios nor the DNS format');
  if (user.length === 0) messages.push('runAsUserName\'s User cannot be empty');
  else if (Buffer.byteLength(user) > 104) messages.push('runAsUserName\'s User length must not be longer than 104 characters');
  if (/^[. ]+$/.test(user)) messages.push('runAsUserName\'s User cannot contain only periods or spaces');
  if (USER_NAME_CHARS.test(user)) messages.push('runAsUserName\'s User cannot contain the following characters: "/\\:;|=,+*?<>@[]');
  return messages;
}

/** validateWindowsSecurityContextOptions: a GMSA spec name that is a DNS subdomain, a GMSA spec of 1 byte to 64 KiB, a valid runAsUserName. */
export function validateWindowsSecurityContextOptions(value: unknown, path: string): FieldError[] {
  const options = record(value);
  if (!options) return [];
  const errors: FieldError[] = [];
  if (typeof options.gmsaCredentialSpecName === 'string') errors.push(...subdomainErrors(options.gmsaCredentialSpecName, childPath(path, 'gmsaCredentialSpecName')));
  const spec = options.gmsaCredentialSpec;
  if (spec === '') errors.push(invalid(childPath(path, 'gmsaCredentialSpec'), spec, 'gmsaCredentialSpec cannot be an empty string'));
  else if (typeof spec === 'string' && Buffer.byteLength(spec) > 64 * 1024) errors.push(invalid(childPath(path, 'gmsaCredentialSpec'), spec, 'gmsaCredentialSpec size must be under 64 KiB'));
  if (typeof options.runAsUserName === 'string') {
    for (const message of runAsUserNameErrors(options.runAsUserName)) errors.push(invalid(childPath(path, 'runAsUserName'), options.runAsUserName, message));
  }
  return errors;
}

/**
 * validateSELinuxChangePolicy: on create only Recursive, as the SELinuxMount gate is off by default in 1.33
 * (useOnlyRecursiveSELinuxChangePolicy in pkg/api/pod/util.go); the SELinuxChangePolicy gate that keeps the field is on.
 */
export function validateSELinuxChangePolicy(value: unknown, path: string): FieldError[] {
  return isSet(value) && value !== 'Recursive' ? [notSupported(path, value, ['Recursive'])] : [];
}
