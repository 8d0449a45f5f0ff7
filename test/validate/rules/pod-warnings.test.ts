// The warnings of pkg/api/pod/warnings.go on a Deployment's pod template (tools/validate/rules/pod-warnings.ts),
// by inventory id: accepted objects, each warning in the API server's words.
import { Validator } from '../../../tools/validate';
import { validExamples } from '../examples';

const validator = Validator.fromPinnedCrds();
const pod = (o: any) => o.spec.template.spec;
const container = (o: any) => pod(o).containers[0];
const at = 'spec.template.spec';

function warnings(change: (o: any) => void): string[] {
  const object = structuredClone(validExamples.Deployment);
  change(object);
  const problems = validator.validate([object]);
  expect(problems.every((problem) => problem.warning)).toBe(true);
  return problems.map((problem) => `${problem.path}: ${problem.rule}`);
}

const cases: Array<[string, (o: any) => void, string[]]> = [
  ['pod-warnings.warningsForPodSpecAndMeta.6: a deprecated critical-pod annotation', (o) => { o.spec.template.metadata.annotations = { 'scheduler.alpha.kubernetes.io/critical-pod': '' }; },
    ['spec.template.metadata.annotations[scheduler.alpha.kubernetes.io/critical-pod]: Warning: non-functional in v1.16+; use the "priorityClassName" field instead']],
  ['pod-warnings.warningsForPodSpecAndMeta.5: a spread constraint without labelSelector', (o) => {
    pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'zone', whenUnsatisfiable: 'ScheduleAnyway' }];
  }, [`${at}.topologySpreadConstraints[0].labelSelector: Warning: a null labelSelector results in matching no pod`]],
  ['pod-warnings.warningsForPodSpecAndMeta.7, .8, .9, .10, .11, .12, .13, .15 and .16: deprecated volume plugins', (o) => {
    pod(o).volumes.push(
      { name: 'a', photonPersistentDisk: { pdID: 'x' } }, { name: 'b', gitRepo: { repository: 'r' } }, { name: 'c', scaleIO: { gateway: 'g', system: 's', volumeName: 'v', secretRef: { name: 'n' } } },
      { name: 'd', flocker: { datasetName: 'x' } }, { name: 'e', storageos: { volumeName: 'x' } }, { name: 'f', quobyte: { registry: 'r:7861', volume: 'v' } },
      { name: 'g', glusterfs: { endpoints: 'e', path: 'p' } }, { name: 'h', cephfs: { monitors: ['m'] } }, { name: 'i', rbd: { monitors: ['m'], image: 'i' } });
  }, [`${at}.volumes[1].photonPersistentDisk: Warning: deprecated in v1.11, non-functional in v1.16+`, `${at}.volumes[2].gitRepo: Warning: deprecated in v1.11`,
    `${at}.volumes[3].scaleIO: Warning: deprecated in v1.16, non-functional in v1.22+`, `${at}.volumes[4].flocker: Warning: deprecated in v1.22, non-functional in v1.25+`,
    `${at}.volumes[5].storageos: Warning: deprecated in v1.22, non-functional in v1.25+`, `${at}.volumes[6].quobyte: Warning: deprecated in v1.22, non-functional in v1.25+`,
    `${at}.volumes[7].glusterfs: Warning: deprecated in v1.25, non-functional in v1.26+`, `${at}.volumes[8].cephfs: Warning: deprecated in v1.28, non-functional in v1.31+`,
    `${at}.volumes[9].rbd: Warning: deprecated in v1.28, non-functional in v1.31+`]],
  ['pod-warnings.warningsForPodSpecAndMeta.21, .22 and .23: duplicate host alias IPs and pull secrets, an empty pull secret name', (o) => {
    pod(o).hostAliases = [{ ip: '10.0.0.1', hostnames: ['a'] }, { ip: '10.0.0.1', hostnames: ['b'] }];
    pod(o).imagePullSecrets = [{ name: 'reg' }, { name: 'reg' }, {}];
  }, [`${at}.hostAliases[1].ip: Warning: duplicate ip "10.0.0.1"`, `${at}.imagePullSecrets[1].name: Warning: duplicate name "reg"`,
    `${at}.imagePullSecrets[2].name: Warning: invalid empty name ""`]],
  ['pod-warnings.warningsForPodSpecAndMeta.24 and .25: fractional pod overhead', (o) => { pod(o).overhead = { 'memory': '10m', 'ephemeral-storage': '0.5' }; },
    [`${at}.overhead[memory]: Warning: fractional byte value "10m" is invalid, must be an integer`,
      `${at}.overhead[ephemeral-storage]: Warning: fractional byte value "0.5" is invalid, must be an integer`]],
  ['pod-warnings.warningsForPodSpecAndMeta.33: an env var redefined without referring to itself', (o) => {
    container(o).env = [{ name: 'A', value: '1' }, { name: 'A', value: '2' }, { name: 'B', value: 'x' }, { name: 'B', value: '$(B)-y' }];
  }, [`${at}.containers[0].env[1]: Warning: hides previous definition of "A", which may be dropped when using apply`]],
  ['pod-warnings.warningsForPodSpecAndMeta.34: hostIP without hostPort', (o) => { container(o).ports[0].hostIP = '10.0.0.1'; },
    [`${at}.containers[0].ports[0]: Warning: hostIP set without hostPort: {Name:https HostPort:0 ContainerPort:8443 Protocol:TCP HostIP:10.0.0.1}`]],
  ['pod-warnings.warningsForPodSpecAndMeta.35, .36 and .37: duplicate, overlapping and ambiguous port definitions', (o) => {
    pod(o).containers.push({ name: 'side', image: 'busybox:1.37', ports: [{ containerPort: 8443 }] });
    pod(o).containers.push({ name: 'third', image: 'busybox:1.37', ports: [{ containerPort: 9000, hostPort: 9000 }, { containerPort: 9000, hostPort: 9000, hostIP: '10.0.0.1', name: 'p' }] });
    pod(o).containers.push({ name: 'fourth', image: 'busybox:1.37', ports: [{ containerPort: 8443, hostPort: 8443 }] });
  }, [`${at}.containers[1].ports[0]: Warning: duplicate port definition with ${at}.containers[0].ports[0]`,
    `${at}.containers[2].ports[1]: Warning: dangerously ambiguous port definition with ${at}.containers[2].ports[0]`,
    `${at}.containers[3].ports[0]: Warning: overlapping port definition with ${at}.containers[0].ports[0]`,
    `${at}.containers[3].ports[0]: Warning: overlapping port definition with ${at}.containers[1].ports[0]`]],
  ['pod-warnings.warningsForPodSpecAndMeta.39: pod affinity terms without labelSelector', (o) => {
    pod(o).affinity = { podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ topologyKey: 'zone' }],
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, podAffinityTerm: { topologyKey: 'zone' } }] } };
  }, [`${at}.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector: Warning: a null labelSelector results in matching no pod`,
    `${at}.affinity.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.labelSelector: Warning: a null labelSelector results in matching no pod`]],
  ['pod-warnings.warningsForPodSpecAndMeta.1, .2, .3 and .4: deprecated node labels in the nodeSelector, node affinity and topology spread', (o) => {
    pod(o).nodeSelector = { 'beta.kubernetes.io/os': 'linux' };
    const term = { matchExpressions: [{ key: 'failure-domain.beta.kubernetes.io/zone', operator: 'In', values: ['a'] }] };
    pod(o).affinity = { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [term] },
      preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 1, preference: { matchExpressions: [{ key: 'beta.kubernetes.io/instance-type', operator: 'Exists' }] } }] } };
    pod(o).topologySpreadConstraints = [{ maxSkew: 1, topologyKey: 'failure-domain.beta.kubernetes.io/region', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: {} }];
  }, [`${at}.nodeSelector[beta.kubernetes.io/os]: Warning: deprecated since v1.14; use "kubernetes.io/os" instead`,
    `${at}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].key: Warning: failure-domain.beta.kubernetes.io/zone is deprecated since v1.17; use "topology.kubernetes.io/zone" instead`,
    `${at}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].preference.matchExpressions[0].key: Warning: beta.kubernetes.io/instance-type is deprecated since v1.17; use "node.kubernetes.io/instance-type" instead`,
    `${at}.topologySpreadConstraints[0].topologyKey: Warning: failure-domain.beta.kubernetes.io/region is deprecated since v1.17; use "topology.kubernetes.io/region" instead`]],
  ['pod-warnings.warningsForPodSpecAndMeta.26, .27 and .28: seccomp and AppArmor annotations without their fields', (o) => {
    o.spec.template.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
      'container.seccomp.security.alpha.kubernetes.io/nginx': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/nginx': 'runtime/default' };
  }, ['spec.template.metadata.annotations[seccomp.security.alpha.kubernetes.io/pod]: Warning: non-functional in v1.27+; use the "seccompProfile" field instead',
    'spec.template.metadata.annotations[container.seccomp.security.alpha.kubernetes.io/nginx]: Warning: non-functional in v1.27+; use the "seccompProfile" field instead',
    'spec.template.metadata.annotations[container.apparmor.security.beta.kubernetes.io/nginx]: Warning: deprecated since v1.30; use the "appArmorProfile" field instead']],
  ['pod-warnings.warningsForPodSpecAndMeta.26, .27 and .28: none where the fields are set beside matching annotations', (o) => {
    o.spec.template.metadata.annotations = { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default',
      'container.seccomp.security.alpha.kubernetes.io/nginx': 'localhost/p.json', 'container.apparmor.security.beta.kubernetes.io/nginx': 'unconfined' };
    pod(o).securityContext = { seccompProfile: { type: 'RuntimeDefault' }, appArmorProfile: { type: 'Unconfined' } };
    container(o).securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'p.json' };
  }, []],
];

describe('pod template warnings', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(warnings(change)).toEqual(expected);
  });
});
