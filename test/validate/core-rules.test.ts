// Core kinds: the upstream OpenAPI values (kubernetes-models, Kubernetes 1.33) and the Go-side rules of
// k8s.io/kubernetes pkg/apis/*/validation for the kinds this project renders. Each case names the upstream rule.
import { formatProblem, Validator } from '../../tools/validate';
import { validExamples } from './examples';

const container = (o: any) => o.spec.template.spec.containers[0];

/** [upstream rule, example, change, the API server's field errors as `path: rule`]. */
const rejected: Array<[string, string, (o: any) => void, string[]]> = [
  // OpenAPI enums (+enum in k8s.io/api), enforced by the Go validation they document
  ['core.validatePullPolicy.2: imagePullPolicy (+enum PullPolicy)', 'Deployment', (o) => { container(o).imagePullPolicy = 'Sometimes'; },
    ['spec.template.spec.containers[0].imagePullPolicy: Unsupported value: "Sometimes": supported values: "Always", "IfNotPresent", "Never"']],
  ['core.ValidateService.14: type (+enum ServiceType)', 'Service', (o) => { o.spec.type = 'Internal'; },
    ['spec.type: Unsupported value: "Internal": supported values: "ClusterIP", "ExternalName", "LoadBalancer", "NodePort"']],
  ['core.validateServicePort.5: protocol (+enum Protocol)', 'Service', (o) => { o.spec.ports[0].protocol = 'HTTP'; },
    ['spec.ports[0].protocol: Unsupported value: "HTTP": supported values: "SCTP", "TCP", "UDP"']],
  ['networking.ValidateNetworkPolicySpec.3: policyTypes', 'NetworkPolicy', (o) => { o.spec.policyTypes = ['Ingress', 'Both']; },
    ['spec.policyTypes[1]: Unsupported value: "Both": supported values: "Ingress", "Egress"']],
  ['networking.ValidateNetworkPolicyPort.1: protocol (+enum Protocol)', 'NetworkPolicy', (o) => { o.spec.ingress[0].ports[0].protocol = 'tcp'; },
    ['spec.ingress[0].ports[0].protocol: Unsupported value: "tcp": supported values: "TCP", "UDP", "SCTP"']],
  // Integers: JSON decoding into int32 fields
  ['apps DeploymentSpec.Replicas is *int32: a fraction does not decode', 'Deployment', (o) => { o.spec.replicas = 1.5; },
    ['spec.replicas: Invalid value: 1.5: must be an integer (the API server cannot decode 1.5 into an integer field)']],
  ['core ServicePort.Port is int32: 2^31 does not decode', 'Service', (o) => { o.spec.ports[0].port = 2 ** 31; },
    ['spec.ports[0].port: Invalid value: 2147483648: out of range for int32 (the API server cannot decode it)', 'spec.ports[0].port: Invalid value: 2147483648: must be between 1 and 65535, inclusive']],
  // apps ValidateDeploymentSpec
  ['apps.ValidateDeploymentSpec.1: ValidateNonnegativeField(replicas)', 'Deployment', (o) => { o.spec.replicas = -1; },
    ['spec.replicas: Invalid value: -1: must be greater than or equal to 0']],
  ['apps.ValidatePodTemplateSpecForReplicaSet.2: selector does not match template labels', 'Deployment', (o) => { o.spec.template.metadata.labels = { app: 'other' }; },
    ['spec.template.metadata.labels: Invalid value: {"app":"other"}: `selector` does not match template `labels`']],
  ['apps.ValidateDeploymentSpec.4: empty selector is invalid for deployment', 'Deployment', (o) => { o.spec.selector = {}; },
    ['spec.selector: Invalid value: {}: empty selector is invalid for deployment']],
  ['apps.ValidateDeploymentSpec.2: selector Required', 'Deployment', (o) => { delete o.spec.selector; }, ['spec.selector: Required value']],
  ['apps.ValidateRollingUpdateDeployment.3: maxUnavailable and maxSurge both 0', 'Deployment', (o) => { o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 0, maxSurge: '0%' } }; },
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0']],
  ['apps.ValidatePodTemplateSpecForReplicaSet.3: restartPolicy Always', 'Deployment', (o) => { o.spec.template.spec.restartPolicy = 'Never'; },
    ['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']],
  // core ValidatePodSpec and its container checks
  ['core.validateContainers.1: containers Required', 'Deployment', (o) => { o.spec.template.spec.containers = []; }, ['spec.template.spec.containers: Required value']],
  ['core.validateContainers.2: Duplicate name', 'Deployment', (o) => { o.spec.template.spec.containers.push(structuredClone(container(o))); },
    ['spec.template.spec.containers[1].name: Duplicate value: "nginx"']],
  ['core.validateContainerCommon.1: name Required', 'Deployment', (o) => { delete container(o).name; }, ['spec.template.spec.containers[0].name: Required value']],
  ['core.validateContainerCommon.2: image Required', 'Deployment', (o) => { container(o).image = ''; }, ['spec.template.spec.containers[0].image: Required value']],
  ['core.validateContainerPorts.4: containerPort in 1..65535', 'Deployment', (o) => { container(o).ports[0].containerPort = 70000; },
    ['spec.template.spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
  ['core.validateContainerPorts.1: IsValidPortName', 'Deployment', (o) => { container(o).ports[0].name = 'https-port-too-long'; },
    ['spec.template.spec.containers[0].ports[0].name: Invalid value: "https-port-too-long": must be no more than 15 characters']],
  ['core.validateResourceRequirements.3: requests above limits', 'Deployment', (o) => { container(o).resources = { requests: { cpu: '2k' }, limits: { cpu: '200m' } }; },
    ['spec.template.spec.containers[0].resources.requests: Invalid value: "2k": must be less than or equal to cpu limit of 200m']],
  ['core.validateResourceRequirements.3: binary suffixes compare too', 'Deployment', (o) => { container(o).resources = { requests: { memory: '1Gi' }, limits: { memory: '1000M' } }; },
    ['spec.template.spec.containers[0].resources.requests: Invalid value: "1Gi": must be less than or equal to memory limit of 1G']],
  ['core.ValidateNonnegativeQuantity.1: a negative limit', 'Deployment', (o) => { container(o).resources = { limits: { cpu: '-100m' } }; },
    ['spec.template.spec.containers[0].resources.limits[cpu]: Invalid value: "-100m": must be greater than or equal to 0']],
  ['core.ValidateVolumeMounts.2: a mount names no volume', 'Deployment', (o) => { container(o).volumeMounts[0].name = 'certs'; },
    ['spec.template.spec.containers[0].volumeMounts[0].name: Not found: "certs"']],
  ['core.ValidateVolumes.1: a volume without name', 'Deployment', (o) => { o.spec.template.spec.volumes.push({ emptyDir: {} }); },
    ['spec.template.spec.volumes[1].name: Required value']],
  ['core.ValidateVolumes.2: Duplicate volume name', 'Deployment', (o) => { o.spec.template.spec.volumes.push({ name: 'tls', emptyDir: {} }); },
    ['spec.template.spec.volumes[1].name: Duplicate value: "tls"']],
  ['core.ValidatePortNumOrName.2: a probe port by IANA name', 'Deployment', (o) => { container(o).readinessProbe.tcpSocket.port = 'HTTPS'; },
    ['spec.template.spec.containers[0].readinessProbe.tcpSocket.port: Invalid value: "HTTPS": must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']],
  // core ValidateService
  ['core.validateServicePort.3: port in 1..65535', 'Service', (o) => { o.spec.ports[0].port = 0; }, ['spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
  ['core.ValidateService.2: ports Required', 'Service', (o) => { o.spec.ports = []; }, ['spec.ports: Required value']],
  ['core.validateServicePort.1: port names Required when several', 'Service', (o) => { o.spec.ports = [{ port: 80 }, { name: 'https', port: 443 }]; }, ['spec.ports[0].name: Required value']],
  ['core.ValidateService.17: Duplicate port and protocol', 'Service', (o) => { o.spec.ports.push({ name: 'other', port: 443 }); },
    ['spec.ports[1]: Duplicate value: {"port":443,"protocol":"TCP"}']],
  ['core.ValidateService.15: nodePort forbidden for ClusterIP', 'Service', (o) => { o.spec.ports[0].nodePort = 30443; },
    ['spec.ports[0].nodePort: Forbidden: may not be used when `type` is \'ClusterIP\'']],
  ['core.ValidatePortNumOrName.1: targetPort by number or IANA name', 'Service', (o) => { o.spec.ports[0].targetPort = 70000; },
    ['spec.ports[0].targetPort: Invalid value: 70000: must be between 1 and 65535, inclusive']],
  // networking ValidateNetworkPolicySpec
  ['networking.ValidateNetworkPolicyPort.2: port in 1..65535', 'NetworkPolicy', (o) => { o.spec.ingress[0].ports[0].port = 0; },
    ['spec.ingress[0].ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive']],
  ['networking.ValidateNetworkPolicyPeer.4: ipBlock with another peer', 'NetworkPolicy', (o) => { o.spec.ingress[0].from[0].ipBlock = { cidr: '10.0.0.0/8' }; },
    ['spec.ingress[0].from[0]: Forbidden: may not specify both ipBlock and another peer']],
  ['networking.ValidateNetworkPolicySpec.1: ValidateLabelSelector, In needs values', 'NetworkPolicy', (o) => { o.spec.podSelector = { matchExpressions: [{ key: 'app', operator: 'In', values: [] }] }; },
    ['spec.podSelector.matchExpressions[0].values: Required value: must be specified when `operator` is \'In\' or \'NotIn\'']],
  // policy ValidatePodDisruptionBudgetSpec
  ['policy.ValidatePodDisruptionBudgetSpec.1: minAvailable and maxUnavailable exclusive', 'PodDisruptionBudget', (o) => { o.spec.maxUnavailable = 1; },
    ['spec: Invalid value: {"minAvailable":1,"selector":{"matchLabels":{"app":"backend"}},"maxUnavailable":1}: minAvailable and maxUnavailable cannot be both set']],
  ['policy.ValidatePodDisruptionBudgetSpec.3: IsNotMoreThan100Percent', 'PodDisruptionBudget', (o) => { o.spec.minAvailable = '150%'; },
    ['spec.minAvailable: Invalid value: "150%": must not be greater than 100%']],
  ['policy.ValidatePodDisruptionBudgetSpec.2 and apps.ValidatePositiveIntOrPercent.2: a negative count', 'PodDisruptionBudget', (o) => { o.spec.minAvailable = -1; },
    ['spec.minAvailable: Invalid value: -1: must be greater than or equal to 0']],
  // core ValidateConfigMap
  ['core.ValidateConfigMap.1: IsConfigMapKey', 'ConfigMap', (o) => { o.data['nginx conf'] = 'x'; },
    ['data[nginx conf]: Invalid value: "nginx conf": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')']],
  ['core.ValidateConfigMap.2: a key in both data and binaryData', 'ConfigMap', (o) => { o.binaryData = { 'nginx.conf': 'aGk=' }; },
    ['data[nginx.conf]: Invalid value: "nginx.conf": duplicate of key present in binaryData']],
  ['core ValidateConfigMap: binaryData is base64 (format byte)', 'ConfigMap', (o) => { o.binaryData = { 'ca.der': 'not base64!' }; },
    ['binaryData.ca.der: Invalid value: "not base64!": must be base64-encoded data']],
  ['core.ValidateConfigMap.4: at most 1 MiB (MaxSecretSize)', 'ConfigMap', (o) => { o.data['nginx.conf'] = 'x'.repeat(1024 * 1024 + 1); },
    ['<object>: Too long: may not be more than 1048576 bytes']],
  // core ValidateNamespace, ValidateServiceAccount
  ['meta.ValidateObjectMetaAccessor.3 with core.ValidateNamespaceName.1: a Namespace name is a DNS label', 'Namespace', (o) => { o.metadata.name = 'backend.mtls'; },
    ['metadata.name: Invalid value: "backend.mtls": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')']],
  ['core.validateKubeFinalizerName.1 with meta.ValidateFinalizerName.1: Namespace spec.finalizers, reported without an index', 'Namespace', (o) => {
    o.spec = { finalizers: ['kubernetes', 'orphan', 'cleanup', 'bad name!'] };
  }, ['spec.finalizers: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified',
    'spec.finalizers: Invalid value: "bad name!": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
    'spec.finalizers: Invalid value: "bad name!": name is neither a standard finalizer name nor is it fully qualified']],
  ['core.validateKubeFinalizerName.1: a built-in kind refuses a bare metadata finalizer (a custom resource only gets a warning)', 'ConfigMap', (o) => {
    o.metadata.finalizers = ['example.com/cleanup', 'kubernetes', 'cleanup'];
  }, ['metadata.finalizers[2]: Invalid value: "cleanup": name is neither a standard finalizer name nor is it fully qualified']],
  ['meta.ValidateObjectMetaAccessor.3 with core.ValidateServiceAccountName.1: a ServiceAccount name is a DNS subdomain', 'ServiceAccount', (o) => { o.metadata.name = 'Backend'; },
    ['metadata.name: Invalid value: "Backend": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')']],
];

/** [why the API server accepts it, example, change]. */
const accepted: Array<[string, string, (o: any) => void]> = [
  ['networking: podSelector is optional (an empty selector selects every pod)', 'NetworkPolicy', (o) => { delete o.spec.podSelector; }],
  ['core: a single Service port needs no name', 'Service', (o) => { delete o.spec.ports[0].name; }],
  ['core ValidateServiceAccount checks ObjectMeta only: its secrets may name anything', 'ServiceAccount', (o) => { o.secrets = [{ name: 'Not_A_DNS_Name' }]; }],
  ['core.validateKubeFinalizerName.1: the standard finalizers and qualified names on a built-in kind', 'ConfigMap', (o) => {
    o.metadata.finalizers = ['kubernetes', 'orphan', 'example.com/cleanup'];
  }],
  ['core: a request equal to its limit', 'Deployment', (o) => { container(o).resources = { requests: { cpu: '500m', memory: '128Mi' }, limits: { cpu: 0.5, memory: '128Mi' } }; }],
  ['core: a limit without a request', 'Deployment', (o) => { container(o).resources = { limits: { cpu: '1' } }; }],
  ['core: quantities compare exactly (700m equals 0.7, 1000000u equals 1000m: one whole byte, so no warning)', 'Deployment', (o) => {
    container(o).resources = { requests: { cpu: '700m', memory: '1000m' }, limits: { cpu: '0.7', memory: '1000000u' } };
  }],
  ['apps: selector matchExpressions that the template labels satisfy', 'Deployment', (o) => { o.spec.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['backend'] }] }; }],
  ['policy: maxUnavailable as a percentage', 'PodDisruptionBudget', (o) => { delete o.spec.minAvailable; o.spec.maxUnavailable = '50%'; }],
  ['core: a ConfigMap key with dots, dashes and underscores', 'ConfigMap', (o) => { o.data['ca_bundle.v-1.pem'] = 'x'; }],
  ['core: null decodes as the field\'s zero value (the API server then defaults it)', 'Deployment', (o) => { container(o).imagePullPolicy = null; }],
  ['core: an ExternalName Service needs no ports', 'Service', (o) => { o.spec = { type: 'ExternalName', externalName: 'api.example.com' }; }],
];


// Cases of the inventory's apps and policy rules beyond the ones above.
rejected.push(
  ['apps.ValidateRollingUpdateDeployment.4: maxUnavailable above 100%', 'Deployment', (o) => { o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '150%' } }; },
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: "150%": must not be greater than 100%']],
  ['apps.ValidateRollingUpdateDeployment.2 and apps.ValidatePositiveIntOrPercent.1: a maxSurge that is no percent', 'Deployment', (o) => {
    o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: 'half' } };
  }, ['spec.strategy.rollingUpdate.maxSurge: Invalid value: "half": a valid percent string must be a numeric string followed by an ending \'%\' (e.g. \'1%\',  or \'93%\', regex used for validation is \'[0-9]+%\')']],
  ['apps.ValidateRollingUpdateDeployment.1: a negative maxUnavailable', 'Deployment', (o) => { o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: -1 } }; },
    ['spec.strategy.rollingUpdate.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']],
  ['apps.ValidateDeploymentStrategy.1: Recreate with rollingUpdate', 'Deployment', (o) => { o.spec.strategy = { type: 'Recreate', rollingUpdate: { maxSurge: 1 } }; },
    ['spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is \'Recreate\'']],
  ['apps.ValidateDeploymentSpec.8: progressDeadlineSeconds not above minReadySeconds', 'Deployment', (o) => { o.spec.minReadySeconds = 60; o.spec.progressDeadlineSeconds = 60; },
    ['spec.progressDeadlineSeconds: Invalid value: 60: must be greater than minReadySeconds']],
  ['apps.ValidateDeploymentSpec.5, .6 and .7: negative minReadySeconds, revisionHistoryLimit, progressDeadlineSeconds', 'Deployment', (o) => {
    o.spec.minReadySeconds = -1; o.spec.revisionHistoryLimit = -1; o.spec.progressDeadlineSeconds = -2;
  }, ['spec.minReadySeconds: Invalid value: -1: must be greater than or equal to 0', 'spec.revisionHistoryLimit: Invalid value: -1: must be greater than or equal to 0',
    'spec.progressDeadlineSeconds: Invalid value: -2: must be greater than or equal to 0', 'spec.progressDeadlineSeconds: Invalid value: -2: must be greater than minReadySeconds']],
  ['apps.ValidatePodTemplateSpecForReplicaSet.4: activeDeadlineSeconds on a Deployment\'s pods', 'Deployment', (o) => { o.spec.template.spec.activeDeadlineSeconds = 60; },
    ['spec.template.spec.activeDeadlineSeconds: Invalid value: 60: activeDeadlineSeconds in ReplicaSet is not Supported']],
  ['pod-warnings.warningsForPodSpecAndMeta.38: a negative terminationGracePeriodSeconds is a warning, not an error', 'Deployment', (o) => {
    o.spec.template.spec.terminationGracePeriodSeconds = -5;
  }, ['spec.template.spec.terminationGracePeriodSeconds: Warning: must be >= 0; negative values are invalid and will be treated as 1']],
  ['policy.ValidatePodDisruptionBudgetSpec.5: maxUnavailable above 100%', 'PodDisruptionBudget', (o) => { delete o.spec.minAvailable; o.spec.maxUnavailable = '101%'; },
    ['spec.maxUnavailable: Invalid value: "101%": must not be greater than 100%']],
  ['policy.ValidatePodDisruptionBudgetSpec.4: a negative maxUnavailable', 'PodDisruptionBudget', (o) => { delete o.spec.minAvailable; o.spec.maxUnavailable = -1; },
    ['spec.maxUnavailable: Invalid value: -1: must be greater than or equal to 0']],
  ['policy.ValidatePodDisruptionBudgetSpec.6: a selector with a bad operator', 'PodDisruptionBudget', (o) => { o.spec.selector = { matchExpressions: [{ key: 'a', operator: 'Near' }] }; },
    ['spec.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator']],
);
rejected.push(
  ['core.ValidateConfigMap.3: a binaryData key with a space', 'ConfigMap', (o) => { o.binaryData = { 'ca der': 'aGk=' }; },
    ['binaryData[ca der]: Invalid value: "ca der": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')']],
  ['policy.ValidatePodDisruptionBudgetSpec.7: an unknown unhealthyPodEvictionPolicy', 'PodDisruptionBudget', (o) => { o.spec.unhealthyPodEvictionPolicy = 'Never'; },
    ['spec.unhealthyPodEvictionPolicy: Unsupported value: "Never": supported values: "AlwaysAllow", "IfHealthyBudget"']],
);
accepted.push(
  ['apps.ValidateRollingUpdateDeployment.4: maxSurge 200% (only maxUnavailable is capped at 100%)', 'Deployment', (o) => {
    o.spec.strategy = { type: 'RollingUpdate', rollingUpdate: { maxSurge: '200%', maxUnavailable: '100%' } };
  }],
);

describe('core kinds get the API server\'s verdict', () => {
  const validator = Validator.fromPinnedCrds({ channel: 'standard' });
  const pdb = { apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: { name: 'backend', namespace: 'backend-mtls' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'backend' } } } };
  const examples: Record<string, Record<string, unknown>> = { ...validExamples, PodDisruptionBudget: pdb };
  const verdicts = (name: string, change: (o: any) => void) => {
    const object = structuredClone(examples[name]);
    change(object);
    return validator.validate([object]).map((problem) => formatProblem(problem).split(': ').slice(1).join(': '));
  };

  test('the PodDisruptionBudget example is valid', () => {
    expect(validator.validate([pdb])).toEqual([]);
  });

  test.each(rejected)('%s', (_rule, name, change, expected) => {
    expect(verdicts(name, change)).toEqual(expected);
  });

  test.each(accepted)('accepted: %s', (_why, name, change) => {
    expect(verdicts(name, change)).toEqual([]);
  });
});

describe('Secrets (core ValidateSecret)', () => {
  const secret = (extra: Record<string, unknown>) => ({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'backend-mtls' }, ...extra });
  const secretVerdicts = (extra: Record<string, unknown>) => Validator.fromPinnedCrds().validate([secret(extra)]).map((problem) => `${problem.path}: ${problem.rule}`);

  test.each<[string, Record<string, unknown>, string[]]>([
    ['core.ValidateSecret.1: a data key with a space', { data: { 'tls crt': 'eA==' } },
      ['data[tls crt]: Invalid value: "tls crt": a valid config key must consist of alphanumeric characters, \'-\', \'_\' or \'.\' (e.g. \'key.name\',  or \'KEY_NAME\',  or \'key-name\', regex used for validation is \'[-._a-zA-Z0-9]+\')']],
    ['core.ValidateSecret.2: more than 1 MiB of data and stringData', { data: { a: Buffer.alloc(1024 * 1024).toString('base64') }, stringData: { b: 'x' } },
      ['data: Too long: may not be more than 1048576 bytes']],
    ['core.ValidateSecret.3: a service-account token Secret without its annotation', { type: 'kubernetes.io/service-account-token' },
      ['metadata.annotations[kubernetes.io/service-account.name]: Required value']],
    ['core.ValidateSecret.4: a dockercfg Secret without its key', { type: 'kubernetes.io/dockercfg' }, ['data[.dockercfg]: Required value']],
    ['core.ValidateSecret.6: a dockerconfigjson Secret without its key', { type: 'kubernetes.io/dockerconfigjson' }, ['data[.dockerconfigjson]: Required value']],
    ['core.ValidateSecret.5: a dockercfg Secret whose JSON has a bare word', { type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': '{"registry.example.com": auth}' } },
      ['data[.dockercfg]: Invalid value: "<secret contents redacted>": invalid character \'a\' looking for beginning of value']],
    ['core.ValidateSecret.7: a dockerconfigjson Secret holding a JSON array', { type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('[]').toString('base64') } },
      ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": json: cannot unmarshal array into Go value of type map[string]interface {}']],
    ['core.ValidateSecret.7: a dockerconfigjson Secret cut short, stringData over data', {
      type: 'kubernetes.io/dockerconfigjson', data: { '.dockerconfigjson': Buffer.from('{}').toString('base64') }, stringData: { '.dockerconfigjson': '{"auths": {"r": {"auth": "eA=="}}' },
    }, ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": unexpected end of JSON input']],
    ['core.ValidateSecret.7: a number cut after its decimal point (json steps a space at the end)', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': '{"a": 1.' } },
      ['data[.dockerconfigjson]: Invalid value: "<secret contents redacted>": invalid character \' \' after decimal point in numeric literal']],
    ['core.ValidateSecret.5 and .7 accept a JSON object, null included', { type: 'kubernetes.io/dockerconfigjson', stringData: { '.dockerconfigjson': ' {"auths": {"r": {"auth": "eA==", "n": -1.5e+3, "ok": [true, null]}}}\n' } }, []],
    ['core.ValidateSecret.5 accepts null (it decodes into the map as nothing)', { type: 'kubernetes.io/dockercfg', stringData: { '.dockercfg': 'null' } }, []],
    ['core.ValidateSecret.8 and .9: a basic-auth Secret with neither username nor password', { type: 'kubernetes.io/basic-auth' },
      ['data[username]: Required value', 'data[password]: Required value']],
    ['core.ValidateSecret.10: an ssh-auth Secret with an empty key', { type: 'kubernetes.io/ssh-auth', data: { 'ssh-privatekey': '' } }, ['data[ssh-privatekey]: Required value']],
    ['core.ValidateSecret.11 and .12: a TLS Secret without tls.crt and tls.key', { type: 'kubernetes.io/tls', data: {} }, ['data[tls.crt]: Required value', 'data[tls.key]: Required value']],
  ])('%s', (_id, extra, expected) => {
    expect(secretVerdicts(extra)).toEqual(expected);
  });

  test('accepted: a TLS Secret whose keys come from stringData, a basic-auth Secret with a password only', () => {
    expect(secretVerdicts({ type: 'kubernetes.io/tls', stringData: { 'tls.crt': 'x', 'tls.key': 'y' } })).toEqual([]);
    expect(secretVerdicts({ type: 'kubernetes.io/basic-auth', stringData: { password: 'p' } })).toEqual([]);
  });
});
