// Pod-level fields of a pod template (tools/validate/rules/pod-spec.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const pod = (o: any) => o.spec.template.spec;
const at = 'spec.template.spec';

function verdicts(change: (spec: any) => void): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  change(pod(object));
  return verdictsOn(validator, object);
}

const cases: Array<[string, (spec: any) => void, string[]]> = [
  ['core.ValidateTolerations.2 and .6: no key without Exists, an unknown operator', (s) => { s.tolerations = [{ operator: 'Equal', value: 'x' }, { key: 'k', operator: 'In' }]; },
    [`${at}.tolerations[0].operator: Invalid value: "Equal": operator must be Exists when \`key\` is empty, which means "match all values and all keys"`,
      `${at}.tolerations[1].operator: Unsupported value: "In": supported values: "Equal", "Exists"`]],
  ['core.ValidateTolerations.3 and core.validateTaintEffect.2: tolerationSeconds without NoExecute, an unknown effect', (s) => {
    s.tolerations = [{ key: 'k', operator: 'Exists', effect: 'Never', tolerationSeconds: 60 }];
  }, [`${at}.tolerations[0].effect: Invalid value: "Never": effect must be 'NoExecute' when \`tolerationSeconds\` is set`,
    `${at}.tolerations[0].effect: Unsupported value: "Never": supported values: "NoSchedule", "PreferNoSchedule", "NoExecute"`]],
  ['core.ValidateTolerations.1, .4 and .5: a bad key, a bad value, a value with Exists', (s) => {
    s.tolerations = [{ key: 'bad key', operator: 'Equal', value: 'a b' }, { key: 'k', operator: 'Exists', value: 'v' }];
  }, [`${at}.tolerations[0].key: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    `${at}.tolerations[0].operator: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    `${at}.tolerations[1].operator: Invalid value: "v": value must be empty when \`operator\` is 'Exists'`]],
  ['core.validatePodDNSConfig.1: dnsPolicy None without dnsConfig', (s) => { s.dnsPolicy = 'None'; }, [`${at}.dnsConfig: Required value: must provide \`dnsConfig\` when \`dnsPolicy\` is None`]],
  ['core.validatePodDNSConfig.2: dnsPolicy None without nameservers', (s) => { s.dnsPolicy = 'None'; s.dnsConfig = { searches: ['svc.cluster.local'] }; },
    [`${at}.dnsConfig.nameservers: Required value: must provide at least one DNS nameserver when \`dnsPolicy\` is None`]],
  ['core.validatePodDNSConfig.3, .4 and .6: four nameservers, 33 searches, an option without name', (s) => {
    s.dnsConfig = { nameservers: ['10.0.0.1', '10.0.0.2', '10.0.0.3', '10.0.0.4'], searches: Array.from({ length: 33 }, (_v, i) => `s${i}.example`), options: [{ value: '1' }] };
  }, [`${at}.dnsConfig.nameservers: Invalid value: ["10.0.0.1","10.0.0.2","10.0.0.3","10.0.0.4"]: must not have more than 3 nameservers`,
    `${at}.dnsConfig.searches: Invalid value: ${JSON.stringify(Array.from({ length: 33 }, (_v, i) => `s${i}.example`))}: must not have more than 32 search paths`,
    `${at}.dnsConfig.options[0]: Required value: must not be empty`]],
  ['core.ValidateDNS1123SubdomainWithUnderScore.1: search domains (".", a trailing dot and underscores pass under RelaxedDNSSearchValidation; upper case does not)', (s) => {
    s.dnsConfig = { nameservers: ['10.0.0.1'], searches: ['.', 'svc.cluster.local.', '_sip._tcp.example.com', 'Bad_Domain'] };
  }, [`${at}.dnsConfig.searches[3]: Invalid value: "Bad_Domain": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '_', '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*')`]],
  ['core.validatePodDNSConfig.5 and core.ValidateDNS1123SubdomainWithUnderScore.1: a search list over 2048 characters, a search over 253', (s) => { s.dnsConfig = { searches: ['a'.repeat(63), 'b'.repeat(2000)] }; },
    [`${at}.dnsConfig.searches: Invalid value: ${JSON.stringify(['a'.repeat(63), 'b'.repeat(2000)])}: must not have more than 2048 characters (including spaces) in the search list`,
      `${at}.dnsConfig.searches[1]: Invalid value: "${'b'.repeat(2000)}": must be no more than 253 characters`]],
  ['core.validateSchedulingGates.1 and core.ValidateQualifiedName.1: a repeated gate, a gate that is no qualified name', (s) => {
    s.schedulingGates = [{ name: 'example.com/wait' }, { name: 'example.com/wait' }, { name: 'not ok' }];
  }, [`${at}.schedulingGates[1]: Duplicate value: "example.com/wait"`,
    `${at}.schedulingGates[2]: Invalid value: "not ok": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`]],
  ['core.validateSeccompProfileType.1 and .2: a seccomp profile without type, with an unknown one', (s) => {
    s.securityContext = { seccompProfile: {} }; s.containers[0].securityContext.seccompProfile = { type: 'Default' };
  }, [`${at}.containers[0].securityContext.seccompProfile.type: Unsupported value: "Default": supported values: "Localhost", "RuntimeDefault", "Unconfined"`,
    `${at}.securityContext.seccompProfile.type: Required value: type is required when seccompProfile is set`]],
  ['core.validateSeccompProfileField.1 and .2: Localhost without a profile, a profile without Localhost', (s) => {
    s.securityContext = { seccompProfile: { type: 'Localhost' } }; s.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault', localhostProfile: 'x.json' };
  }, [`${at}.containers[0].securityContext.seccompProfile.localhostProfile: Invalid value: {"type":"RuntimeDefault","localhostProfile":"x.json"}: can only be set when seccomp type is Localhost`,
    `${at}.securityContext.seccompProfile.localhostProfile: Required value: must be set when seccomp type is Localhost`]],
  ['core.ValidatePodSpec.2, .3, .4 and .6: bad nodeSelector value, service account, node and priority class names', (s) => {
    Object.assign(s, { nodeSelector: { zone: 'a b' }, serviceAccountName: 'Backend', nodeName: 'Node_1', priorityClassName: 'High' });
  }, [`${at}.nodeSelector[zone]: Invalid value: "a b": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')`,
    `${at}.serviceAccountName: Invalid value: "Backend": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    `${at}.nodeName: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    `${at}.priorityClassName: Invalid value: "High": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`]],
  ['core.ValidatePodSpec.5: activeDeadlineSeconds 0 (out of range, and not for a Deployment\'s pods)', (s) => { s.activeDeadlineSeconds = 0; },
    [`${at}.activeDeadlineSeconds: Invalid value: 0: must be between 1 and 2147483647, inclusive`, `${at}.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported`]],
  ['core.validatePodSpecSecurityContext.1, .2, .3, .4 and .5: ids out of range, shareProcessNamespace with hostPID', (s) => {
    s.hostPID = true;
    s.shareProcessNamespace = true;
    s.securityContext = { fsGroup: -1, runAsUser: -1, runAsGroup: 2 ** 31, supplementalGroups: [1, -5] };
  }, [`${at}.securityContext.fsGroup: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
    `${at}.securityContext.runAsUser: Invalid value: -1: must be between 0 and 2147483647, inclusive`,
    `${at}.securityContext.runAsGroup: Invalid value: 2147483648: must be between 0 and 2147483647, inclusive`,
    `${at}.securityContext.supplementalGroups[1]: Invalid value: -5: must be between 0 and 2147483647, inclusive`,
    `${at}.securityContext.shareProcessNamespace: Invalid value: true: ShareProcessNamespace and HostPID cannot both be enabled`]],
  ['core.validateSysctls.1, .2 and .3: an unnamed, a malformed and a repeated sysctl', (s) => {
    s.securityContext = { sysctls: [{ value: '1' }, { name: 'Kernel.X', value: '1' }, { name: 'kernel.shm_rmid_forced', value: '1' }, { name: 'kernel.shm_rmid_forced', value: '0' }] };
  }, [`${at}.securityContext.sysctls[0].name: Required value`,
    `${at}.securityContext.sysctls[1].name: Invalid value: "Kernel.X": must have at most 253 characters and match regex ([a-z0-9]([-_a-z0-9]*[a-z0-9])?[./])*[a-z0-9]([-_a-z0-9]*[a-z0-9])?`,
    `${at}.securityContext.sysctls[3].name: Duplicate value: "kernel.shm_rmid_forced"`]],
  ['core.ValidateHostSysctl.1 and .2: a net sysctl with hostNetwork, an IPC sysctl with hostIPC', (s) => {
    s.hostNetwork = true; s.hostIPC = true; s.securityContext = { sysctls: [{ name: 'net.ipv4.ip_local_port_range', value: '1024 65535' }, { name: 'kernel.msgmax', value: '1' }] };
  }, [`${at}.securityContext.sysctls[0].name: Invalid value: "net.ipv4.ip_local_port_range": may not be specified when 'hostNetwork' is true`,
    `${at}.securityContext.sysctls[1].name: Invalid value: "kernel.msgmax": may not be specified when 'hostIPC' is true`]],
  ['core.ValidateAppArmorProfileField.1 and .5: AppArmor profiles of the pod and its container', (s) => {
    s.securityContext = { appArmorProfile: { type: 'Localhost' } };
    s.containers[0].securityContext.appArmorProfile = { type: 'RuntimeDefault', localhostProfile: 'p' };
  }, [`${at}.containers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: "p": can only be set when AppArmor type is Localhost`,
    `${at}.securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost`]],
  ['core.ValidateAppArmorProfileField.2, .3 and .4: a padded, an empty and a too long localhost profile', (s) => {
    s.initContainers = [1, 2, 3].map((n) => ({ name: `i${n}`, image: 'busybox:1.37', securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: [' p', '', 'x'.repeat(4096)][n - 1] } } }));
  }, [`${at}.initContainers[0].securityContext.appArmorProfile.localhostProfile: Invalid value: " p": must not be padded with whitespace`,
    `${at}.initContainers[1].securityContext.appArmorProfile.localhostProfile: Required value: must be set when AppArmor type is Localhost`,
    `${at}.initContainers[2].securityContext.appArmorProfile.localhostProfile: Too long: may not be more than 4095 bytes`]],
  ['core.ValidateAppArmorProfileField.6 and .7: an AppArmor profile without a type, with an unknown one', (s) => {
    s.securityContext = { appArmorProfile: {} };
    s.containers[0].securityContext.appArmorProfile = { type: 'Custom' };
  }, [`${at}.containers[0].securityContext.appArmorProfile.type: Unsupported value: "Custom": supported values: "Localhost", "RuntimeDefault", "Unconfined"`,
    `${at}.securityContext.appArmorProfile.type: Required value: type is required when appArmorProfile is set`]],
];

describe('pod-level fields give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test('accepted: tolerations of every shape, dnsPolicy None with a nameserver, a Localhost seccomp profile', () => {
    expect(verdicts((s) => {
      s.tolerations = [{ operator: 'Exists' }, { key: 'k', operator: 'Equal', value: 'v', effect: 'NoExecute', tolerationSeconds: 30 }, { key: 'example.com/k', effect: 'NoSchedule' }];
      s.dnsPolicy = 'None'; s.dnsConfig = { nameservers: ['10.0.0.10'], options: [{ name: 'ndots', value: '2' }] };
      s.securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/audit.json' } };
    })).toEqual([]);
  });
});
