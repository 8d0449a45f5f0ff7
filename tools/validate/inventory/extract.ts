// Writes tools/validate/inventory/rules.json: one entry per verdict site (a field.Invalid/Required/Forbidden/...
// call, a call into a validator of another package, or a warning appended) in every upstream function reachable
// on create from the roots of the kinds the validator checks. Statuses already in the file are kept by id.
// Usage: tsx tools/validate/inventory/extract.ts <dir holding the upstream files named in SOURCES, copied from the tags>
// (Kubernetes v1.33.3's files are byte-identical to those of any `vendor/k8s.io/kubernetes` at v1.33.3.)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type InventoryEntry, type InventoryFile, INVENTORY_FILE } from './inventory';

interface Source {
  /** Short name used in ids, e.g. `core`. */
  readonly area: string;
  /** Where the file lives upstream, at its tag: `kubernetes v1.33.3 pkg/apis/core/validation/validation.go`. */
  readonly upstream: string;
  /** The local copy's name below the directory given on the command line. */
  readonly local: string;
}

const SOURCES: readonly Source[] = [
  { area: 'core', upstream: 'kubernetes@v1.33.3 pkg/apis/core/validation/validation.go', local: 'k8s/validation-validation.go' },
  { area: 'meta', upstream: 'apimachinery@v0.33.3 pkg/api/validation/objectmeta.go', local: 'k8s/validation-objectmeta.go' },
  { area: 'service-warnings', upstream: 'kubernetes@v1.33.3 pkg/api/service/warnings.go', local: 'k8s/service-warnings.go' },
  { area: 'cert-manager', upstream: 'cert-manager@v1.21.1 internal/apis/certmanager/validation/certificate.go', local: 'cm/certificate.go' },
  { area: 'cert-manager', upstream: 'cert-manager@v1.21.1 internal/apis/certmanager/validation/issuer.go', local: 'cm/issuer.go' },
  { area: 'cert-manager', upstream: 'cert-manager@v1.21.1 internal/apis/certmanager/validation/clusterissuer.go', local: 'cm/clusterissuer.go' },
  { area: 'trust-manager', upstream: 'trust-manager@v0.24.0 pkg/webhook/validation.go', local: 'tm/validation.go' },
];

/** The functions the API server (or webhook) calls on create, per kind. */
const ROOTS: Readonly<Record<string, readonly string[]>> = {
  'ObjectMeta (every kind)': ['ValidateObjectMeta', 'ValidateObjectMetaAccessor'],
  'Namespace': ['ValidateNamespace'],
  'ServiceAccount': ['ValidateServiceAccount'],
  'ConfigMap': ['ValidateConfigMap'],
  'Secret': ['ValidateSecret'],
  'Service': ['ValidateService', 'GetWarningsForService'],
  'Deployment': ['ValidatePodTemplateSpec'],
  'Certificate': ['ValidateCertificate'],
  'Issuer': ['ValidateIssuer'],
  'ClusterIssuer': ['ValidateClusterIssuer'],
  'Bundle': ['validate'],
};

/** ObjectMeta's rules are listed once, under their own root, not again under every kind that calls them. */
const OBJECT_META = new Set(['ValidateObjectMeta', 'ValidateObjectMetaAccessor']);

/** Update, status and resize paths never run on create. */
const CREATE_ONLY = (name: string) => !/Updates?$|Update(Spec|Status)|Status$|StatusUpdate|Resize|ValidateImmutable/.test(name);


const APPS = 'kubernetes@v1.33 pkg/apis/apps/validation/validation.go';
const NETWORKING = 'kubernetes@v1.33 pkg/apis/networking/validation/validation.go';
const POLICY = 'kubernetes@v1.33 pkg/apis/policy/validation/validation.go';
const POD_WARNINGS = 'kubernetes@00f6e68e pkg/api/pod/warnings.go';
const NAMES = 'kubernetes@v1.33.3 pkg/apis/core/validation/validation.go';

/**
 * Why a manual entry has no line: no copy of its file at the tag could be read here. The v1.33.3 tree at hand is a Go
 * vendor directory (k8s.io/kubernetes v1.33.3 in openshift-kni/scheduler-plugins' release-4.20 `vendor/modules.txt`),
 * which holds pkg/apis/core/validation and pkg/api/service but not apps, networking, policy or pkg/api/pod.
 */
const UNPINNED = 'no copy of the file at v1.33.3 could be read offline';

/** [id, kinds, function, rule, file, line at the tag if pinned] of the rules the extractor cannot find itself. */
const MANUAL: ReadonlyArray<readonly [string, string, string, string, string, number?]> = [
  // The name function each kind hands ValidateObjectMeta (its verdict is meta.ValidateObjectMetaAccessor.3).
  ['core.ValidateNamespaceName.1', 'Namespace', 'ValidateNamespaceName', 'var ValidateNamespaceName (line 278): a Namespace name is a DNS-1123 label', NAMES, 278],
  ['core.ValidateServiceAccountName.1', 'ServiceAccount', 'ValidateServiceAccountName', 'var ValidateServiceAccountName (line 299): a DNS-1123 subdomain', NAMES, 299],
  ['core.ValidateServiceName.1', 'Service', 'ValidateServiceName', 'var ValidateServiceName (line 268) = NameIsDNS1035Label', NAMES, 268],
  ['apps.ValidateDeploymentSpec.1', 'Deployment', 'ValidateDeploymentSpec', 'ValidateNonnegativeField(int64(spec.Replicas), fldPath.Child("replicas"))', APPS],
  ['apps.ValidateDeploymentSpec.2', 'Deployment', 'ValidateDeploymentSpec', 'field.Required(fldPath.Child("selector"), "")', APPS],
  ['apps.ValidateDeploymentSpec.3', 'Deployment', 'ValidateDeploymentSpec', 'unversionedvalidation.ValidateLabelSelector(spec.Selector, ..., fldPath.Child("selector"))', APPS],
  ['apps.ValidateDeploymentSpec.4', 'Deployment', 'ValidateDeploymentSpec', 'field.Invalid(fldPath.Child("selector"), spec.Selector, "empty selector is invalid for deployment")', APPS],
  ['apps.ValidateDeploymentSpec.5', 'Deployment', 'ValidateDeploymentSpec', 'ValidateNonnegativeField(int64(spec.MinReadySeconds), fldPath.Child("minReadySeconds"))', APPS],
  ['apps.ValidateDeploymentSpec.6', 'Deployment', 'ValidateDeploymentSpec', 'ValidateNonnegativeField(int64(*spec.RevisionHistoryLimit), fldPath.Child("revisionHistoryLimit"))', APPS],
  ['apps.ValidateDeploymentSpec.7', 'Deployment', 'ValidateDeploymentSpec', 'ValidateNonnegativeField(int64(*spec.ProgressDeadlineSeconds), fldPath.Child("progressDeadlineSeconds"))', APPS],
  ['apps.ValidateDeploymentSpec.8', 'Deployment', 'ValidateDeploymentSpec',
    'field.Invalid(fldPath.Child("progressDeadlineSeconds"), spec.ProgressDeadlineSeconds, "must be greater than minReadySeconds")', APPS],
  ['apps.ValidateDeploymentStrategy.1', 'Deployment', 'ValidateDeploymentStrategy',
    'field.Forbidden(fldPath.Child("rollingUpdate"), "may not be specified when strategy `type` is \'Recreate\'")', APPS],
  ['apps.ValidateDeploymentStrategy.2', 'Deployment', 'ValidateDeploymentStrategy', 'field.Required(fldPath.Child("rollingUpdate"), "this should be defaulted and never be nil")', APPS],
  ['apps.ValidateDeploymentStrategy.3', 'Deployment', 'ValidateDeploymentStrategy', 'field.NotSupported(fldPath.Child("type"), strategy.Type, [Recreate, RollingUpdate])', APPS],
  ['apps.ValidateRollingUpdateDeployment.1', 'Deployment', 'ValidateRollingUpdateDeployment', 'ValidatePositiveIntOrPercent(rollingUpdate.MaxUnavailable, fldPath.Child("maxUnavailable"))', APPS],
  ['apps.ValidateRollingUpdateDeployment.2', 'Deployment', 'ValidateRollingUpdateDeployment', 'ValidatePositiveIntOrPercent(rollingUpdate.MaxSurge, fldPath.Child("maxSurge"))', APPS],
  ['apps.ValidateRollingUpdateDeployment.3', 'Deployment', 'ValidateRollingUpdateDeployment',
    'field.Invalid(fldPath.Child("maxUnavailable"), rollingUpdate.MaxUnavailable, "may not be 0 when `maxSurge` is 0")', APPS],
  ['apps.ValidateRollingUpdateDeployment.4', 'Deployment', 'ValidateRollingUpdateDeployment',
    'IsNotMoreThan100Percent(rollingUpdate.MaxUnavailable, fldPath.Child("maxUnavailable")) (maxSurge has no upper bound)', APPS],
  ['apps.ValidatePositiveIntOrPercent.1', 'Deployment|PodDisruptionBudget', 'ValidatePositiveIntOrPercent', 'field.Invalid(fldPath, intOrPercent, validation.IsValidPercent(...))', APPS],
  ['apps.ValidatePositiveIntOrPercent.2', 'Deployment|PodDisruptionBudget', 'ValidatePositiveIntOrPercent', 'ValidateNonnegativeField(int64(intOrPercent.IntValue()), fldPath)', APPS],
  ['apps.ValidatePodTemplateSpecForReplicaSet.1', 'Deployment', 'ValidatePodTemplateSpecForReplicaSet', 'field.Required(fldPath, "")', APPS],
  ['apps.ValidatePodTemplateSpecForReplicaSet.2', 'Deployment', 'ValidatePodTemplateSpecForReplicaSet',
    'field.Invalid(fldPath.Child("metadata", "labels"), template.Labels, "`selector` does not match template `labels`")', APPS],
  ['apps.ValidatePodTemplateSpecForReplicaSet.3', 'Deployment', 'ValidatePodTemplateSpecForReplicaSet',
    'field.NotSupported(fldPath.Child("spec", "restartPolicy"), template.Spec.RestartPolicy, [Always])', APPS],
  ['apps.ValidatePodTemplateSpecForReplicaSet.4', 'Deployment', 'ValidatePodTemplateSpecForReplicaSet',
    'field.Invalid(fldPath.Child("spec", "activeDeadlineSeconds"), ..., "activeDeadlineSeconds in ReplicaSet is not Supported")', APPS],
  ['networking.ValidateNetworkPolicySpec.1', 'NetworkPolicy', 'ValidateNetworkPolicySpec', 'unversionedvalidation.ValidateLabelSelector(&spec.PodSelector, ..., fldPath.Child("podSelector"))', NETWORKING],
  ['networking.ValidateNetworkPolicySpec.2', 'NetworkPolicy', 'ValidateNetworkPolicySpec',
    'field.Invalid(fldPath.Child("policyTypes"), &spec.PolicyTypes, "may not specify more than two policyTypes")', NETWORKING],
  ['networking.ValidateNetworkPolicySpec.3', 'NetworkPolicy', 'ValidateNetworkPolicySpec', 'field.NotSupported(policyPath, pType, [Ingress, Egress])', NETWORKING],
  ['networking.ValidateNetworkPolicyPort.1', 'NetworkPolicy', 'ValidateNetworkPolicyPort', 'field.NotSupported(portPath.Child("protocol"), *port.Protocol, [TCP, UDP, SCTP])', NETWORKING],
  ['networking.ValidateNetworkPolicyPort.2', 'NetworkPolicy', 'ValidateNetworkPolicyPort', 'field.Invalid(portPath.Child("port"), port.Port.IntVal, IsValidPortNum)', NETWORKING],
  ['networking.ValidateNetworkPolicyPort.3', 'NetworkPolicy', 'ValidateNetworkPolicyPort', 'field.Invalid(portPath.Child("endPort"), port.Port.IntVal, "must be greater than or equal to `port`")', NETWORKING],
  ['networking.ValidateNetworkPolicyPort.4', 'NetworkPolicy', 'ValidateNetworkPolicyPort', 'field.Invalid(portPath.Child("endPort"), *port.EndPort, IsValidPortNum)', NETWORKING],
  ['networking.ValidateNetworkPolicyPort.5', 'NetworkPolicy', 'ValidateNetworkPolicyPort',
    'field.Invalid(portPath.Child("endPort"), *port.EndPort, "may not be specified when `port` is non-numeric")', NETWORKING],
  ['networking.ValidateNetworkPolicyPort.6', 'NetworkPolicy', 'ValidateNetworkPolicyPort', 'field.Invalid(portPath.Child("port"), port.Port.StrVal, IsValidPortName)', NETWORKING],
  ['networking.ValidateNetworkPolicyPort.7', 'NetworkPolicy', 'ValidateNetworkPolicyPort',
    'field.Invalid(portPath.Child("endPort"), *port.EndPort, "may not be specified when `port` is not specified")', NETWORKING],
  ['networking.ValidateNetworkPolicyPeer.1', 'NetworkPolicy', 'ValidateNetworkPolicyPeer', 'unversionedvalidation.ValidateLabelSelector(peer.PodSelector, ..., peerPath.Child("podSelector"))', NETWORKING],
  ['networking.ValidateNetworkPolicyPeer.2', 'NetworkPolicy', 'ValidateNetworkPolicyPeer',
    'unversionedvalidation.ValidateLabelSelector(peer.NamespaceSelector, ..., peerPath.Child("namespaceSelector"))', NETWORKING],
  ['networking.ValidateNetworkPolicyPeer.3', 'NetworkPolicy', 'ValidateNetworkPolicyPeer', 'field.Required(peerPath, "must specify a peer")', NETWORKING],
  ['networking.ValidateNetworkPolicyPeer.4', 'NetworkPolicy', 'ValidateNetworkPolicyPeer', 'field.Forbidden(peerPath, "may not specify both ipBlock and another peer")', NETWORKING],
  ['networking.ValidateIPBlock.1', 'NetworkPolicy', 'ValidateIPBlock', 'field.Required(fldPath.Child("cidr"), "")', NETWORKING],
  ['networking.ValidateIPBlock.2', 'NetworkPolicy', 'ValidateIPBlock', 'apivalidation.IsValidCIDRForLegacyField(fldPath.Child("cidr"), ipb.CIDR)', NETWORKING],
  ['networking.ValidateIPBlock.3', 'NetworkPolicy', 'ValidateIPBlock', 'apivalidation.IsValidCIDRForLegacyField(exceptPath, exceptCIDRStr)', NETWORKING],
  ['networking.ValidateIPBlock.4', 'NetworkPolicy', 'ValidateIPBlock', 'field.Invalid(exceptPath, exceptCIDRStr, "must be a strict subset of `cidr`")', NETWORKING],
  ['policy.ValidatePodDisruptionBudgetSpec.1', 'PodDisruptionBudget', 'ValidatePodDisruptionBudgetSpec', 'field.Invalid(fldPath, spec, "minAvailable and maxUnavailable cannot be both set")', POLICY],
  ['policy.ValidatePodDisruptionBudgetSpec.2', 'PodDisruptionBudget', 'ValidatePodDisruptionBudgetSpec',
    'appsvalidation.ValidatePositiveIntOrPercent(*spec.MinAvailable, fldPath.Child("minAvailable"))', POLICY],
  ['policy.ValidatePodDisruptionBudgetSpec.3', 'PodDisruptionBudget', 'ValidatePodDisruptionBudgetSpec', 'appsvalidation.IsNotMoreThan100Percent(*spec.MinAvailable, fldPath.Child("minAvailable"))', POLICY],
  ['policy.ValidatePodDisruptionBudgetSpec.4', 'PodDisruptionBudget', 'ValidatePodDisruptionBudgetSpec',
    'appsvalidation.ValidatePositiveIntOrPercent(*spec.MaxUnavailable, fldPath.Child("maxUnavailable"))', POLICY],
  ['policy.ValidatePodDisruptionBudgetSpec.5', 'PodDisruptionBudget', 'ValidatePodDisruptionBudgetSpec',
    'appsvalidation.IsNotMoreThan100Percent(*spec.MaxUnavailable, fldPath.Child("maxUnavailable"))', POLICY],
  ['policy.ValidatePodDisruptionBudgetSpec.6', 'PodDisruptionBudget', 'ValidatePodDisruptionBudgetSpec', 'unversionedvalidation.ValidateLabelSelector(spec.Selector, ..., fldPath.Child("selector"))', POLICY],
  ['policy.ValidatePodDisruptionBudgetSpec.7', 'PodDisruptionBudget', 'ValidatePodDisruptionBudgetSpec',
    'field.NotSupported(fldPath.Child("unhealthyPodEvictionPolicy"), *spec.UnhealthyPodEvictionPolicy, [AlwaysAllow, IfHealthyBudget])', POLICY],
  ...[
    'nodeSelector key is a deprecated node label', 'required node affinity term uses a deprecated node label', 'preferred node affinity term uses a deprecated node label',
    'topologySpreadConstraints[i].topologyKey is a deprecated node label', 'topologySpreadConstraints[i].labelSelector: a null labelSelector results in matching no pod',
    'deprecated pod annotation (critical-pod, sysctls, unsafe-sysctls)', 'volume photonPersistentDisk: deprecated in v1.11, non-functional in v1.16+',
    'volume gitRepo: deprecated in v1.11', 'volume scaleIO: deprecated in v1.16, non-functional in v1.22+', 'volume flocker: deprecated in v1.22, non-functional in v1.25+',
    'volume storageOS: deprecated in v1.22, non-functional in v1.25+', 'volume quobyte: deprecated in v1.22, non-functional in v1.25+',
    'volume glusterfs: deprecated in v1.25, non-functional in v1.26+', 'ephemeral volumeClaimTemplate: PersistentVolumeClaimSpec warnings',
    'volume cephfs: deprecated in v1.28, non-functional in v1.31+', 'volume rbd: deprecated in v1.28, non-functional in v1.31+',
    'projected configMap item path duplicates a serviceAccountToken path', 'projected secret item path duplicates a serviceAccountToken path',
    'projected downwardAPI item path duplicates a serviceAccountToken path', 'projected clusterTrustBundle path duplicates a serviceAccountToken path',
    'hostAliases: duplicate ip', 'imagePullSecrets: duplicate name', 'imagePullSecrets: invalid empty name',
    'overhead[memory]: fractional byte value is invalid, must be an integer', 'overhead[ephemeral-storage]: fractional byte value is invalid, must be an integer',
    'seccomp pod annotation without the seccompProfile field: non-functional in v1.27+', 'seccomp container annotation without the seccompProfile field: non-functional in v1.27+',
    'AppArmor container annotation without the appArmorProfile field: deprecated since v1.30',
    'resources.limits[memory]: fractional byte value is invalid, must be an integer', 'resources.requests[memory]: fractional byte value is invalid, must be an integer',
    'resources.limits[ephemeral-storage]: fractional byte value is invalid, must be an integer',
    'resources.requests[ephemeral-storage]: fractional byte value is invalid, must be an integer',
    'env[i]: hides previous definition of the same name, which may be dropped when using apply', 'ports[i]: hostIP set without hostPort',
    'ports[i]: duplicate port definition', 'ports[i]: overlapping port definition', 'ports[i]: dangerously ambiguous port definition',
    'terminationGracePeriodSeconds: must be >= 0; negative values are invalid and will be treated as 1',
    'pod (anti-)affinity term: a null labelSelector results in matching no pod',
  ].map((rule, index) => [`pod-warnings.warningsForPodSpecAndMeta.${index + 1}`, 'Deployment', 'warningsForPodSpecAndMeta', rule, POD_WARNINGS] as const),
];

/** The status, port and test (or reason) an entry keeps from the file, in the file's key order. */
function statusOf(old: InventoryEntry | undefined): Pick<InventoryEntry, 'status' | 'port' | 'test' | 'reason'> {
  if (old?.status === 'ported') return { status: 'ported', port: old.port, test: old.test };
  return { status: 'not-ported', reason: old?.reason ?? 'not yet ported' };
}

const SITE = /\bfield\.(Invalid|Required|Forbidden|NotSupported|Duplicate|TooLong|TooLongMaxLength|TooMany|NotFound|TypeInvalid)\(|warnings = append\(warnings,/;
const EXTERNAL = /\b(metav1validation|unversionedvalidation|validation|apimachineryvalidation|apivalidation|metavalidation)\.(Validate\w+)\(/;

interface GoFunction { readonly name: string; readonly source: Source; readonly start: number; readonly lines: readonly string[] }

function functionsOf(source: Source, dir: string): GoFunction[] {
  const lines = readFileSync(join(dir, source.local), 'utf8').split('\n');
  const functions: GoFunction[] = [];
  lines.forEach((line, index) => {
    const match = /^func (?:\([^)]*\)\s*)?(\w+)\(/.exec(line);
    if (!match) return;
    const end = lines.findIndex((text, at) => at > index && text === '}');
    functions.push({ name: match[1], source, start: index + 1, lines: lines.slice(index, end + 1) });
  });
  return functions;
}

/** The call text from a site's line until its parentheses balance (at most 8 lines). */
function callText(lines: readonly string[], at: number): string {
  let text = '';
  for (let index = at; index < Math.min(lines.length, at + 8); index++) {
    text += ` ${lines[index].trim()}`;
    const opened = (text.match(/\(/g) ?? []).length;
    if (opened > 0 && opened <= (text.match(/\)/g) ?? []).length) break;
  }
  return text.trim().replace(/^(el|allErrs|errs|warnings) = append\(\1, /, '').replace(/^(el|allErrs), warnings = /, '');
}

function main(dir: string): void {
  const functions = SOURCES.flatMap((source) => functionsOf(source, dir));
  const byName = new Map<string, GoFunction[]>();
  for (const fn of functions) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);
  const kindsOf = new Map<GoFunction, Set<string>>();
  for (const [kind, roots] of Object.entries(ROOTS)) {
    const queue = roots.flatMap((root) => byName.get(root) ?? []);
    if (queue.length === 0) throw new Error(`root ${roots.join(', ')} of ${kind} not found`);
    const seen = new Set<GoFunction>();
    while (queue.length > 0) {
      const fn = queue.pop()!;
      if (seen.has(fn) || !CREATE_ONLY(fn.name) || (OBJECT_META.has(fn.name) && !roots.includes(fn.name))) continue;
      seen.add(fn);
      kindsOf.set(fn, new Set([...(kindsOf.get(fn) ?? []), kind]));
      for (const line of fn.lines.slice(1)) {
        for (const call of line.matchAll(/\b(\w+)\(/g)) queue.push(...(byName.get(call[1]) ?? []).filter((callee) => callee !== fn));
      }
    }
  }
  const previous = existsSync(INVENTORY_FILE) ? (JSON.parse(readFileSync(INVENTORY_FILE, 'utf8')) as InventoryFile).rules : [];
  const kept = new Map(previous.map((entry) => [entry.id, entry]));
  const rules: InventoryEntry[] = [];
  for (const [fn, kinds] of kindsOf) {
    let ordinal = 0;
    fn.lines.forEach((line, offset) => {
      if (offset === 0 || /^\s*\/\//.test(line)) return;
      const external = EXTERNAL.exec(line);
      const site = SITE.exec(line);
      if (!site && !(external && !byName.has(external[2]))) return;
      ordinal += 1;
      const id = `${fn.source.area}.${fn.name}.${ordinal}`;
      const old = kept.get(id);
      const verdict = site?.[0].startsWith('warnings') ? 'warning' : 'error';
      rules.push({
        id, kinds: [...kinds].sort(), rule: callText(fn.lines, offset), function: fn.name,
        source: `${fn.source.upstream}:${fn.start + offset}`, verdict, ...statusOf(old),
      });
    });
  }
  const manual = MANUAL.map(([id, kinds, fn, rule, source, line]): InventoryEntry => {
    const verdict = id.startsWith('pod-warnings') ? 'warning' : 'error';
    const where = line ? `${source}:${line}` : `${source} (func ${fn}; line not pinned: ${UNPINNED})`;
    return { id, kinds: kinds.split('|'), rule, function: fn, source: where, verdict, manual: true, ...statusOf(kept.get(id)) };
  });
  const file: InventoryFile = { comment: 'Generated by tools/validate/inventory/extract.ts; statuses and manual entries are kept by id.', rules: [...rules, ...manual] };
  writeFileSync(INVENTORY_FILE, `${JSON.stringify(file, null, 1)}\n`);
  process.stdout.write(`${rules.length} generated + ${manual.length} manual rules\n`);
}

main(process.argv[2] ?? '/tmp/up');
