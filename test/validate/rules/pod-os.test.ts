// The operating-system options of a pod template (tools/validate/rules/pod-os.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const at = 'spec.template.spec';
const windowsOnly = 'Forbidden: cannot be set for a windows pod';

/** The verdicts on the valid Deployment after `change`, its container's Linux security context removed first. */
function verdicts(change: (spec: any) => void): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  delete object.spec.template.spec.containers[0].securityContext;
  change(object.spec.template.spec);
  return verdictsOn(validator, object);
}

const cases: Array<[string, (spec: any) => void, string[]]> = [
  ['core.validateWindows.1, .2, .6, .7, .8, .9, .11, .12, .13, .14 and .15: Linux-only pod security context fields of a windows pod', (s) => {
    s.os = { name: 'windows' };
    s.securityContext = {
      appArmorProfile: { type: 'RuntimeDefault' }, seLinuxOptions: { level: 's0' }, seccompProfile: { type: 'RuntimeDefault' }, fsGroup: 1, fsGroupChangePolicy: 'Always',
      sysctls: [{ name: 'kernel.msgmax', value: '1' }], runAsUser: 1, runAsGroup: 1, supplementalGroups: [], supplementalGroupsPolicy: 'Merge', seLinuxChangePolicy: 'Recursive',
    };
  }, ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'fsGroup', 'fsGroupChangePolicy', 'sysctls', 'runAsUser', 'runAsGroup', 'supplementalGroups',
    'supplementalGroupsPolicy', 'seLinuxChangePolicy'].map((field) => `${at}.securityContext.${field}: ${windowsOnly}`)],
  ['core.validateWindows.3, .4, .5 and .10: host namespaces of a windows pod (hostUsers and shareProcessNamespace even when true or false)', (s) => {
    Object.assign(s, { os: { name: 'windows' }, hostUsers: true, hostPID: true, hostIPC: true, shareProcessNamespace: false });
  }, ['hostUsers', 'hostPID', 'hostIPC', 'shareProcessNamespace'].map((field) => `${at}.${field}: ${windowsOnly}`)],
  ['core.validateWindows.16, .17, .18, .19, .20, .21, .22, .23, .24 and .25: Linux-only container security context fields of a windows pod', (s) => {
    s.os = { name: 'windows' };
    s.initContainers = [{
      name: 'init', image: 'busybox:1.37', securityContext: {
        appArmorProfile: { type: 'RuntimeDefault' }, seLinuxOptions: { level: 's0' }, seccompProfile: { type: 'RuntimeDefault' }, capabilities: {}, readOnlyRootFilesystem: false,
        privileged: false, allowPrivilegeEscalation: true, procMount: 'Default', runAsUser: 1, runAsGroup: 1,
      },
    }];
  }, ['appArmorProfile', 'seLinuxOptions', 'seccompProfile', 'capabilities', 'readOnlyRootFilesystem', 'privileged', 'allowPrivilegeEscalation', 'procMount', 'runAsUser',
    'runAsGroup'].map((field) => `${at}.initContainers[0].securityContext.${field}: ${windowsOnly}`)],
  ['core.validateLinux.1 and .2: windowsOptions in a linux pod', (s) => {
    s.os = { name: 'linux' };
    s.securityContext = { windowsOptions: { runAsUserName: 'app' } };
    s.containers[0].securityContext = { windowsOptions: {} };
  }, [`${at}.securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod`,
    `${at}.containers[0].securityContext.windowsOptions: Forbidden: windows options cannot be set for a linux pod`]],
  ['core.validateWindowsHostProcessPod.1, .2 and .3: a container that disagrees with the pod\'s hostProcess, no hostNetwork', (s) => {
    s.securityContext = { windowsOptions: { hostProcess: true } };
    s.initContainers = [{ name: 'init', image: 'busybox:1.37', securityContext: { windowsOptions: { hostProcess: false } } }];
  }, [`${at}.initContainers[0].securityContext.windowsOptions.hostProcess: Invalid value: false: pod hostProcess value must be identical if both are specified, was true`,
    `${at}: Invalid value: "": If pod contains any hostProcess containers then all containers must be HostProcess containers`,
    `${at}.hostNetwork: Invalid value: false: hostNetwork must be true if pod contains any hostProcess containers`]],
  ['core.validateWindowsSecurityContextOptions.1, .2 and .4: a GMSA spec name that is no DNS subdomain, an empty GMSA spec and user name', (s) => {
    s.securityContext = { windowsOptions: { gmsaCredentialSpecName: 'Web_Spec', gmsaCredentialSpec: '', runAsUserName: '' } };
  }, [`${at}.securityContext.windowsOptions.gmsaCredentialSpecName: Invalid value: "Web_Spec": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    `${at}.securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: "": gmsaCredentialSpec cannot be an empty string`,
    `${at}.securityContext.windowsOptions.runAsUserName: Invalid value: "": runAsUserName cannot be an empty string`]],
  ['core.validateWindowsSecurityContextOptions.3, .5 and .6: a GMSA spec over 64 KiB, a user name with a control character, with two backslashes', (s) => {
    s.containers[0].securityContext = { windowsOptions: { gmsaCredentialSpec: 'x'.repeat(64 * 1024 + 1), runAsUserName: 'a\tb' } };
    s.initContainers = [{ name: 'init', image: 'busybox:1.37', securityContext: { windowsOptions: { runAsUserName: 'a\\b\\c' } } }];
  }, [`${at}.containers[0].securityContext.windowsOptions.gmsaCredentialSpec: Invalid value: "${'x'.repeat(64 * 1024 + 1)}": gmsaCredentialSpec size must be under 64 KiB`,
    `${at}.containers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\tb": runAsUserName cannot contain control characters`,
    `${at}.initContainers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "a\\\\b\\\\c": runAsUserName cannot contain more than one backslash`]],
  ['core.validateWindowsSecurityContextOptions.7, .8, .9, .11 and .12: a long domain that is neither NetBios nor DNS, an empty user, a user of dots, a user with \'@\'', (s) => {
    const domain = `-${'d'.repeat(256)}`;
    s.initContainers = [`${domain}\\`, 'corp\\. .', 'corp\\me@corp'].map((runAsUserName, index) => ({ name: `i${index}`, image: 'busybox:1.37', securityContext: { windowsOptions: { runAsUserName } } }));
  }, [`${at}.initContainers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "-${'d'.repeat(256)}\\\\": runAsUserName's Domain length must be under 256 characters`,
    `${at}.initContainers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "-${'d'.repeat(256)}\\\\": runAsUserName's Domain doesn't match the NetBios nor the DNS format`,
    `${at}.initContainers[0].securityContext.windowsOptions.runAsUserName: Invalid value: "-${'d'.repeat(256)}\\\\": runAsUserName's User cannot be empty`,
    `${at}.initContainers[1].securityContext.windowsOptions.runAsUserName: Invalid value: "corp\\\\. .": runAsUserName's User cannot contain only periods or spaces`,
    `${at}.initContainers[2].securityContext.windowsOptions.runAsUserName: Invalid value: "corp\\\\me@corp": runAsUserName's User cannot contain the following characters: "/\\:;|=,+*?<>@[]`]],
  ['core.validateWindowsSecurityContextOptions.10: a user name over 104 bytes', (s) => {
    s.securityContext = { windowsOptions: { runAsUserName: 'u'.repeat(105) } };
  }, [`${at}.securityContext.windowsOptions.runAsUserName: Invalid value: "${'u'.repeat(105)}": runAsUserName's User length must not be longer than 104 characters`]],
  ['core.validateSELinuxChangePolicy.1: MountOption and an unknown seLinuxChangePolicy (on create only Recursive while the SELinuxMount gate is off)', (s) => {
    s.securityContext = { seLinuxChangePolicy: 'MountOption' };
  }, [`${at}.securityContext.seLinuxChangePolicy: Unsupported value: "MountOption": supported values: "Recursive"`]],
  ['core.validateSELinuxChangePolicy.1: an unknown seLinuxChangePolicy', (s) => { s.securityContext = { seLinuxChangePolicy: 'Relabel' }; },
    [`${at}.securityContext.seLinuxChangePolicy: Unsupported value: "Relabel": supported values: "Recursive"`]],
];

describe('operating-system options give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test('accepted: a windows pod with Windows options, HostProcess containers on the host network, a linux pod with Linux options', () => {
    expect(verdicts((s) => {
      Object.assign(s, { os: { name: 'windows' }, hostNetwork: true });
      s.securityContext = { runAsNonRoot: true, windowsOptions: { hostProcess: true, runAsUserName: 'NT AUTHORITY\\Local service', gmsaCredentialSpecName: 'web-spec' } };
      s.containers[0].securityContext = { windowsOptions: { hostProcess: true, runAsUserName: 'corp.example.com\\svc-web' } };
      s.containers[0].ports = [{ containerPort: 8443, hostPort: 8443, name: 'https' }];
    })).toEqual([]);
    expect(verdicts((s) => {
      s.os = { name: 'linux' };
      s.securityContext = { runAsUser: 1000, seLinuxChangePolicy: 'Recursive', seccompProfile: { type: 'RuntimeDefault' } };
    })).toEqual([]);
  });
});
