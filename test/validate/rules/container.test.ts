// Containers and init containers of a pod template (tools/validate/rules/container.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const pod = (o: any) => o.spec.template.spec;
const container = (o: any) => pod(o).containers[0];
const c0 = 'spec.template.spec.containers[0]';
const i0 = 'spec.template.spec.initContainers[0]';

function verdicts(change: (o: any) => void): string[] {
  const object = structuredClone(validExamples.Deployment);
  change(object);
  return verdictsOn(validator, object);
}

// a DNS subdomain of 250 characters: a valid prefix, but `requests.` before it (IsExtendedResourceName's quota name) is too long
const LONG_PREFIX = ['a'.repeat(63), 'b'.repeat(63), 'c'.repeat(63), 'd'.repeat(58)].join('.');

const init = (extra: Record<string, unknown> = {}) => ({ name: 'setup', image: 'busybox:1.37', command: ['true'], ...extra });

const cases: Array<[string, (o: any) => void, string[]]> = [
  ['core.validateContainerPorts.3: a port without containerPort', (o) => { container(o).ports = [{ name: 'https' }]; },
    [`${c0}.ports[0].containerPort: Required value`]],
  ['core.validateContainerPorts.2 and .5: a duplicate port name, a hostPort out of range', (o) => {
    container(o).ports = [{ name: 'https', containerPort: 8443, hostPort: 70000 }, { name: 'https', containerPort: 8444 }];
  }, [`${c0}.ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive`, `${c0}.ports[1].name: Duplicate value: "https"`]],
  ['core.ValidateVolumeMounts.1, .3 and .4: a mount without name or path, a path mounted twice', (o) => {
    container(o).volumeMounts = [{}, { name: 'tls', mountPath: '/etc/tls' }, { name: 'tls', mountPath: '/etc/tls' }];
  }, [`${c0}.volumeMounts[0].name: Required value`, `${c0}.volumeMounts[0].name: Not found: ""`, `${c0}.volumeMounts[0].mountPath: Required value`,
    `${c0}.volumeMounts[2].mountPath: Invalid value: "/etc/tls": must be unique`]],
  ['core.ValidateVolumeMounts.7: subPath with subPathExpr', (o) => { container(o).volumeMounts[0].subPath = 'a'; container(o).volumeMounts[0].subPathExpr = '$(POD)'; },
    [`${c0}.volumeMounts[0].subPathExpr: Invalid value: "$(POD)": subPathExpr and subPath are mutually exclusive`]],
  ['core.validateLivenessProbe.1 and core.validateStartupProbe.1: successThreshold other than 1', (o) => {
    container(o).livenessProbe = { tcpSocket: { port: 8443 }, successThreshold: 2 };
    container(o).startupProbe = { tcpSocket: { port: 8443 }, successThreshold: 3 };
  }, [`${c0}.livenessProbe.successThreshold: Invalid value: 2: must be 1`, `${c0}.startupProbe.successThreshold: Invalid value: 3: must be 1`]],
  ['core.validateReadinessProbe.1: terminationGracePeriodSeconds on a readiness probe', (o) => { container(o).readinessProbe.terminationGracePeriodSeconds = 10; },
    [`${c0}.readinessProbe.terminationGracePeriodSeconds: Invalid value: 10: must not be set for readinessProbes`]],
  ['core.validateExecAction.1: an exec probe without command', (o) => { container(o).livenessProbe = { exec: {} }; },
    [`${c0}.livenessProbe.exec.command: Required value`]],
  ['core.validateHTTPGetAction.3: an HTTP header name with a space', (o) => { container(o).livenessProbe = { httpGet: { port: 8443, httpHeaders: [{ name: 'X Bad', value: '1' }] } }; },
    [`${c0}.livenessProbe.httpGet.httpHeaders: Invalid value: "X Bad": a valid HTTP header must consist of alphanumeric characters or '-' (e.g. 'X-Header-Name', regex used for validation is '[-A-Za-z0-9]+')`]],
  ['core.validateSleepAction.1: a preStop sleep longer than the grace period', (o) => { pod(o).terminationGracePeriodSeconds = 20; container(o).lifecycle = { preStop: { sleep: { seconds: 25 } } }; },
    [`${c0}.lifecycle.preStop.sleep: Invalid value: 25: must be non-negative and less than terminationGracePeriodSeconds (20)`]],
  ['core.validateContainers.3: restartPolicy on a regular container', (o) => { container(o).restartPolicy = 'Always'; },
    [`${c0}.restartPolicy: Forbidden: may not be set for non-init containers`]],
  ['core.validateInitContainers.1: an init container named as a container', (o) => { pod(o).initContainers = [init({ name: 'nginx' })]; },
    [`${i0}.name: Duplicate value: "nginx"`]],
  ['core.validateInitContainers.2, .3, .4 and .5: lifecycle and probes on an init container without restartPolicy Always', (o) => {
    const probe = { tcpSocket: { port: 1 } };
    pod(o).initContainers = [init({ lifecycle: { preStop: { exec: { command: ['true'] } } }, livenessProbe: probe, readinessProbe: probe, startupProbe: probe })];
  }, [`${i0}.lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always`,
    `${i0}.livenessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
    `${i0}.readinessProbe: Forbidden: may not be set for init containers without restartPolicy=Always`,
    `${i0}.startupProbe: Forbidden: may not be set for init containers without restartPolicy=Always`]],
  ['core.ValidateEnv.3: an env var name with "="', (o) => { container(o).env = [{ name: 'A=B', value: 'x' }]; },
    [`${c0}.env[0].name: Invalid value: "A=B": a valid environment variable name must consist only of printable ASCII characters other than '='`]],
  ['core.ValidateEnv.1: an env var without name', (o) => { container(o).env = [{ value: 'x' }]; }, [`${c0}.env[0].name: Required value`]],
  ['core.ValidateEnvFrom.1, .3 and core.validateSecretEnvSource.1: a prefix with "=", a source without a reference, an unnamed Secret', (o) => {
    container(o).envFrom = [{ prefix: 'A=', configMapRef: { name: 'conf' } }, {}, { secretRef: {} }];
  }, [`${c0}.envFrom[0].prefix: Invalid value: "A=": a valid environment variable name must consist only of printable ASCII characters other than '='`,
    `${c0}.envFrom: Invalid value: "": must specify one of: \`configMapRef\` or \`secretRef\``, `${c0}.envFrom[2].secretRef.name: Required value`]],
  ['core.ValidateEnvFrom.4, core.validateConfigMapEnvSource.2 and core.validateSecretEnvSource.2: both references, names that are no subdomains', (o) => {
    container(o).envFrom = [{ configMapRef: { name: 'Conf' }, secretRef: { name: 'Sec_ret' } }];
  }, [`${c0}.envFrom[0].configMapRef.name: Invalid value: "Conf": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    `${c0}.envFrom[0].secretRef.name: Invalid value: "Sec_ret": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`,
    `${c0}.envFrom: Invalid value: "": may not have more than one field specified at a time`]],
  ['core.validateConfigMapEnvSource.1: an unnamed ConfigMap reference', (o) => { container(o).envFrom = [{ configMapRef: { name: '' } }]; }, [`${c0}.envFrom[0].configMapRef.name: Required value`]],
  ['core.validateResourceRequirements.2 and .4: an extended resource requested below its limit, one without a limit', (o) => {
    container(o).resources = { requests: { 'cpu': '100m', 'example.com/gpu': '1', 'example.com/fpga': '1' }, limits: { 'cpu': 0.5, 'example.com/gpu': '2' } };
  }, [`${c0}.resources.requests: Invalid value: "1": must be equal to example.com/gpu limit of 2`,
    `${c0}.resources.limits: Required value: Limit must be set for non overcommitable resources`]],
  ['core.validateResourceRequirements.1, .5 and .6: hugepages that are no whole pages, without cpu or memory', (o) => {
    container(o).resources = { requests: { 'hugepages-2Mi': '3Mi' }, limits: { 'hugepages-2Mi': '3Mi' } };
  }, [`${c0}.resources.limits[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi`,
    `${c0}.resources.requests[hugepages-2Mi]: Invalid value: "3Mi": 3Mi is not positive integer multiple of hugepages-2Mi`,
    `${c0}.resources: Forbidden: HugePages require cpu or memory`]],
  ['core.validateResourceName.2 and core.validateContainerResourceName.1: an unprefixed name that is no resource', (o) => { container(o).resources = { limits: { foo: '1' } }; },
    [`${c0}.resources.limits[foo]: Invalid value: "foo": must be a standard resource type or fully qualified`,
      `${c0}.resources.limits[foo]: Invalid value: "foo": must be a standard resource for containers`]],
  ['core.validateContainerResourceName.1: a standard resource that containers may not request', (o) => { container(o).resources = { requests: { 'pods': '1', 'requests.cpu': '1' } }; },
    [`${c0}.resources.requests[pods]: Invalid value: "pods": must be a standard resource for containers`,
      `${c0}.resources.requests[requests.cpu]: Invalid value: "requests.cpu": must be a standard resource for containers`]],
  ['core.validateResourceName.1 and core.validateContainerResourceName.1: a name that is no qualified name, then no container resource', (o) => {
    container(o).resources = { limits: { 'gpu_': '1' } };
  }, [`${c0}.resources.limits[gpu_]: Invalid value: "gpu_": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    `${c0}.resources.limits[gpu_]: Invalid value: "gpu_": must be a standard resource for containers`]],
  ['core.validateContainerResourceName.2: a prefixed name that is neither native nor an extended resource (its quota name is too long)', (o) => {
    container(o).resources = { limits: { [`${LONG_PREFIX}/gpu`]: '1' }, requests: { [`${LONG_PREFIX}/gpu`]: '1', 'example.com/gpu': '1', 'hugepages-2Mi': '2Mi', 'cpu': '1' } };
    container(o).resources.limits['example.com/gpu'] = '1';
    container(o).resources.limits['hugepages-2Mi'] = '2Mi';
  }, [`${c0}.resources.limits[${LONG_PREFIX}/gpu]: Invalid value: "${LONG_PREFIX}/gpu": doesn't follow extended resource name standard`,
    `${c0}.resources.requests[${LONG_PREFIX}/gpu]: Invalid value: "${LONG_PREFIX}/gpu": doesn't follow extended resource name standard`]],
  ['core.ValidateResourceQuantityValue.1: a fraction of an extended resource', (o) => {
    container(o).resources = { limits: { 'example.com/gpu': '1500m' }, requests: { 'example.com/gpu': '1500m' } };
  }, [`${c0}.resources.limits[example.com/gpu]: Invalid value: "1500m": must be an integer`, `${c0}.resources.requests[example.com/gpu]: Invalid value: "1500m": must be an integer`]],
  ['core.validateContainerCommon.4: an unknown terminationMessagePolicy, in upstream\'s order', (o) => { container(o).terminationMessagePolicy = 'Always'; },
    [`${c0}.terminationMessagePolicy: Unsupported value: "Always": supported values: "File", "FallbackToLogsOnError"`]],
  ['core.ValidateVolumeMounts.5 and .6, core.ValidateVolumeDevices.3, .8 and .9: a mount and a device of the same (non-PVC) volume and path', (o) => {
    container(o).volumeDevices = [{ name: 'tls', devicePath: '/etc/tls' }];
  }, [`${c0}.volumeMounts[0].name: Invalid value: "tls": must not already exist in volumeDevices`,
    `${c0}.volumeMounts[0].mountPath: Invalid value: "/etc/tls": must not already exist as a path in volumeDevices`,
    `${c0}.volumeDevices[0].name: Invalid value: "tls": can only use volume source type of PersistentVolumeClaim or Ephemeral for block mode`,
    `${c0}.volumeDevices[0].name: Invalid value: "tls": must not already exist in volumeMounts`,
    `${c0}.volumeDevices[0].devicePath: Invalid value: "/etc/tls": must not already exist as a path in volumeMounts`]],
  ['core.ValidateVolumeDevices.1, .2, .4, .5, .6 and .7: devices without name or path, repeated, unknown, with backsteps', (o) => {
    pod(o).volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } });
    container(o).volumeDevices = [{ name: 'data', devicePath: '/dev/xvda' }, { name: 'data', devicePath: '/dev/xvda' }, {}, { name: 'disk', devicePath: '/dev/../x' }];
  }, [`${c0}.volumeDevices[1].name: Invalid value: "data": must be unique`, `${c0}.volumeDevices[1].devicePath: Invalid value: "/dev/xvda": must be unique`,
    `${c0}.volumeDevices[2].name: Required value`, `${c0}.volumeDevices[2].name: Not found: ""`, `${c0}.volumeDevices[2].devicePath: Required value`,
    `${c0}.volumeDevices[3].name: Not found: "disk"`, `${c0}.volumeDevices[3].devicePath: Invalid value: "/dev/../x": can not contain backsteps ('..')`]],
  ['core.validateMountPropagation.2 and core.validateMountRecursiveReadOnly.1 and .2: Bidirectional unprivileged, a recursive read-only mount that is writable and propagates', (o) => {
    Object.assign(container(o).volumeMounts[0], { readOnly: false, recursiveReadOnly: 'Enabled', mountPropagation: 'Bidirectional' });
  }, [`${c0}.volumeMounts.mountPropagation: Forbidden: Bidirectional mount propagation is available only to privileged containers`,
    `${c0}.volumeMounts.recursiveReadOnly: Forbidden: may only be specified when readOnly is true`,
    `${c0}.volumeMounts.recursiveReadOnly: Forbidden: may only be specified when mountPropagation is None or not specified`]],
  ['core.validateMountRecursiveReadOnly.3: an unknown recursiveReadOnly', (o) => { container(o).volumeMounts[0].recursiveReadOnly = 'Always'; },
    [`${c0}.volumeMounts.recursiveReadOnly: Unsupported value: "Always": supported values: "Disabled", "Enabled", "IfPossible"`]],
  ['core.AccumulateUniqueHostPorts.1: a hostPort twice among the containers, and twice in one init container (reported as the first)', (o) => {
    container(o).ports = [{ containerPort: 80, hostPort: 8080 }, { containerPort: 81, hostPort: 8080 }, { containerPort: 82, hostPort: 8080, protocol: 'UDP' }];
    pod(o).initContainers = [init(), init({ name: 'two', ports: [{ containerPort: 1, hostPort: 9, hostIP: '10.0.0.1' }, { containerPort: 2, hostPort: 9, hostIP: '10.0.0.1' }] })];
  }, [`${c0}.ports[1].hostPort: Duplicate value: "TCP//8080"`, `${i0}.ports[1].hostPort: Duplicate value: "TCP/10.0.0.1/9"`]],
  ['core.validatePodHostNetworkDeps.1: a hostPort that differs from its containerPort on the host network', (o) => {
    pod(o).hostNetwork = true;
    container(o).ports = [{ containerPort: 8443, hostPort: 443 }, { containerPort: 8080 }];
  }, [`${c0}.ports[0].hostPort: Invalid value: 443: must match \`containerPort\` when \`hostNetwork\` is true`]],
  ['core.validateInitContainerRestartPolicy.1: an init container restartPolicy other than Always', (o) => { pod(o).initContainers = [init({ restartPolicy: 'OnFailure' })]; },
    [`${i0}.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"`]],
  ['core.validateRestartPolicy.2: an unknown pod restartPolicy (beside the Deployment\'s own Always-only rule)', (o) => { pod(o).restartPolicy = 'Sometimes'; },
    ['spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always"',
      'spec.template.spec.restartPolicy: Unsupported value: "Sometimes": supported values: "Always", "OnFailure", "Never"']],
  ['core.ValidatePodTemplateSpec.2, core.validateEphemeralContainers.1, .2, .3 and .4, core.validateFieldAllowList.1 and core.validateContainerOnlyForPod.1: an ephemeral container', (o) => {
    pod(o).ephemeralContainers = [{
      name: 'nginx', image: ' busybox ', targetContainerName: 'app', ports: [], resources: { limits: {} }, readinessProbe: { tcpSocket: { port: 1 } }, lifecycle: {},
      volumeMounts: [{ name: 'tls', mountPath: '/debug', subPath: 'a', subPathExpr: '$(B)' }],
    }];
  }, ['spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPathExpr: Invalid value: "$(B)": subPathExpr and subPath are mutually exclusive',
    'spec.template.spec.ephemeralContainers[0].image: Invalid value: " busybox ": must not have leading or trailing whitespace',
    'spec.template.spec.ephemeralContainers[0].name: Duplicate value: "nginx"', 'spec.template.spec.ephemeralContainers[0].targetContainerName: Not found: "app"',
    ...['ports', 'resources', 'readinessProbe', 'lifecycle'].map((field) => `spec.template.spec.ephemeralContainers[0].${field}: Forbidden: cannot be set for an Ephemeral Container`),
    'spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPath: Forbidden: cannot be set for an Ephemeral Container',
    'spec.template.spec.ephemeralContainers[0].volumeMounts[0].subPathExpr: Forbidden: cannot be set for an Ephemeral Container',
    'spec.template.spec.ephemeralContainers: Forbidden: ephemeral containers not allowed in pod template']],
];

const accepted: Array<[string, (o: any) => void]> = [
  ['core.validateInitContainers.2: a sidecar (restartPolicy Always) init container may have probes and lifecycle', (o) => {
    pod(o).initContainers = [init({ restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 1 } }, lifecycle: { preStop: { sleep: { seconds: 5 } } } })];
  }],
  ['core.ValidateEnv.3: relaxed names (dots, dashes, a leading digit) are valid in 1.33', (o) => { container(o).env = [{ name: '1.my-var', value: 'x' }]; }],
  ['core.validateLivenessProbe.1: successThreshold 0 is defaulted to 1', (o) => { container(o).livenessProbe = { tcpSocket: { port: 8443 }, successThreshold: 0 }; }],
  ['core.validateContainerCommon.2: a blank image " " in a pod template (only a Pod\'s containers are trimmed)', (o) => { container(o).image = ' '; }],
  ['core.validateResourceRequirements.2 and .6: an extended resource equal to its limit, hugepages of whole pages beside memory', (o) => {
    container(o).resources = { requests: { 'memory': '64Mi', 'example.com/gpu': 1, 'hugepages-2Mi': '4Mi' }, limits: { 'memory': '64Mi', 'example.com/gpu': '1', 'hugepages-2Mi': '4Mi' } };
  }],
  ['core.validateMountRecursiveReadOnly.1 and core.validateMountPropagation.2: a recursive read-only mount, Bidirectional in a privileged container', (o) => {
    Object.assign(container(o).volumeMounts[0], { readOnly: true, recursiveReadOnly: 'IfPossible', mountPropagation: 'None' });
    pod(o).volumes.push({ name: 'host', hostPath: { path: '/mnt' } });
    pod(o).initContainers = [init({ securityContext: { privileged: true }, volumeMounts: [{ name: 'host', mountPath: '/mnt', mountPropagation: 'Bidirectional' }] })];
  }],
  ['core.ValidateVolumeDevices.3 and core.validatePodHostNetworkDeps.1: a PVC as a block device, hostPort 0 or equal on the host network', (o) => {
    pod(o).volumes.push({ name: 'data', persistentVolumeClaim: { claimName: 'data' } });
    container(o).volumeDevices = [{ name: 'data', devicePath: '/dev/xvda' }];
    pod(o).hostNetwork = true;
    container(o).ports = [{ containerPort: 8443, hostPort: 8443, name: 'https' }, { containerPort: 8080 }];
  }],
];

describe('containers give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test.each(accepted)('accepted: %s', (_id, change) => {
    expect(verdicts(change)).toEqual([]);
  });
});
