// Pod-template rules (tools/validate/rules/pod.ts), each case named by its inventory id
// (tools/validate/inventory/rules.json) and holding the API server's verdict, field errors as `path: rule`.
import { Validator } from '../../../tools/validate';
import { SUBDOMAIN_MESSAGE } from '../../../tools/validate/metadata';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const pod = (o: any) => o.spec.template.spec;
const container = (o: any) => pod(o).containers[0];
const at = 'spec.template.spec';
const c0 = `${at}.containers[0]`;
const CONFIG_KEY_MESSAGE = "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')";

function verdicts(change: (o: any) => void): string[] {
  const object = structuredClone(validExamples.Deployment);
  change(object);
  return verdictsOn(validator, object);
}

// ValidateVolumes keeps only volumes without errors, so the container's mount of a broken `tls` volume finds none.
const TLS_NOT_FOUND = `${c0}.volumeMounts[0].name: Not found: "tls"`;

const cases: Array<[string, (o: any) => void, string[]]> = [
  // validateSecretVolumeSource, validateConfigMapVolumeSource, validateKeyToPath, validateProjectionSources
  ['core.validateSecretVolumeSource.2: a Secret volume defaultMode of 644 (decimal, above 0777)', (o) => { pod(o).volumes[0].secret.defaultMode = 644; },
    [`${at}.volumes[0].secret.defaultMode: Invalid value: 644: must be a number between 0 and 0777 (octal), both inclusive`, TLS_NOT_FOUND]],
  ['core.validateSecretVolumeSource.1: a Secret volume without secretName', (o) => { pod(o).volumes[0].secret = { defaultMode: 0o440 }; },
    [`${at}.volumes[0].secret.secretName: Required value`, TLS_NOT_FOUND]],
  ['core.validateConfigMapVolumeSource.1 and .2: a ConfigMap volume without name, mode above 0777', (o) => { pod(o).volumes.push({ name: 'conf', configMap: { defaultMode: 1000 } }); },
    [`${at}.volumes[1].configMap.name: Required value`, `${at}.volumes[1].configMap.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive`]],
  ['core.validateKeyToPath.1, .2 and .3: an item without key or path, with a mode above 0777', (o) => { pod(o).volumes[0].secret.items = [{ mode: 511 + 1 }]; },
    [`${at}.volumes[0].secret.items[0].key: Required value`, `${at}.volumes[0].secret.items[0].path: Required value`,
      `${at}.volumes[0].secret.items[0].mode: Invalid value: 512: must be a number between 0 and 0777 (octal), both inclusive`, TLS_NOT_FOUND]],
  ['core.validateLocalDescendingPath.1, core.validatePathNoBacksteps.1: an absolute item path with ..', (o) => { pod(o).volumes[0].secret.items = [{ key: 'k', path: '/etc/../x' }]; },
    [`${at}.volumes[0].secret.items[0].path: Invalid value: "/etc/../x": must be a relative path`, `${at}.volumes[0].secret.items[0].path: Invalid value: "/etc/../x": must not contain '..'`,
      TLS_NOT_FOUND]],
  ['core.ValidateLocalNonReservedPath.1: an item path starting with ..', (o) => { pod(o).volumes[0].secret.items = [{ key: 'k', path: '..data' }]; },
    [`${at}.volumes[0].secret.items[0].path: Invalid value: "..data": must not start with '..'`, TLS_NOT_FOUND]],
  ['core.validateProjectionSources.6: a projected service-account token of 300 s', (o) => {
    pod(o).volumes.push({ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 300 } }] } });
  }, [`${at}.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes`]],
  ['core.validateProjectionSources.7: a projected token beyond 2^32 s', (o) => {
    pod(o).volumes.push({ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 2 ** 32 + 1 } }] } });
  }, [`${at}.volumes[1].projected.sources[0].serviceAccountToken.expirationSeconds: Invalid value: 4294967297: may not specify a duration larger than 2^32 seconds`]],
  ['core.validateProjectionSources.8: a projected token without path', (o) => {
    pod(o).volumes.push({ name: 'token', projected: { sources: [{ serviceAccountToken: { expirationSeconds: 3600 } }] } });
  }, [`${at}.volumes[1].projected.path: Required value`]],
  ['core.validateProjectionSources.1, .3 and .19: sources without names, two types in one source', (o) => {
    pod(o).volumes.push({ name: 'mix', projected: { sources: [{ secret: {}, configMap: {} }] } });
  }, [`${at}.volumes[1].projected.sources[0].secret.name: Required value`, `${at}.volumes[1].projected.sources[0].configMap.name: Required value`,
    `${at}.volumes[1].projected.sources[0]: Forbidden: may not specify more than 1 volume type per source`]],
  ['core.validateProjectionSources.2 and .4: the same path from two sources', (o) => {
    const items = [{ key: 'ca.crt', path: 'ca.crt' }];
    pod(o).volumes.push({ name: 'mix', projected: { sources: [{ secret: { name: 's', items } }, { configMap: { name: 'c', items } }, { secret: { name: 't', items } }] } });
  }, [`${at}.volumes[1].projected: Invalid value: "c": conflicting duplicate paths`, `${at}.volumes[1].projected: Invalid value: "t": conflicting duplicate paths`]],
  ['core.validateProjectionSources.5: a downwardAPI path already used', (o) => {
    pod(o).volumes.push({ name: 'mix', projected: { sources: [{ downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
      { downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } }] } });
  }, [`${at}.volumes[1].projected: Invalid value: "labels": conflicting duplicate paths`]],
  ['core.validateProjectedVolumeSource.1: a projected defaultMode above 0777', (o) => {
    pod(o).volumes.push({ name: 'p', projected: { defaultMode: 4096, sources: [{ secret: { name: 's' } }] } });
  }, [`${at}.volumes[1].projected.defaultMode: Invalid value: 4096: must be a number between 0 and 0777 (octal), both inclusive`]],
  ['core.validateVolumeSource.6: a Secret volume that is also an emptyDir (the later type in upstream\'s order is refused)', (o) => { pod(o).volumes[0].emptyDir = {}; },
    [`${at}.volumes[0].secret: Forbidden: may not specify more than 1 volume type`, TLS_NOT_FOUND]],
  ['core.validateVolumeSource.33: a volume without a type', (o) => { pod(o).volumes[0] = { name: 'tls' }; },
    [`${at}.volumes[0]: Required value: must specify a volume type`, TLS_NOT_FOUND]],
  ['core.validateObjectFieldSelector.5 and core.validateContainerResourceDivisor.1: an env var of the pod\'s labels (a volume\'s field only), a cpu divisor of 10m', (o) => {
    container(o).env = [{ name: 'LABELS', valueFrom: { fieldRef: { fieldPath: 'metadata.labels' } } },
      { name: 'CPU', valueFrom: { resourceFieldRef: { resource: 'limits.cpu', divisor: '10m' } } }];
  }, [`${c0}.env[0].valueFrom.fieldRef.fieldPath: Unsupported value: "metadata.labels": supported values: "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP", "status.hostIPs", "status.podIP", "status.podIPs"`,
    `${c0}.env[1].valueFrom.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`]],
  ['core.validateProjectionSources.9 (not ported): a clusterTrustBundle beside a secret in one source is dropped first (ClusterTrustBundleProjection is off in 1.33)', (o) => {
    pod(o).volumes.push({ name: 'mix', projected: { sources: [{ secret: { name: 's' }, clusterTrustBundle: { name: 'a', signerName: 'b', path: 'ca.pem' } }] } });
  }, []],
  ['core.validateMatchLabelKeysInTopologySpread.1, .2 and .3, core.validateTopologySpreadConstraints.1: spread keys and selectors', (o) => {
    pod(o).topologySpreadConstraints = [
      { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['app', 'pod-template-hash', 'bad key'],
        labelSelector: { matchLabels: { app: 'backend' }, matchExpressions: [{ key: 'tier', operator: 'Foo' }] } },
      { maxSkew: 1, topologyKey: 'host', whenUnsatisfiable: 'DoNotSchedule', matchLabelKeys: ['pod-template-hash'] }];
  }, [`${at}.topologySpreadConstraints[0].matchLabelKeys[0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector`,
    `${at}.topologySpreadConstraints[0].matchLabelKeys[2]: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    `${at}.topologySpreadConstraints[0].labelSelector.matchExpressions[0].operator: Invalid value: "Foo": not a valid selector operator`,
    // The null selector's warning is not returned: the API server asks for warnings only of an object it accepts.
    `${at}.topologySpreadConstraints[1].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set`]],
  // validateHandler, validateProbe
  ['core.validateHandler.3: a probe with two handlers', (o) => { container(o).readinessProbe.httpGet = { path: '/', port: 8443 }; },
    [`${c0}.readinessProbe.tcpSocket: Forbidden: may not specify more than 1 handler type`]],
  ['core.validateHandler.2 and .4: exec with httpGet and grpc', (o) => { container(o).livenessProbe = { exec: { command: ['true'] }, httpGet: { path: '/', port: 1 }, grpc: { port: 2 } }; },
    [`${c0}.livenessProbe.httpGet: Forbidden: may not specify more than 1 handler type`, `${c0}.livenessProbe.grpc: Forbidden: may not specify more than 1 handler type`]],
  ['core.validateHandler.5: a preStop hook with exec and sleep', (o) => { container(o).lifecycle = { preStop: { exec: { command: ['true'] }, sleep: { seconds: 1 } } }; },
    [`${c0}.lifecycle.preStop.sleep: Forbidden: may not specify more than 1 handler type`]],
  ['core.validateHandler.6: a probe without a handler', (o) => { container(o).readinessProbe = { periodSeconds: 5 }; },
    [`${c0}.readinessProbe: Required value: must specify a handler type`]],
  ['core.validateProbe.1: a probe terminationGracePeriodSeconds of 0', (o) => { container(o).livenessProbe = { tcpSocket: { port: 8443 }, terminationGracePeriodSeconds: 0 }; },
    [`${c0}.livenessProbe.terminationGracePeriodSeconds: Invalid value: 0: must be greater than 0`]],
  // validateEnvVarValueFrom and the key selectors
  ['core.validateEnvVarValueFrom.2: an env var with both value and valueFrom', (o) => {
    container(o).env = [{ name: 'A', value: 'x', valueFrom: { fieldRef: { fieldPath: 'metadata.name' } } }];
  }, [`${c0}.env[0].valueFrom: Invalid value: "": may not be specified when \`value\` is not empty`]],
  ['core.validateEnvVarValueFrom.1: an empty valueFrom', (o) => { container(o).env = [{ name: 'A', valueFrom: {} }]; },
    [`${c0}.env[0].valueFrom: Invalid value: "": must specify one of: \`fieldRef\`, \`resourceFieldRef\`, \`configMapKeyRef\` or \`secretKeyRef\``]],
  ['core.validateEnvVarValueFrom.3: two sources in one valueFrom', (o) => {
    container(o).env = [{ name: 'A', valueFrom: { fieldRef: { fieldPath: 'metadata.name' }, secretKeyRef: { name: 's', key: 'k' } } }];
  }, [`${c0}.env[0].valueFrom: Invalid value: "": may not have more than one field specified at a time`]],
  ['core.validateSecretKeySelector.2 and core.validateConfigMapKeySelector.2: key selectors without key', (o) => {
    container(o).env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 's' } } }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'c' } } }];
  }, [`${c0}.env[0].valueFrom.secretKeyRef.key: Required value`, `${c0}.env[1].valueFrom.configMapKeyRef.key: Required value`]],
  ['core.validateSecretKeySelector.1 and .3, core.validateConfigMapKeySelector.1 and .3: selector names that are no DNS subdomain, keys that are no config keys', (o) => {
    container(o).env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 'Bad_Name', key: 'a/b' } } }, { name: 'B', valueFrom: { configMapKeyRef: { key: '..k' } } }];
  }, [`${c0}.env[0].valueFrom.secretKeyRef.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MESSAGE}`, `${c0}.env[0].valueFrom.secretKeyRef.key: Invalid value: "a/b": ${CONFIG_KEY_MESSAGE}`,
    `${c0}.env[1].valueFrom.configMapKeyRef.name: Invalid value: "": ${SUBDOMAIN_MESSAGE}`, `${c0}.env[1].valueFrom.configMapKeyRef.key: Invalid value: "..k": must not start with '..'`]],
  ['core.validateContainerResourceFieldSelector.2 and .3: env resourceFieldRefs without resource, of an unknown one', (o) => {
    container(o).env = [{ name: 'A', valueFrom: { resourceFieldRef: {} } }, { name: 'B', valueFrom: { resourceFieldRef: { resource: 'requests.gpu' } } }];
  }, [`${c0}.env[0].valueFrom.resourceFieldRef.resource: Required value`,
    `${c0}.env[1].valueFrom.resourceFieldRef.resource: Unsupported value: "requests.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"`]],
  ['core.validateDNSPolicy.2, core.ValidatePreemptionPolicy.2: unknown policies, listed in upstream\'s order', (o) => { pod(o).dnsPolicy = 'Host'; pod(o).preemptionPolicy = 'Always'; },
    [`${at}.dnsPolicy: Unsupported value: "Host": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"`,
      `${at}.preemptionPolicy: Unsupported value: "Always": supported values: "PreemptLowerPriority", "Never"`]],
  ['core.ValidatePreemptionPolicy.1: an empty preemptionPolicy', (o) => { pod(o).preemptionPolicy = ''; }, [`${at}.preemptionPolicy: Required value`]],
  ['core.ValidateRuntimeClassName.1: a runtimeClassName that is no DNS subdomain', (o) => { pod(o).runtimeClassName = 'Kata_QEMU'; },
    [`${at}.runtimeClassName: Invalid value: "Kata_QEMU": ${SUBDOMAIN_MESSAGE}`]],
  ['core.validateHostUsers.1, .2 and .3: host network, PID and IPC with hostUsers false', (o) => { Object.assign(pod(o), { hostUsers: false, hostNetwork: true, hostPID: true, hostIPC: true }); },
    [`${at}.hostNetwork: Forbidden: when \`pod.Spec.HostUsers\` is false`, `${at}.HostPID: Forbidden: when \`pod.Spec.HostUsers\` is false`,
      `${at}.HostIPC: Forbidden: when \`pod.Spec.HostUsers\` is false`]],
  ['core.validateContainerPorts.7: an unknown port protocol', (o) => { container(o).ports = [{ containerPort: 8443, protocol: 'QUIC' }]; },
    [`${c0}.ports[0].protocol: Unsupported value: "QUIC": supported values: "SCTP", "TCP", "UDP"`]],
  ['core.validateHTTPGetAction.2: an unknown probe scheme', (o) => { container(o).livenessProbe = { httpGet: { path: '/', port: 8443, scheme: 'GRPC' } }; },
    [`${c0}.livenessProbe.httpGet.scheme: Unsupported value: "GRPC": supported values: "HTTP", "HTTPS"`]],
  ['core.validateOS.1: an os without name', (o) => { pod(o).os = { name: '' }; }, [`${at}.os.name: Required value: cannot be empty`]],
  ['core.validateOS.2: an os that is neither linux nor windows', (o) => { pod(o).os = { name: 'plan9' }; },
    [`${at}.os: Unsupported value: "plan9": supported values: "linux", "windows"`]],
  ['core.ValidateWhenUnsatisfiable.1 and core.validateNodeInclusionPolicy.1: unknown spread actions and policies', (o) => {
    pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'Wait', nodeAffinityPolicy: 'Obey', labelSelector: {} }];
  }, [`${at}.topologySpreadConstraints[0].whenUnsatisfiable: Unsupported value: "Wait": supported values: "DoNotSchedule", "ScheduleAnyway"`,
    `${at}.topologySpreadConstraints[0].nodeAffinityPolicy: Unsupported value: "Obey": supported values: "Honor", "Ignore"`]],
  ['core.validateFSGroupChangePolicy.1 and core.validateSupplementalGroupsPolicy.1: unknown pod security policies', (o) => {
    pod(o).securityContext = { fsGroupChangePolicy: 'Never', supplementalGroupsPolicy: 'Replace' };
  }, [`${at}.securityContext.fsGroupChangePolicy: Unsupported value: "Never": supported values: "Always", "OnRootMismatch"`,
    `${at}.securityContext.supplementalGroupsPolicy: Unsupported value: "Replace": supported values: "Merge", "Strict"`]],
  ['core.ValidateProcMountType.1 and core.validateMountPropagation.1: an unknown procMount and mountPropagation', (o) => {
    container(o).securityContext = { procMount: 'Masked' }; container(o).volumeMounts[0].mountPropagation = 'Shared';
  }, [`${c0}.volumeMounts[0].mountPropagation: Unsupported value: "Shared": supported values: "Bidirectional", "HostToContainer", "None"`,
    `${c0}.securityContext.procMount: Unsupported value: "Masked": supported values: "Default", "Unmasked"`]],
  // ValidateSecurityContext
  ['core.ValidateSecurityContext.5: privileged with allowPrivilegeEscalation false', (o) => { container(o).securityContext = { privileged: true, allowPrivilegeEscalation: false }; },
    [`${c0}.securityContext: Invalid value: {"privileged":true,"allowPrivilegeEscalation":false}: cannot set \`allowPrivilegeEscalation\` to false and \`privileged\` to true`]],
  ['core.ValidateSecurityContext.6: CAP_SYS_ADMIN with allowPrivilegeEscalation false', (o) => {
    container(o).securityContext = { allowPrivilegeEscalation: false, capabilities: { add: ['CAP_SYS_ADMIN'] } };
  }, [`${c0}.securityContext: Invalid value: {"allowPrivilegeEscalation":false,"capabilities":{"add":["CAP_SYS_ADMIN"]}}: cannot set \`allowPrivilegeEscalation\` to false and \`capabilities.Add\` CAP_SYS_ADMIN`]],
  ['core.ValidateSecurityContext.2 and .3: ids beyond int32', (o) => { container(o).securityContext = { runAsUser: -1, runAsGroup: -2 }; },
    [`${c0}.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
      `${c0}.securityContext.runAsGroup: Invalid value: -2: must be between 0 and 2147483647, inclusive`]],
  ['core.ValidateSecurityContext.4: procMount Unmasked with host users', (o) => { container(o).securityContext = { procMount: 'Unmasked' }; },
    [`${c0}.securityContext.procMount: Invalid value: "Unmasked": \`hostUsers\` must be false to use \`Unmasked\``]],
  // validateTopologySpreadConstraints and its helpers
  ['core.validateMinDomains.1: minDomains with ScheduleAnyway', (o) => {
    pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', minDomains: 2, labelSelector: { matchLabels: { app: 'backend' } } }];
  }, [`${at}.topologySpreadConstraints[0].minDomains: Invalid value: 2: can only use minDomains if whenUnsatisfiable=DoNotSchedule, not ScheduleAnyway`]],
  ['core.ValidatePositiveField.1 and core.ValidateTopologyKey.1: maxSkew 0 and no topologyKey', (o) => {
    pod(o).topologySpreadConstraints = [{ maxSkew: 0, whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} }];
  }, [`${at}.topologySpreadConstraints[0].maxSkew: Invalid value: 0: must be greater than zero`, `${at}.topologySpreadConstraints[0].topologyKey: Required value: can not be empty`]],
  ['core.ValidateSpreadConstraintNotRepeat.1: two constraints with one key and action', (o) => {
    const constraint = { maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', labelSelector: {} };
    pod(o).topologySpreadConstraints = [constraint, constraint];
  }, [`${at}.topologySpreadConstraints[0].{topologyKey, whenUnsatisfiable}: Duplicate value: "{zone, DoNotSchedule}"`]],
];

// [id, field, the path upstream reports it at]: every type after emptyDir in one volume is refused, unread.
const secondVolumeTypes: Array<[string, string, string]> = [
  ['core.validateVolumeSource.2', 'hostPath', 'hostPath'], ['core.validateVolumeSource.3', 'gitRepo', 'gitRepo'],
  ['core.validateVolumeSource.4', 'gcePersistentDisk', 'gcePersistentDisk'],
  ['core.validateVolumeSource.5', 'awsElasticBlockStore', 'awsElasticBlockStore'], ['core.validateVolumeSource.6', 'secret', 'secret'],
  ['core.validateVolumeSource.7', 'nfs', 'nfs'], ['core.validateVolumeSource.8', 'iscsi', 'iscsi'],
  ['core.validateVolumeSource.10', 'glusterfs', 'glusterfs'], ['core.validateVolumeSource.11', 'flocker', 'flocker'],
  ['core.validateVolumeSource.12', 'persistentVolumeClaim', 'persistentVolumeClaim'], ['core.validateVolumeSource.13', 'rbd', 'rbd'],
  ['core.validateVolumeSource.14', 'cinder', 'cinder'], ['core.validateVolumeSource.15', 'cephfs', 'cephFS'],
  ['core.validateVolumeSource.16', 'quobyte', 'quobyte'], ['core.validateVolumeSource.17', 'downwardAPI', 'downwarAPI'],
  ['core.validateVolumeSource.18', 'fc', 'fc'], ['core.validateVolumeSource.19', 'flexVolume', 'flexVolume'],
  ['core.validateVolumeSource.20', 'configMap', 'configMap'], ['core.validateVolumeSource.21', 'azureFile', 'azureFile'],
  ['core.validateVolumeSource.22', 'vsphereVolume', 'vsphereVolume'],
  ['core.validateVolumeSource.23', 'photonPersistentDisk', 'photonPersistentDisk'],
  ['core.validateVolumeSource.24', 'portworxVolume', 'portworxVolume'], ['core.validateVolumeSource.25', 'azureDisk', 'azureDisk'],
  ['core.validateVolumeSource.26', 'storageos', 'storageos'], ['core.validateVolumeSource.27', 'projected', 'projected'],
  ['core.validateVolumeSource.28', 'scaleIO', 'scaleIO'], ['core.validateVolumeSource.29', 'csi', 'csi'],
  ['core.validateVolumeSource.30', 'ephemeral', 'ephemeral'],
];
// core.validateVolumeSource.32 (image as a second type) is not reached in 1.33: image volumes are dropped first (pod-gates.test.ts).

const accepted: Array<[string, (o: any) => void]> = [
  ['core.validateSecretVolumeSource.2: defaultMode 0o644 (420) is within 0777', (o) => { pod(o).volumes[0].secret.defaultMode = 0o644; }],
  ['core.validateProjectionSources.6: a token of exactly 600 s', (o) => {
    pod(o).volumes.push({ name: 'token', projected: { sources: [{ serviceAccountToken: { path: 'token', expirationSeconds: 600 } }] } });
  }],
  ['core.validateMinDomains.1: minDomains with DoNotSchedule', (o) => {
    pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'DoNotSchedule', minDomains: 2, labelSelector: { matchLabels: { app: 'backend' } } }];
  }],
  ['core.validateSecretKeySelector.1 and .3, core.validateConfigMapKeySelector.1 and .3: named selectors with config keys', (o) => {
    container(o).env = [{ name: 'A', valueFrom: { secretKeyRef: { name: 'tls', key: 'tls.crt' } } }, { name: 'B', valueFrom: { configMapKeyRef: { name: 'conf', key: 'KEY_1' } } }];
  }],
  ['core.validateOS.1 and .2, core.ValidateWhenUnsatisfiable.1, core.validateNodeInclusionPolicy.1, core.validateFSGroupChangePolicy.1, core.validateSupplementalGroupsPolicy.1, core.ValidateProcMountType.1 and core.validateMountPropagation.1: known values', (o) => {
    pod(o).os = { name: 'linux' };
    pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway', nodeAffinityPolicy: 'Ignore', labelSelector: {} }];
    pod(o).securityContext = { ...pod(o).securityContext, fsGroupChangePolicy: 'OnRootMismatch', supplementalGroupsPolicy: 'Strict' };
    container(o).securityContext = { ...container(o).securityContext, procMount: 'Default' }; container(o).volumeMounts[0].mountPropagation = 'HostToContainer';
  }],
  ['core.validateDNSPolicy.2, core.ValidatePreemptionPolicy.1 and .2: ClusterFirstWithHostNet and Never', (o) => { pod(o).dnsPolicy = 'ClusterFirstWithHostNet'; pod(o).preemptionPolicy = 'Never'; }],
  ['core.ValidateRuntimeClassName.1: runtimeClassName kata-qemu', (o) => { pod(o).runtimeClassName = 'kata-qemu'; }],
  ['core.validateHostUsers.1, .2 and .3: host namespaces with host users', (o) => { Object.assign(pod(o), { hostNetwork: true, hostPID: true, hostIPC: true }); }],
  ['core.validateContainerPorts.7 and core.validateHTTPGetAction.2: UDP and HTTPS', (o) => {
    container(o).ports = [{ containerPort: 8443, protocol: 'UDP' }]; container(o).livenessProbe = { httpGet: { path: '/', port: 8443, scheme: 'HTTPS' } };
  }],
  ['core.ValidateSecurityContext.4: procMount Unmasked with hostUsers false', (o) => { pod(o).hostUsers = false; container(o).securityContext = { procMount: 'Unmasked' }; }],
];

describe('pod-template rules give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test.each(secondVolumeTypes)('%s: a volume with emptyDir and %s is refused at %s', (_id, field, reported) => {
    // deprecated plugins also draw a warning (pod-warnings.test.ts); the errors are what this rule decides
    expect(verdicts((o) => { pod(o).volumes.push({ name: 'two', emptyDir: {}, [field]: {} }); }).filter((line) => !line.includes(': Warning: ')))
      .toEqual([`${at}.volumes[1].${reported}: Forbidden: may not specify more than 1 volume type`]);
  });

  test.each(accepted)('accepted: %s', (_id, change) => {
    expect(verdicts(change)).toEqual([]);
  });
});

describe('pod warnings (pkg/api/pod/warnings.go) come back as warnings', () => {
  test('pod-warnings.warningsForPodSpecAndMeta.29 and .30: a 64m memory quantity is fractional bytes', () => {
    const problems = validator.validate([(() => {
      const object: any = structuredClone(validExamples.Deployment);
      container(object).resources = { requests: { memory: '64m' }, limits: { memory: '0.5' } };
      return object;
    })()]);
    expect(problems.map((problem) => [problem.warning, problem.path, problem.rule])).toEqual([
      [true, `${c0}.resources.limits[memory]`, 'Warning: fractional byte value "0.5" is invalid, must be an integer'],
      [true, `${c0}.resources.requests[memory]`, 'Warning: fractional byte value "64m" is invalid, must be an integer'],
    ]);
  });

  test('pod-warnings.warningsForPodSpecAndMeta.31 and .32: ephemeral-storage too; whole bytes (1000m, 64Mi) draw nothing', () => {
    expect(verdicts((o) => { container(o).resources = { requests: { 'ephemeral-storage': '1500m', 'memory': '1000m' }, limits: { 'ephemeral-storage': '1.5', 'memory': '64Mi' } }; }))
      .toEqual([`${c0}.resources.limits[ephemeral-storage]: Warning: fractional byte value "1.5" is invalid, must be an integer`,
        `${c0}.resources.requests[ephemeral-storage]: Warning: fractional byte value "1500m" is invalid, must be an integer`]);
  });
});
