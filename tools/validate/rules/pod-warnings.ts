// The warnings the API server returns with an accepted pod template (pkg/api/pod/warnings.go,
// warningsForPodSpecAndMeta); the fractional-byte ones live beside the container checks in pod.ts.
import { childPath, indexPath } from '../field-path';
import type { FieldError } from '../schema';
import { claimTemplateWarnings } from './claim-template';
import { type Json, record, records, warning } from './common';
import { BYTE_RESOURCES, fractionalByteWarning } from './pod';
import { APPARMOR_CONTAINER, SECCOMP_CONTAINER, SECCOMP_POD } from './pod-annotations';
import { visitContainers } from './pod-os';

const DEPRECATED_VOLUMES: ReadonlyArray<readonly [string, string]> = [
  ['photonPersistentDisk', 'deprecated in v1.11, non-functional in v1.16+'], ['gitRepo', 'deprecated in v1.11'],
  ['scaleIO', 'deprecated in v1.16, non-functional in v1.22+'], ['flocker', 'deprecated in v1.22, non-functional in v1.25+'],
  ['storageos', 'deprecated in v1.22, non-functional in v1.25+'], ['quobyte', 'deprecated in v1.22, non-functional in v1.25+'],
  ['glusterfs', 'deprecated in v1.25, non-functional in v1.26+'], ['cephfs', 'deprecated in v1.28, non-functional in v1.31+'],
  ['rbd', 'deprecated in v1.28, non-functional in v1.31+'],
];

const DEPRECATED_ANNOTATIONS: ReadonlyArray<readonly [string, string]> = [
  ['scheduler.alpha.kubernetes.io/critical-pod', 'non-functional in v1.16+; use the "priorityClassName" field instead'],
  ['security.alpha.kubernetes.io/sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
  ['security.alpha.kubernetes.io/unsafe-sysctls', 'non-functional in v1.11+; use the "sysctls" field instead'],
];

// nodeapi's deprecatedNodeLabels
const DEPRECATED_NODE_LABELS: Readonly<Record<string, string>> = {
  'beta.kubernetes.io/arch': 'deprecated since v1.14; use "kubernetes.io/arch" instead',
  'beta.kubernetes.io/os': 'deprecated since v1.14; use "kubernetes.io/os" instead',
  'failure-domain.beta.kubernetes.io/region': 'deprecated since v1.17; use "topology.kubernetes.io/region" instead',
  'failure-domain.beta.kubernetes.io/zone': 'deprecated since v1.17; use "topology.kubernetes.io/zone" instead',
  'beta.kubernetes.io/instance-type': 'deprecated since v1.17; use "node.kubernetes.io/instance-type" instead',
};
const deprecatedLabel = (key: unknown) => (typeof key === 'string' && Object.hasOwn(DEPRECATED_NODE_LABELS, key) ? DEPRECATED_NODE_LABELS[key] : undefined);

/** Deprecated node labels in the nodeSelector, node affinity terms (GetWarningsForNodeSelectorTerm) and topology spread keys. */
function nodeLabelWarnings(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const key of Object.keys(record(spec.nodeSelector) ?? {})) {
    const message = deprecatedLabel(key);
    if (message) errors.push(warning(indexPath(childPath(path, 'nodeSelector'), key), message));
  }
  const termWarnings = (term: unknown, termPath: string) => records(record(term)?.matchExpressions).forEach((expression, index) => {
    const message = deprecatedLabel(expression.key);
    if (message) errors.push(warning(childPath(indexPath(childPath(termPath, 'matchExpressions'), index), 'key'), `${String(expression.key)} is ${message}`));
  });
  const nodeAffinity = record(record(spec.affinity)?.nodeAffinity);
  const required = record(nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution);
  const requiredPath = `${path}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;
  records(required?.nodeSelectorTerms).forEach((term, index) => termWarnings(term, indexPath(requiredPath, index)));
  const preferredPath = `${path}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution`;
  records(nodeAffinity?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => termWarnings(term.preference, childPath(indexPath(preferredPath, index), 'preference')));
  records(spec.topologySpreadConstraints).forEach((constraint, index) => {
    const message = deprecatedLabel(constraint.topologyKey);
    if (message) errors.push(warning(childPath(indexPath(childPath(path, 'topologySpreadConstraints'), index), 'topologyKey'), `${String(constraint.topologyKey)} is ${message}`));
  });
  return errors;
}

/** Seccomp and AppArmor annotations without the field that replaced them (the AppArmorFields gate is GA). */
function securityAnnotationWarnings(spec: Json, annotations: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const at = childPath(childPath(path, 'metadata'), 'annotations');
  const podContext = record(spec.securityContext);
  const seccompMessage = 'non-functional in v1.27+; use the "seccompProfile" field instead';
  if (!record(podContext?.seccompProfile) && SECCOMP_POD in annotations) errors.push(warning(indexPath(at, SECCOMP_POD), seccompMessage));
  for (const [container] of visitContainers(spec, '')) {
    const context = record(container.securityContext);
    const seccompKey = `${SECCOMP_CONTAINER}${String(container.name)}`;
    if (!record(context?.seccompProfile) && seccompKey in annotations) errors.push(warning(indexPath(at, seccompKey), seccompMessage));
    const appArmorKey = `${APPARMOR_CONTAINER}${String(container.name)}`;
    if (!record(podContext?.appArmorProfile) && !record(context?.appArmorProfile) && appArmorKey in annotations) {
      errors.push(warning(indexPath(at, appArmorKey), 'deprecated since v1.30; use the "appArmorProfile" field instead'));
    }
  }
  return errors;
}

/** Warnings on the pod as a whole: deprecated annotations, labels and volume plugins, duplicates, null selectors, overhead. */
export function podWarnings(template: Json, path: string): FieldError[] {
  const spec = record(template.spec) ?? {};
  const annotations = record(record(template.metadata)?.annotations) ?? {};
  const at = childPath(path, 'spec');
  const errors: FieldError[] = nodeLabelWarnings(spec, at);
  for (const [key, message] of DEPRECATED_ANNOTATIONS) {
    if (key in annotations) errors.push(warning(indexPath(childPath(childPath(path, 'metadata'), 'annotations'), key), message));
  }
  records(spec.topologySpreadConstraints).forEach((constraint, index) => {
    if (!record(constraint.labelSelector)) {
      errors.push(warning(childPath(indexPath(childPath(at, 'topologySpreadConstraints'), index), 'labelSelector'), 'a null labelSelector results in matching no pod'));
    }
  });
  records(spec.volumes).forEach((volume, index) => {
    for (const [plugin, message] of DEPRECATED_VOLUMES) {
      if (record(volume[plugin])) errors.push(warning(childPath(indexPath(childPath(at, 'volumes'), index), plugin), message));
    }
    errors.push(...claimTemplateWarnings(volume, indexPath(childPath(at, 'volumes'), index)));
  });
  errors.push(...duplicates(records(spec.hostAliases), 'ip', childPath(at, 'hostAliases'), (ip) => `duplicate ip ${JSON.stringify(ip)}`));
  const pullSecrets = records(spec.imagePullSecrets);
  errors.push(...duplicates(pullSecrets, 'name', childPath(at, 'imagePullSecrets'), (name) => `duplicate name ${JSON.stringify(name)}`));
  pullSecrets.forEach((secret, index) => {
    if (!secret.name) errors.push(warning(childPath(indexPath(childPath(at, 'imagePullSecrets'), index), 'name'), 'invalid empty name ""'));
  });
  for (const resource of BYTE_RESOURCES) errors.push(...fractionalByteWarning(record(spec.overhead)?.[resource], indexPath(childPath(at, 'overhead'), resource)));
  errors.push(...securityAnnotationWarnings(spec, annotations, path));
  errors.push(...affinityWarnings(record(spec.affinity), childPath(at, 'affinity')));
  errors.push(...containerWarnings(spec, at));
  return errors;
}

/** A repeated value of `field` among `items`, at the later item: `hostAliases[1].ip: duplicate ip "10.0.0.1"`. */
function duplicates(items: readonly Json[], field: string, path: string, message: (value: unknown) => string): FieldError[] {
  if (items.length < 2) return [];
  const seen = new Set<unknown>();
  const errors: FieldError[] = [];
  items.forEach((item, index) => {
    if (seen.has(item[field])) errors.push(warning(childPath(indexPath(path, index), field), message(item[field])));
    else seen.add(item[field]);
  });
  return errors;
}

/** warningsForPodAffinityTerms and warningsForWeightedPodAffinityTerms: a term without labelSelector matches no pod. */
function affinityWarnings(affinity: Json | undefined, path: string): FieldError[] {
  const errors: FieldError[] = [];
  for (const kind of ['podAffinity', 'podAntiAffinity']) {
    const terms = record(affinity?.[kind]);
    const at = childPath(path, kind);
    records(terms?.requiredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
      if (!record(term.labelSelector)) errors.push(warning(childPath(indexPath(childPath(at, 'requiredDuringSchedulingIgnoredDuringExecution'), index), 'labelSelector'), NO_POD));
    });
    records(terms?.preferredDuringSchedulingIgnoredDuringExecution).forEach((term, index) => {
      if (!record(record(term.podAffinityTerm)?.labelSelector)) {
        errors.push(warning(`${indexPath(childPath(at, 'preferredDuringSchedulingIgnoredDuringExecution'), index)}.podAffinityTerm.labelSelector`, NO_POD));
      }
    });
  }
  return errors;
}

const NO_POD = 'a null labelSelector results in matching no pod';

interface PortBlock { readonly path: string; readonly hostIP: string; readonly hostPort: number }

/** Per container (init containers first, as VisitContainersWithPath walks them): env redefinitions, port overlaps. */
function containerWarnings(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const all = [...records(spec.initContainers).map((c, i) => [c, indexPath(childPath(path, 'initContainers'), i)] as const),
    ...records(spec.containers).map((c, i) => [c, indexPath(childPath(path, 'containers'), i)] as const)];
  for (const [container, at] of all) {
    const names = new Set<unknown>();
    const env = records(container.env);
    env.forEach((variable, index) => {
      if (env.length < 2) return;
      if (!names.has(variable.name)) { names.add(variable.name); return; }
      const reference = `$(${String(variable.name)})`;
      const value = typeof variable.value === 'string' ? variable.value : '';
      if (variable.valueFrom !== undefined || value === reference || !value.includes(reference)) {
        errors.push(warning(indexPath(childPath(at, 'env'), index), `hides previous definition of ${JSON.stringify(variable.name)}, which may be dropped when using apply`));
      }
    });
  }
  const ports = new Map<string, PortBlock[]>();
  for (const [container, at] of all) {
    records(container.ports).forEach((port, index) => {
      const block: PortBlock = { path: indexPath(childPath(at, 'ports'), index), hostIP: String(port.hostIP ?? ''), hostPort: Number(port.hostPort ?? 0) };
      if (block.hostIP && !block.hostPort) {
        // Go's %+v of the ContainerPort struct
        const shown = `{Name:${String(port.name ?? '')} HostPort:0 ContainerPort:${String(port.containerPort ?? 0)} Protocol:${String(port.protocol ?? 'TCP')} HostIP:${block.hostIP}}`;
        errors.push(warning(block.path, `hostIP set without hostPort: ${shown}`));
      }
      const key = `${String(port.containerPort)}/${String(port.protocol ?? 'TCP')}`;
      for (const other of ports.get(key) ?? []) {
        if (block.hostIP === other.hostIP && block.hostPort === other.hostPort) errors.push(warning(block.path, `duplicate port definition with ${other.path}`));
        else if (!block.hostPort || !other.hostPort) errors.push(warning(block.path, `overlapping port definition with ${other.path}`));
        else if (block.hostPort === other.hostPort && (!block.hostIP !== !other.hostIP)) errors.push(warning(block.path, `dangerously ambiguous port definition with ${other.path}`));
      }
      ports.set(key, [...(ports.get(key) ?? []), block]);
    });
  }
  return errors;
}
