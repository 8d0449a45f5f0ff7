// Containers and init containers of a pod template (tools/validate/rules/container.ts), by inventory id.
import { formatProblem, Validator } from '../../../tools/validate';
import { validExamples } from '../examples';

const validator = Validator.fromPinnedCrds();
const pod = (o: any) => o.spec.template.spec;
const container = (o: any) => pod(o).containers[0];
const c0 = 'spec.template.spec.containers[0]';
const i0 = 'spec.template.spec.initContainers[0]';

function verdicts(change: (o: any) => void): string[] {
  const object = structuredClone(validExamples.Deployment);
  change(object);
  return validator.validate([object]).map((problem) => formatProblem(problem).replace(/^Deployment backend-mtls\/backend: /, ''));
}

const init = (extra: Record<string, unknown> = {}) => ({ name: 'setup', image: 'busybox:1.37', command: ['true'], ...extra });

const cases: Array<[string, (o: any) => void, string[]]> = [
  ['core.validateContainerPorts.3: a port without containerPort', (o) => { container(o).ports = [{ name: 'https' }]; },
    [`${c0}.ports[0].containerPort: Required value`]],
  ['core.validateContainerPorts.2 and .5: a duplicate port name, a hostPort out of range', (o) => {
    container(o).ports = [{ name: 'https', containerPort: 8443, hostPort: 70000 }, { name: 'https', containerPort: 8444 }];
  }, [`${c0}.ports[0].hostPort: Invalid value: 70000: must be between 1 and 65535, inclusive`, `${c0}.ports[1].name: Duplicate value: "https"`]],
  ['core.ValidateVolumeMounts.1, .3 and .4: a mount without name or path, a path mounted twice', (o) => {
    container(o).volumeMounts = [{}, { name: 'tls', mountPath: '/etc/tls' }, { name: 'tls', mountPath: '/etc/tls' }];
  }, [`${c0}.volumeMounts[0].name: Required value`, `${c0}.volumeMounts[0].mountPath: Required value`, `${c0}.volumeMounts[2].mountPath: Invalid value: "/etc/tls": must be unique`]],
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
];

const accepted: Array<[string, (o: any) => void]> = [
  ['core.validateInitContainers.2: a sidecar (restartPolicy Always) init container may have probes and lifecycle', (o) => {
    pod(o).initContainers = [init({ restartPolicy: 'Always', readinessProbe: { tcpSocket: { port: 1 } }, lifecycle: { preStop: { sleep: { seconds: 5 } } } })];
  }],
  ['core.ValidateEnv.3: relaxed names (dots, dashes, a leading digit) are valid in 1.33', (o) => { container(o).env = [{ name: '1.my-var', value: 'x' }]; }],
  ['core.validateLivenessProbe.1: successThreshold 0 is defaulted to 1', (o) => { container(o).livenessProbe = { tcpSocket: { port: 8443 }, successThreshold: 0 }; }],
];

describe('containers give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test.each(accepted)('accepted: %s', (_id, change) => {
    expect(verdicts(change)).toEqual([]);
  });
});
