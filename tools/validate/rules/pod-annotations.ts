// A pod template's own metadata: Kubernetes v1.33 ValidatePodTemplateSpec's labels and annotations,
// ValidatePodSpecificAnnotations (mirror pods, tolerations, deletion cost, seccomp and AppArmor annotations) and the
// checks that annotations agree with the seccompProfile and appArmorProfile fields, each named after its upstream function.
import { childPath, indexPath } from '../field-path';
import { checkAnnotations, checkLabels } from '../metadata';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, nonEmptyString, record, validateLocalNonReservedPath } from './common';
import { visitContainers } from './pod-os';
import { validateTolerations } from './pod-spec';

const MIRROR = 'kubernetes.io/config.mirror';
const TOLERATIONS = 'scheduler.alpha.kubernetes.io/tolerations';
const DELETION_COST = 'controller.kubernetes.io/pod-deletion-cost';
export const SECCOMP_POD = 'seccomp.security.alpha.kubernetes.io/pod';
export const SECCOMP_CONTAINER = 'container.seccomp.security.alpha.kubernetes.io/';
export const APPARMOR_CONTAINER = 'container.apparmor.security.beta.kubernetes.io/';

/** Go's json.Unmarshal of the tolerations annotation into []core.Toleration: the list, or Go's error text. */
function unmarshalTolerations(text: string): unknown[] | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    const first = text.trim()[0];
    return first === undefined ? 'unexpected end of JSON input' : `invalid character '${first}' looking for beginning of value`;
  }
  const goType = (item: unknown) => (Array.isArray(item) ? 'array' : item === null ? 'null' : typeof item === 'boolean' ? 'bool' : typeof item);
  if (value === null) return [];
  if (!Array.isArray(value)) return `json: cannot unmarshal ${goType(value)} into Go value of type []core.Toleration`;
  const stray = value.find((item) => item !== null && (typeof item !== 'object' || Array.isArray(item)));
  return stray === undefined ? value : `json: cannot unmarshal ${goType(stray)} into Go value of type core.Toleration`;
}

/** helper.GetDeletionCostFromPodAnnotations: a base-10 int32 without a plus sign or leading zeros. */
function isDeletionCost(value: unknown): boolean {
  if (typeof value !== 'string' || !/^-?\d+$/.test(value)) return false;
  if (!(value[0] === '-' || value === '0' || (value[0] >= '1' && value[0] <= '9'))) return false;
  const number = BigInt(value);
  return number >= -(2n ** 31n) && number < 2n ** 31n;
}

/** ValidateSeccompProfile: a seccomp annotation value (runtime/default, docker/default, unconfined or localhost/<relative path>). */
function validateSeccompProfile(profile: unknown, path: string): FieldError[] {
  if (profile === 'runtime/default' || profile === 'docker/default' || profile === 'unconfined') return [];
  if (typeof profile === 'string' && profile.startsWith('localhost/')) {
    // validateLocalDescendingPath: relative and without '..' (the reserved '..' prefix is not its rule)
    return validateLocalNonReservedPath(profile.slice('localhost/'.length), path).filter((error) => !error.rule.includes("must not start with '..'"));
  }
  return [invalid(path, profile, 'must be a valid seccomp profile')];
}

/**
 * ValidatePodTemplateSpec's metadata part: labels and annotations (reported at `<template>.labels` and
 * `<template>.annotations`, as upstream's path leaves out `metadata`) and ValidatePodSpecificAnnotations.
 */
export function validatePodTemplateMetadata(template: Json, path: string): FieldError[] {
  const metadata = record(template.metadata) ?? {};
  const spec = record(template.spec) ?? {};
  const annotations = record(metadata.annotations) ?? {};
  const at = childPath(path, 'annotations');
  const errors = [...checkLabels(metadata.labels, childPath(path, 'labels')), ...checkAnnotations(metadata.annotations, at)];
  if (MIRROR in annotations && !nonEmptyString(spec.nodeName)) {
    errors.push(invalid(indexPath(at, MIRROR), annotations[MIRROR], 'must set spec.nodeName if mirror pod annotation is set'));
  }
  if (nonEmptyString(annotations[TOLERATIONS])) {
    const tolerations = unmarshalTolerations(annotations[TOLERATIONS]);
    if (typeof tolerations === 'string') errors.push(invalid(at, TOLERATIONS, tolerations));
    else errors.push(...validateTolerations(tolerations, childPath(at, TOLERATIONS)));
  }
  // PodDeletionCost is on by default, so an invalid cost is refused
  if (DELETION_COST in annotations && !isDeletionCost(annotations[DELETION_COST])) {
    errors.push(invalid(indexPath(at, DELETION_COST), annotations[DELETION_COST], 'must be a 32bit integer'));
  }
  // ValidateSeccompPodAnnotations
  for (const [key, value] of Object.entries(annotations)) {
    if (key === SECCOMP_POD || key.startsWith(SECCOMP_CONTAINER)) errors.push(...validateSeccompProfile(value, childPath(at, key)));
  }
  errors.push(...validateAppArmorPodAnnotations(annotations, spec, at));
  return errors;
}

/** ValidateAppArmorPodAnnotations: each AppArmor annotation names a container of the pod and a known profile form. */
function validateAppArmorPodAnnotations(annotations: Json, spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const names = new Set(visitContainers(spec, '').map(([container]) => container.name));
  for (const [key, profile] of Object.entries(annotations)) {
    if (!key.startsWith(APPARMOR_CONTAINER)) continue;
    const name = key.slice(APPARMOR_CONTAINER.length);
    if (!names.has(name)) errors.push(invalid(indexPath(path, key), name, 'container not found'));
    if (profile !== '' && profile !== 'runtime/default' && profile !== 'unconfined' && !(typeof profile === 'string' && profile.startsWith('localhost/'))) {
      errors.push(invalid(indexPath(path, key), profile, `invalid AppArmor profile name: ${JSON.stringify(profile)}`));
    }
  }
  return errors;
}

/** validateSeccompAnnotationsAndFieldsMatch: the annotation says what the seccompProfile field says. */
function seccompMismatch(annotation: unknown, profile: Json, path: string): FieldError[] {
  const mismatch = [forbidden(childPath(path, 'type'), 'seccomp type in annotation and field must match')];
  switch (profile.type) {
    case 'Unconfined': return annotation === 'unconfined' ? [] : mismatch;
    case 'RuntimeDefault': return annotation === 'runtime/default' || annotation === 'docker/default' ? [] : mismatch;
    case 'Localhost':
      if (typeof annotation !== 'string' || !annotation.startsWith('localhost/')) return mismatch;
      return annotation.slice('localhost/'.length) === profile.localhostProfile ? []
        : [forbidden(childPath(path, 'localhostProfile'), 'seccomp profile in annotation and field must match')];
    default: return [];
  }
}

/** validateAppArmorAnnotationsAndFieldsMatchOnCreate's comparison of one container's annotation and profile. */
function appArmorMismatch(annotation: unknown, profile: Json, path: string): FieldError[] {
  const mismatch = [forbidden(childPath(path, 'type'), 'apparmor type in annotation and field must match')];
  switch (profile.type) {
    case 'Unconfined': return annotation === 'unconfined' ? [] : mismatch;
    case 'RuntimeDefault': return annotation === 'runtime/default' ? [] : mismatch;
    case 'Localhost':
      if (typeof annotation !== 'string' || !annotation.startsWith('localhost/')) return mismatch;
      return annotation.slice('localhost/'.length) === profile.localhostProfile ? []
        : [forbidden(childPath(path, 'localhostProfile'), 'apparmor profile in annotation and field must match')];
    default: return [];
  }
}

/**
 * validateSeccompAnnotationsAndFields and validateAppArmorAnnotationsAndFieldsMatchOnCreate: where a seccomp or
 * AppArmor annotation and the matching field are both given, they agree (AppArmor not checked for a windows pod).
 */
export function validateAnnotationsAndFieldsMatch(template: Json, specPath: string): FieldError[] {
  const annotations = record(record(template.metadata)?.annotations) ?? {};
  const spec = record(template.spec) ?? {};
  const podContext = record(spec.securityContext);
  const errors: FieldError[] = [];
  const podSeccomp = record(podContext?.seccompProfile);
  if (podSeccomp && SECCOMP_POD in annotations) errors.push(...seccompMismatch(annotations[SECCOMP_POD], podSeccomp, `${specPath}.securityContext.seccompProfile`));
  for (const [container, at] of visitContainers(spec, specPath)) {
    const profile = record(record(container.securityContext)?.seccompProfile);
    const key = `${SECCOMP_CONTAINER}${String(container.name)}`;
    if (profile && key in annotations) errors.push(...seccompMismatch(annotations[key], profile, `${at}.securityContext.seccompProfile`));
  }
  if (record(spec.os)?.name === 'windows') return errors;
  for (const [container, at] of visitContainers(spec, specPath)) {
    const profile = record(record(container.securityContext)?.appArmorProfile) ?? record(podContext?.appArmorProfile);
    const key = `${APPARMOR_CONTAINER}${String(container.name)}`;
    if (profile && key in annotations) errors.push(...appArmorMismatch(annotations[key], profile, `${at}.securityContext.appArmorProfile`));
  }
  return errors;
}
