// What the API server accepts, warns about or refuses beyond a schema: status on create, warnings, kube-openapi's
// formats, ObjectMeta (apimachinery/pkg/api/validation/objectmeta.go) and names per kind.
import { CrdCatalog, formatProblem, validateManifests, Validator, type StructuralSchema } from '../../tools/validate';
import { validExamples } from './examples';

const validator = Validator.fromPinnedCrds({ channel: 'standard' });
const verdicts = (object: unknown) => validator.validate([object]).map(formatProblem);

/** A deep copy of a valid example with one thing changed. */
function changed(name: string, change: (object: any) => void): Record<string, unknown> {
  const object = structuredClone(validExamples[name]);
  change(object);
  return object;
}

/** A validator for one made-up CRD whose `spec` has the given schema, with or without the status subresource. */
function widgets(spec: StructuralSchema, subresources?: Record<string, unknown>): Validator {
  const catalog = new CrdCatalog();
  const status: StructuralSchema = { type: 'object', required: ['ready'], properties: { ready: { type: 'boolean' } } };
  catalog.add({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' },
      versions: [{ name: 'v1', served: true, storage: true, subresources, schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec, status } } } }],
    },
  }, 'widgets.yaml');
  return new Validator(catalog);
}
const widget = (spec: unknown, extra: Record<string, unknown> = {}) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec, ...extra });

describe('status on create (customresource strategy PrepareForCreate; core strategies reset Status)', () => {
  test('an HTTPRoute (status subresource) with `status: {}` is accepted: the API server drops status', () => {
    expect(verdicts(changed('HTTPRoute', (o) => { o.status = {}; }))).toEqual([]);
    expect(verdicts(changed('HTTPRoute', (o) => { o.status = { parents: 'not a list' }; }))).toEqual([]);
  });

  test('a CRD without the status subresource validates status as any field', () => {
    const schema: StructuralSchema = { type: 'object' };
    expect(widgets(schema, { status: {} }).validate([widget({}, { status: {} })])).toEqual([]);
    expect(widgets(schema).validate([widget({}, { status: {} })]).map(formatProblem)).toEqual(['Widget ns/w: status.ready: Required value']);
  });

  test('a Deployment with a status is accepted; a ConfigMap has none, so `status` is an unknown field', () => {
    expect(verdicts(changed('Deployment', (o) => { o.status = { replicas: 2, conditions: [{ type: 'Available', status: 'True' }] }; }))).toEqual([]);
    expect(verdicts(changed('ConfigMap', (o) => { o.status = {}; }))).toEqual(['ConfigMap backend-mtls/backend-config: status: unknown field "status"']);
  });

  test('strict field validation reports an unknown field under status before the status is dropped (CRD and core kinds)', () => {
    expect(verdicts(changed('HTTPRoute', (o) => { o.status = { parents: [], observed: true }; })))
      .toEqual(['HTTPRoute backend-mtls/backend: status.observed: unknown field "status.observed"']);
    expect(verdicts(changed('Deployment', (o) => { o.status = { replicas: 2, conditions: [{ type: 'Available', status: 'True', since: 'now' }] }; })))
      .toEqual(['Deployment backend-mtls/backend: status.conditions[0].since: unknown field "status.conditions[0].since"']);
  });

  test('a core kind\'s status must still decode into its Go type; a CRD\'s status is not checked beyond its fields', () => {
    expect(verdicts(changed('Deployment', (o) => { o.status = { replicas: 'many' }; })))
      .toEqual(['Deployment backend-mtls/backend: status.replicas: Invalid value: "string": status.replicas in body must be of type number: "string"']);
    expect(verdicts(changed('HTTPRoute', (o) => { o.status = { parents: 'not a list' }; }))).toEqual([]);
  });
});

describe('cluster-scoped objects (rest.BeforeCreate clears metadata.namespace before validation)', () => {
  test.each(['Namespace', 'ClusterIssuer', 'GatewayClass'])('a %s carrying metadata.namespace is accepted', (name) => {
    expect(verdicts(changed(name, (o) => { o.metadata.namespace = 'backend-mtls'; }))).toEqual([]);
    expect(verdicts(changed(name, (o) => { o.metadata.namespace = 'Not A Label'; }))).toEqual([]);
  });
});

describe('warnings are reported as warnings and accepted', () => {
  test('a namespaced object without a namespace: kubectl fills in its context\'s namespace', () => {
    const issuer = changed('Issuer CA', (o) => { delete o.metadata.namespace; });
    expect(validator.validate([issuer])).toEqual([{
      object: 'Issuer backend-ca', path: 'metadata.namespace', warning: true,
      rule: "Warning: Issuer is namespaced and names no namespace: kubectl creates it in its context's namespace (or --namespace)",
    }]);
    expect(validateManifests([issuer])).toEqual([]);
  });

  test('a served but deprecated apiVersion draws the CRD\'s deprecationWarning', () => {
    const policy = { ...validExamples.BackendTLSPolicy, apiVersion: 'gateway.networking.k8s.io/v1alpha3' };
    const problems = Validator.fromPinnedCrds({ channel: 'experimental' }).validate([policy]);
    expect(problems.map((problem) => [problem.warning, problem.path])).toEqual([[true, 'apiVersion']]);
    expect(validateManifests([policy], { channel: 'experimental' })).toEqual([]);
  });
});

describe('formats as kube-openapi\'s strfmt registry checks them', () => {
  const formats = widgets({
    type: 'object',
    properties: {
      ipv4: { type: 'string', format: 'ipv4' }, ipv6: { type: 'string', format: 'ipv6' },
      cidr: { type: 'string', format: 'cidr' }, byte: { type: 'string', format: 'byte' },
    },
  });
  const verdict = (field: string, value: string) => formats.validate([widget({ [field]: value })]).map((problem) => problem.rule);

  test.each([
    // isIPv4: netutils.ParseIPSloppy (leading zeros tolerated, as Kubernetes before Go 1.17 parsed them)
    ['ipv4', '10.0.0.1', true], ['ipv4', '010.000.000.001', true], ['ipv4', '10.0.0.256', false], ['ipv4', '10.0.0', false], ['ipv4', '::ffff:10.0.0.1', true],
    // govalidator.IsIPv6: net.ParseIP, which knows no zones
    ['ipv6', 'fe80::1', true], ['ipv6', 'fe80::1%eth0', false], ['ipv6', '10.0.0.1', false],
    // isCIDR: netutils.ParseCIDRSloppy
    ['cidr', '10.0.0.0/8', true], ['cidr', '010.0.0.0/08', true], ['cidr', '10.0.0.0/33', false], ['cidr', 'fe80::/64', true], ['cidr', '10.0.0.0', false],
    // govalidator.IsBase64: one quantum at least
    ['byte', 'aGVsbG8=', true], ['byte', 'aGVsbG8', false], ['byte', '', false],
  ] as Array<[string, string, boolean]>)('%s %p valid: %p', (field, value, valid) => {
    expect(verdict(field, value)).toEqual(valid ? [] : [`Invalid value: ${JSON.stringify(value)}: spec.${field} in body must be of type ${field}: ${JSON.stringify(value)}`]);
  });
});

describe('ObjectMeta in full (ValidateObjectMetaAccessor)', () => {
  test('meta.ValidateAnnotations.1: annotation keys are qualified names', () => {
    expect(verdicts(changed('ConfigMap', (o) => { o.metadata.annotations = { 'Example.com/Ok': 'x', 'bad key': 'y', 'a/b/c': 'z' }; }))).toEqual([
      'ConfigMap backend-mtls/backend-config: metadata.annotations: Invalid value: "bad key": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
      'ConfigMap backend-mtls/backend-config: metadata.annotations: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\') with an optional DNS subdomain prefix and \'/\' (e.g. \'example.com/MyName\')',
    ]);
  });

  test('labels and names give every message of IsQualifiedName, IsValidLabelValue and the DNS checks: a length, then the pattern', () => {
    const long = 'a'.repeat(64);
    expect(verdicts(changed('ConfigMap', (o) => { o.metadata.labels = { '/app': 'x', [long]: long, 'Bad_/x': '' }; }))).toEqual([
      'ConfigMap backend-mtls/backend-config: metadata.labels: Invalid value: "/app": prefix part must be non-empty',
      `ConfigMap backend-mtls/backend-config: metadata.labels: Invalid value: "${long}": name part must be no more than 63 characters`,
      `ConfigMap backend-mtls/backend-config: metadata.labels[${long}]: Invalid value: "${long}": must be no more than 63 characters`,
      'ConfigMap backend-mtls/backend-config: metadata.labels: Invalid value: "Bad_/x": prefix part a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ]);
    expect(verdicts(changed('Namespace', (o) => { o.metadata.name = long; }))).toEqual([`Namespace ${long}: metadata.name: Invalid value: "${long}": must be no more than 63 characters`]);
  });

  test('meta.ValidateObjectMetaAccessor.1: maskTrailingDash replaces a generateName\'s trailing dash and the character before it by "a"', () => {
    expect(verdicts(changed('ConfigMap', (o) => { delete o.metadata.name; o.metadata.generateName = 'config.-'; }))).toEqual([]);
  });

  test('meta.ValidateAnnotations.2: annotations hold at most 256 KiB of keys and values (TotalAnnotationSizeLimitB)', () => {
    const atLimit = changed('ConfigMap', (o) => { o.metadata.annotations = { a: 'x'.repeat(256 * 1024 - 1) }; });
    const overLimit = changed('ConfigMap', (o) => { o.metadata.annotations = { a: 'x'.repeat(256 * 1024) }; });
    expect(verdicts(atLimit)).toEqual([]);
    expect(verdicts(overLimit)).toEqual(['ConfigMap backend-mtls/backend-config: metadata.annotations: Too long: may not be more than 262144 bytes']);
  });

  test('meta.ValidateFinalizerName.1 and meta.ValidateFinalizers.1: finalizers are qualified names, not both orphan and foregroundDeletion; a bare name draws a warning when the object is accepted', () => {
    const object = changed('Certificate server', (o) => { o.metadata.finalizers = ['example.com/cleanup', 'orphan', 'foregroundDeletion', 'Bad Name!', 'cleanup']; });
    expect(validator.validate([object]).map((problem) => `${problem.warning ? 'warning ' : ''}${problem.path}: ${problem.rule}`)).toEqual([
      'metadata.finalizers: Invalid value: "Bad Name!": name part must consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyName\',  or \'my.name\',  or \'123-abc\', regex used for validation is \'([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]\')',
      'metadata.finalizers: Invalid value: ["example.com/cleanup","orphan","foregroundDeletion","Bad Name!","cleanup"]: finalizer orphan and foregroundDeletion cannot be both set',
    ]);
    // the strategy's warnings come only with an accepted object (rest.BeforeCreate returns the field errors first)
    const accepted = changed('Certificate server', (o) => { o.metadata.finalizers = ['example.com/cleanup', 'cleanup']; });
    expect(validator.validate([accepted]).map((problem) => `${problem.warning ? 'warning ' : ''}${problem.path}: ${problem.rule}`)).toEqual([
      'warning metadata.finalizers[1]: Warning: "cleanup": prefer a domain-qualified finalizer name including a path (/) to avoid accidental conflicts with other finalizer writers',
    ]);
  });

  test('meta.ValidateObjectMetaAccessor.1 and .2 with core.ValidateServiceName.1: generateName is checked by the kind\'s name rule, one trailing dash allowed, also beside a name', () => {
    const generated = (name: string, generateName: string) => changed(name, (o) => {
      delete o.metadata.name;
      o.metadata.generateName = generateName;
    });
    expect(verdicts(generated('ConfigMap', 'backend-config-'))).toEqual([]);
    expect(verdicts(generated('Service', 'Backend-'))).toEqual([
      'Service backend-mtls/Backend-*: metadata.generateName: Invalid value: "Backend-": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')',
    ]);
    expect(verdicts(changed('ConfigMap', (o) => { delete o.metadata.name; }))).toEqual(['ConfigMap backend-mtls/<no name>: metadata.name: Required value: name or generateName is required']);
    expect(verdicts(changed('ConfigMap', (o) => { o.metadata.generateName = 'Backend-'; }))).toEqual([
      'ConfigMap backend-mtls/backend-config: metadata.generateName: Invalid value: "Backend-": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')',
    ]);
  });

  test('meta.ValidateObjectMetaAccessor.5 and meta.validateOwnerReference.2 and .3: a namespace that is no DNS label, an owner without kind or name', () => {
    const owner = { apiVersion: 'apps/v1', kind: '', name: '', uid: 'b1f0c2a4-0000-4000-8000-000000000001' };
    expect(verdicts(changed('ConfigMap', (o) => { o.metadata.namespace = 'Backend_MTLS'; o.metadata.ownerReferences = [owner]; }))).toEqual([
      'ConfigMap Backend_MTLS/backend-config: metadata.namespace: Invalid value: "Backend_MTLS": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or \'-\', and must start and end with an alphanumeric character (e.g. \'my-name\',  or \'123-abc\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?\')',
      'ConfigMap Backend_MTLS/backend-config: metadata.ownerReferences[0].kind: Invalid value: "": kind must not be empty',
      'ConfigMap Backend_MTLS/backend-config: metadata.ownerReferences[0].name: Invalid value: "": name must not be empty',
    ]);
  });

  test('meta.validateOwnerReference.1 and .4, meta.ValidateOwnerReferences.1: owner references name a version and a uid; one controller at most', () => {
    const owner = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'backend', uid: 'b1f0c2a4-0000-4000-8000-000000000001', controller: true };
    expect(verdicts(changed('ConfigMap', (o) => { o.metadata.ownerReferences = [owner]; }))).toEqual([]);
    expect(verdicts(changed('ConfigMap', (o) => { o.metadata.ownerReferences = [{ ...owner, apiVersion: 'apps/', uid: '' }, { ...owner, name: 'other' }]; }))).toEqual([
      'ConfigMap backend-mtls/backend-config: metadata.ownerReferences[0].apiVersion: Invalid value: "apps/": version must not be empty',
      'ConfigMap backend-mtls/backend-config: metadata.ownerReferences[0].uid: Invalid value: "": uid must not be empty',
      `ConfigMap backend-mtls/backend-config: metadata.ownerReferences: Invalid value: ${JSON.stringify([{ ...owner, apiVersion: 'apps/', uid: '' }, { ...owner, name: 'other' }])}: Only one reference can have Controller set to true. Found "true" in references for Deployment/backend and Deployment/other`,
    ]);
  });

  test('meta.validateOwnerReference.5 and .1: an Event is no owner (also written `/v1`); an apiVersion with two slashes has no version', () => {
    const event = { apiVersion: 'v1', kind: 'Event', name: 'e', uid: 'b1f0c2a4-0000-4000-8000-000000000002' };
    const references = [event, { ...event, apiVersion: '/v1' }, { ...event, apiVersion: 'events.k8s.io/v1' }, { ...event, apiVersion: 'a/b/v1' }];
    expect(verdicts(changed('ConfigMap', (o) => { o.metadata.ownerReferences = references; }))).toEqual([
      `ConfigMap backend-mtls/backend-config: metadata.ownerReferences[0]: Invalid value: ${JSON.stringify(event)}: /v1, Kind=Event is disallowed from being an owner`,
      `ConfigMap backend-mtls/backend-config: metadata.ownerReferences[1]: Invalid value: ${JSON.stringify(references[1])}: /v1, Kind=Event is disallowed from being an owner`,
      'ConfigMap backend-mtls/backend-config: metadata.ownerReferences[3].apiVersion: Invalid value: "a/b/v1": version must not be empty',
    ]);
  });

  test('RBAC names are path segments (ValidateRBACName): `system:auth-delegator` is valid, `a/b` is not', () => {
    const role = (name: string) => ({ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: { name }, rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['get'] }] });
    expect(verdicts(role('system:auth-delegator'))).toEqual([]);
    expect(verdicts(role('a/b'))).toEqual(['ClusterRole a/b: metadata.name: Invalid value: "a/b": may not contain \'/\'']);
    expect(verdicts(role('..'))).toEqual(['ClusterRole ..: metadata.name: Invalid value: "..": may not be \'..\'']);
  });
});
