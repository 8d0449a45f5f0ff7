import { formatProblem, Validator } from '../../tools/validate';
import { validExamples } from './examples';

/** A deep copy of a valid example with one thing broken. */
function broken(name: string, change: (object: any) => void): Record<string, unknown> {
  const object = structuredClone(validExamples[name]);
  change(object);
  return object;
}

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ['BackendTLSPolicy with both caCertificateRefs and wellKnownCACertificates',
    broken('BackendTLSPolicy', (o) => { o.spec.validation.wellKnownCACertificates = 'System'; }),
    ['BackendTLSPolicy backend-mtls/backend-tls: spec.validation: Invalid value: "object": must not contain both CACertificateRefs and WellKnownCACertificates']],
  ['v1alpha3 BackendTLSPolicy against the standard channel',
    broken('BackendTLSPolicy', (o) => { o.apiVersion = 'gateway.networking.k8s.io/v1alpha3'; }),
    ['BackendTLSPolicy backend-mtls/backend-tls: apiVersion: Invalid value: "gateway.networking.k8s.io/v1alpha3": no matches for kind "BackendTLSPolicy" in version "gateway.networking.k8s.io/v1alpha3": the CRD does not serve it (served: v1)']],
  ['HTTPRoute rule with both a RequestRedirect and backendRefs',
    broken('HTTPRoute redirect', (o) => { o.spec.rules[0].backendRefs = [{ name: 'backend', port: 443 }]; }),
    ['HTTPRoute backend-mtls/https-redirect: spec.rules[0]: Invalid value: "object": RequestRedirect filter must not be used together with backendRefs']],
  ['unknown field', broken('Certificate server', (o) => { o.spec.dnsName = 'typo'; }),
    ['Certificate backend-mtls/backend-tls: spec.dnsName: unknown field "spec.dnsName"']],
  ['wrong enum', broken('Certificate CA', (o) => { o.spec.privateKey.algorithm = 'DSA'; }),
    ['Certificate backend-mtls/backend-ca: spec.privateKey.algorithm: Unsupported value: "DSA": supported values: "RSA", "ECDSA", "Ed25519"']],
  ['Certificate with a non-string duration', broken('Certificate server', (o) => { o.spec.duration = 90; }),
    ['Certificate backend-mtls/backend-tls: spec.duration: Invalid value: "integer": spec.duration in body must be of type string: "integer"']],
  ['Gateway listeners with the same name', broken('Gateway', (o) => { o.spec.listeners[1].name = 'http'; }),
    ['Gateway backend-mtls/edge: spec.listeners[1]: Duplicate value: {"name":"http"}', 'Gateway backend-mtls/edge: spec.listeners: Invalid value: "array": Listener name must be unique within the Gateway']],
  ['HTTPS listener in Passthrough mode', broken('Gateway', (o) => { o.spec.listeners[1].tls.mode = 'Passthrough'; }),
    ['Gateway backend-mtls/edge: spec.listeners: Invalid value: "array": tls mode must be Terminate for protocol HTTPS']],
  ['TCP listener with a hostname', broken('Gateway', (o) => { o.spec.listeners[0].protocol = 'TCP'; o.spec.listeners[0].hostname = 'a.example.com'; }),
    ['Gateway backend-mtls/edge: spec.listeners: Invalid value: "array": hostname must not be specified for protocols [\'TCP\', \'UDP\']']],
  ['listener port out of range', broken('Gateway', (o) => { o.spec.listeners[0].port = 70000; }),
    ['Gateway backend-mtls/edge: spec.listeners[0].port: Invalid value: 70000: spec.listeners[0].port in body should be less than or equal to 65535']],
  ['HTTPRoute hostname with an upper-case letter', broken('HTTPRoute', (o) => { o.spec.hostnames = ['App.example.com']; }),
    ['HTTPRoute backend-mtls/backend: spec.hostnames[0]: Invalid value: "App.example.com": spec.hostnames[0] in body should match \'^(\\*\\.)?[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$\'']],
  ['HTTPRoute path match not starting with a slash', broken('HTTPRoute', (o) => { o.spec.rules[0].matches[0].path.value = 'api'; }),
    ['HTTPRoute backend-mtls/backend: spec.rules[0].matches[0].path: Invalid value: "object": value must be an absolute path and start with \'/\' when type one of [\'Exact\', \'PathPrefix\']']],
  ['HTTPRoute backendRequest timeout longer than request', broken('HTTPRoute', (o) => { o.spec.rules[0].timeouts = { request: '1s', backendRequest: '5s' }; }),
    ['HTTPRoute backend-mtls/backend: spec.rules[0].timeouts: Invalid value: "object": backendRequest timeout cannot be longer than request timeout']],
  ['HTTPRoute Service backendRef without a port', broken('HTTPRoute', (o) => { delete o.spec.rules[0].backendRefs[0].port; }),
    ['HTTPRoute backend-mtls/backend: spec.rules[0].backendRefs[0]: Invalid value: "object": Must have port for Service reference']],
  ['BackendTLSPolicy without any CA', broken('BackendTLSPolicy', (o) => { delete o.spec.validation.caCertificateRefs; }),
    ['BackendTLSPolicy backend-mtls/backend-tls: spec.validation: Invalid value: "object": must specify either CACertificateRefs or WellKnownCACertificates']],
  ['BackendTLSPolicy subjectAltName of type Hostname without hostname', broken('BackendTLSPolicy well-known CAs', (o) => { o.spec.validation.subjectAltNames = [{ type: 'Hostname', uri: 'spiffe://x' }]; }),
    ['BackendTLSPolicy backend-mtls/public-tls: spec.validation.subjectAltNames[0]: Invalid value: "object": SubjectAltName element must contain Hostname, if Type is set to Hostname',
      'BackendTLSPolicy backend-mtls/public-tls: spec.validation.subjectAltNames[0]: Invalid value: "object": SubjectAltName element must not contain URI, if Type is not set to URI']],
  ['BackendTLSPolicy without targetRefs', broken('BackendTLSPolicy', (o) => { delete o.spec.targetRefs; }),
    ['BackendTLSPolicy backend-mtls/backend-tls: spec.targetRefs: Required value']],
  ['EnvoyProxy with min TLS version above max', broken('EnvoyProxy', (o) => { o.spec.backendTLS.minVersion = '1.3'; o.spec.backendTLS.maxVersion = '1.2'; }),
    ['EnvoyProxy backend-mtls/proxy: spec.backendTLS: Invalid value: "object": minVersion must be smaller or equal to maxVersion']],
  ['Backend endpoint with both fqdn and ip', broken('Backend', (o) => { o.spec.endpoints[0].ip = { address: '10.0.0.1', port: 443 }; }),
    ['Backend backend-mtls/external: spec.endpoints[0]: Invalid value: "object": only one of fqdn, ip or unix can be specified']],
  ['BackendTrafficPolicy TCP health check carrying HTTP settings', broken('BackendTrafficPolicy', (o) => { o.spec.healthCheck.active.type = 'TCP'; }),
    ['BackendTrafficPolicy backend-mtls/backend-traffic: spec.healthCheck.active: Invalid value: "object": If Health Checker type is HTTP, http field needs to be set.',
      'BackendTrafficPolicy backend-mtls/backend-traffic: spec.healthCheck.active: Invalid value: "object": If Health Checker type is TCP, tcp field needs to be set.']],
  ['Deployment container without a name', broken('Deployment', (o) => { delete o.spec.template.spec.containers[0].name; }),
    ['Deployment backend-mtls/backend: spec.template.spec.containers[0].name: Required value']],
  ['Deployment with replicas as a string', broken('Deployment', (o) => { o.spec.replicas = '2'; }),
    ['Deployment backend-mtls/backend: spec.replicas: Invalid value: "string": spec.replicas in body must be of type number: "string"']],
  ['Service with an upper-case name', broken('Service', (o) => { o.metadata.name = 'Backend'; }),
    ['Service backend-mtls/Backend: metadata.name: Invalid value: "Backend": a DNS-1035 label must consist of lower case alphanumeric characters or \'-\', start with an alphabetic character, and end with an alphanumeric character (e.g. \'my-name\',  or \'abc-123\', regex used for validation is \'[a-z]([-a-z0-9]*[a-z0-9])?\')']],
  ['ConfigMap with an unknown top-level field', broken('ConfigMap', (o) => { o.spec = { data: {} }; }),
    ['ConfigMap backend-mtls/backend-config: spec: unknown field "spec"']],
  ['unknown field in metadata', broken('Issuer CA', (o) => { o.metadata.label = { a: 'b' }; }),
    ['Issuer backend-mtls/backend-ca: metadata.label: unknown field "metadata.label"']],
  ['kind that no CRD defines', { apiVersion: 'gateway.networking.k8s.io/v1', kind: 'TCPRoute', metadata: { name: 'x', namespace: 'y' } },
    ['TCPRoute y/x: apiVersion: Invalid value: "gateway.networking.k8s.io/v1": no matches for kind "TCPRoute" in version "gateway.networking.k8s.io/v1": no loaded CRD or core kind defines it']],
];

describe('known-bad objects get the API server\'s verdict', () => {
  const validator = Validator.fromPinnedCrds({ channel: 'standard' });

  test('the catalogue is large enough to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(20);
  });

  test.each(cases)('%s', (_name, object, expected) => {
    expect(validator.validate([object]).map(formatProblem)).toEqual(expected);
  });
});
