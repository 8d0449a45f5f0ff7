import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BackendDisruptionBudget, BackendMtlsChart, BackendServiceAttributes, BackendNetworkPolicy, CaTrust, ClientCertificateMode, EnvoyBackend, ExistingBackendService,
  ExistingIssuer, HttpRoute, MtlsBackend, ReferenceGrant, SelfSignedCa, TrustDistribution, TrustSource,
} from '../../lib';

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);
const clusterIssuer = () => ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'ca');
const existing = (attrs: Partial<BackendServiceAttributes> = {}) =>
  ExistingBackendService.fromServiceAttributes(Testing.chart(), 'Legacy', { serviceName: 'legacy', namespace: 'legacy', port: 9443, hostname: 'legacy.example', ...attrs });

describe('chart props', () => {
  test('clientCertificateMode and trust must be enum values', () => {
    expect(() => chart({ clientCertificateMode: 'Sidecar' })).toThrow(/c\/Setup: clientCertificateMode "Sidecar" must be one of EnvoyProxy, Gateway, PerBackend/);
    expect(() => chart({ trustDistribution: 'Vault' })).toThrow(/c\/Setup: trustDistribution "Vault" must be one of Secret, TrustManagerBundle/);
  });

  test('Bundle-only props need the Bundle', () => {
    expect(() => chart({ trustNamespace: 'cert-manager' })).toThrow(/c\/Setup: trustNamespace "cert-manager" applies only with trustDistribution: TrustDistribution.TRUST_MANAGER_BUNDLE/);
    expect(() => chart({ trustBundleSource: TrustSource.fromSecretName(Testing.chart(), 'Source', 'root') })).toThrow(/c\/Setup: trustBundleSource "root" applies only with trustDistribution/);
    expect(() => chart({ trustDistribution: TrustDistribution.TRUST_MANAGER_BUNDLE, issuer: clusterIssuer() })).toThrow(/c\/Setup: trustBundleSource undefined must be set with an existing issuer/);
  });

  test('chart-wide client certificate props do not apply per backend', () => {
    expect(() => chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, clientCommonName: 'x' })).toThrow(/c\/Setup: clientCommonName "x" applies only to the setup-wide client certificate/);
    expect(() => chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, policyName: 'p' })).toThrow(/c\/Setup\/Backend: policyName "p" applies only when a BackendTLSPolicy is rendered/);
  });

  test('envoyProxyPods needs NetworkPolicies', () => {
    expect(() => chart({ networkPolicies: false, envoyProxyPods: { namespace: 'x' } })).toThrow(/c\/Setup: envoyProxyPods .* applies only with networkPolicies enabled/);
  });
});

describe('addBackend', () => {
  test('another namespace needs an issuer that signs there', () => {
    expect(() => chart().addBackend('B', { name: 'b', namespace: 'team-b' })).toThrow(/c\/Setup\/B\/Workload\/Front\/ServerCertificate: namespace "team-b" must equal the namespace of Issuer backend-mtls-ca-issuer .* use a ClusterIssuer/);
  });

  test('the hostname must be served by the listener', () => {
    expect(() => chart().addBackend('B', { name: 'b', hostname: 'b.demo.int' })).toThrow(/c\/Setup\/B: hostname "b.demo.int" is not served by listener "http" \(hostname "mtls-backend.demo.int"\).*"\*\.demo\.int"/);
    expect(() => chart({ hostname: '*.demo.int' }).addBackend('B', { name: 'b', hostname: 'b.other.int' })).toThrow(/is not served by listener/);
    expect(() => chart().addBackend('B', { name: 'b', hostname: 'Not A Host' })).toThrow(/c\/Setup\/B: hostname "Not A Host" must be a lower-case DNS hostname/);
  });

  test('bad names, namespaces and paths name the field', () => {
    expect(() => chart().addBackend('B', { name: 'b', namespace: 'Team_B' })).toThrow(/c\/Setup: addBackend\("B"\) namespace "Team_B" must be a DNS-1123 label/);
    expect(() => chart().addBackend('B', { name: 'b', pathPrefix: 'api' })).toThrow(/c\/Setup\/B\/Route: rules\[0\].pathPrefix "api" must be an absolute path/);
    expect(() => chart().addBackend('B', { name: 'b', replicas: -1 })).toThrow(/c\/Setup\/B\/Workload: replicas -1 must be an integer from 0 to 100/);
  });

  test('clientCommonName applies only per backend', () => {
    expect(() => chart().addBackend('B', { name: 'b', clientCommonName: 'b-client' })).toThrow(/c\/Setup\/B: clientCommonName "b-client" applies only with ClientCertificateMode.PER_BACKEND/);
  });
});

describe('addExistingBackend', () => {
  test('in Secret trust mode the CA must be named', () => {
    expect(() => chart().addExistingBackend('L', existing())).toThrow(/c\/Setup\/L: trust undefined must be set for existing Service legacy\/legacy/);
  });

  test('ExistingBackendService.fromServiceAttributes checks its attributes', () => {
    expect(() => existing({ port: 70000 })).toThrow(/test\/Legacy: port 70000 must be an integer from 1 to 65535/);
    expect(() => existing({ hostname: '10.0.0.1' })).toThrow(/test\/Legacy: hostname "10.0.0.1" must be a DNS hostname, not an IP address/);
    expect(() => existing({ namespace: 'A' })).toThrow(/test\/Legacy: namespace "A" must be a DNS-1123 label/);
    expect(() => existing({ portName: 'HTTPS' })).toThrow(/test\/Legacy: portName "HTTPS" must be an IANA service name/);
  });
});

describe('constructs used directly', () => {
  test('MtlsBackend needs exactly one of workload and service', () => {
    const c = chart();
    expect(() => new MtlsBackend(c, 'M', { listener: c.backendMtls.listener, issuer: c.backendMtls.issuer })).toThrow(/c\/M: workload "nor service" exactly one of workload/);
    expect(() => new MtlsBackend(c, 'N', { listener: c.backendMtls.listener, issuer: c.backendMtls.issuer, service: existing(), workload: { namespace: 'httpbin-tls' } })).toThrow(/c\/N: workload "and service" exactly one/);
  });

  test('EnvoyBackend needs a client certificate in its namespace with client auth', () => {
    const c = chart({ issuer: clusterIssuer(), hostname: '*.demo.int' });
    const other = c.addBackend('Other', { name: 'other', namespace: 'other' });
    const trust = CaTrust.fromCertificateSecret(c.backendMtls.defaultWorkload.serverCertificate);
    expect(() => new EnvoyBackend(c, 'E', { service: c.backendMtls.defaultWorkload, clientCertificate: other.workload!.serverCertificate, trust }))
      .toThrow(/c\/E: clientCertificate.namespace "other" must be the Backend's namespace "httpbin-tls"/);
    expect(() => new EnvoyBackend(c, 'F', { service: c.backendMtls.defaultWorkload, clientCertificate: c.backendMtls.defaultWorkload.serverCertificate, trust }))
      .toThrow(/c\/F: clientCertificate.usages \["server auth","digital signature"\] must include "client auth"/);
  });

  test('HttpRoute rejects an EnvoyBackend that fronts another Service', () => {
    const c = chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, hostname: '*.demo.int' });
    const other = c.addBackend('Other', { name: 'other' });
    expect(() => new HttpRoute(c, 'R', { parent: c.backendMtls.listener, rules: [{ backend: c.backendMtls.defaultWorkload, envoyBackend: other.envoyBackend }] }))
      .toThrow(/c\/R: rules\[0\].envoyBackend "other" fronts Service httpbin-tls\/other, not the rule's backend httpbin-tls\/httpbin-tls/);
  });

  test('ReferenceGrant needs referrers from another namespace and at least one target', () => {
    const c = Testing.chart();
    expect(() => new ReferenceGrant(c, 'G', { name: 'g', namespace: 'a', from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'a' }], to: [{ group: '', kind: 'Service' }] }))
      .toThrow(/G: from\[0\].namespace "a" is the grant's own namespace/);
    expect(() => new ReferenceGrant(c, 'H', { name: 'h', namespace: 'a', from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'b' }], to: [] }))
      .toThrow(/H: to 0 must list 1 to 16 targets/);
  });

  test('NetworkPolicy and PodDisruptionBudget need pod labels; the budget needs more than one replica', () => {
    const c = Testing.chart();
    const proxyPods = { namespace: 'envoy-gateway-system', labels: { app: 'envoy' } };
    expect(() => new BackendNetworkPolicy(c, 'N', { backend: existing(), proxyPods })).toThrow(/N: backend.podLabels null must be known to isolate Service legacy\/legacy's pods/);
    expect(() => new BackendNetworkPolicy(c, 'M', { backend: existing({ podLabels: { app: 'x' } }), proxyPods: { ...proxyPods, labels: {} } })).toThrow(/M: proxyPods.labels \{\} must select the proxy pods/);
    expect(() => new BackendDisruptionBudget(c, 'P', { backend: existing({ podLabels: { app: 'x' } }) })).toThrow(/P: backend.replicas 0 must exceed 1/);
  });

  test('TrustBundle names must be valid', () => {
    expect(() => chart({ trustDistribution: TrustDistribution.TRUST_MANAGER_BUNDLE, trustNamespace: 'Cert_Manager' })).toThrow(/c\/Setup\/TrustBundle: trustNamespace "Cert_Manager" must be a DNS-1123 label/);
  });
});

describe('names, labels and routes checked where they enter', () => {
  test('BackendNetworkPolicy checks the labels it copies into its selectors', () => {
    const c = Testing.chart();
    const proxyPods = { namespace: 'envoy-gateway-system', labels: { app: 'envoy' } };
    expect(() => new BackendNetworkPolicy(c, 'N', { backend: existing({ podLabels: { app: 'x' } }), proxyPods: { ...proxyPods, labels: { 'app name': 'envoy' } } }))
      .toThrow(/^test\/N: proxyPods.labels key "app name" must be a Kubernetes label key/);
    const handWritten = Object.assign(new Construct(c, 'HandWritten'), { serviceName: 'legacy', namespace: 'legacy', port: 443, portName: 'https', tlsHostnames: ['legacy'], podLabels: { app: 'not a value' } });
    expect(() => new BackendNetworkPolicy(c, 'M', { backend: handWritten, proxyPods })).toThrow(/^test\/M: backend.podLabels\["app"\] "not a value" must be a Kubernetes label value/);
  });

  test('a backend name too long for the names made from it names the prop, not the derived name', () => {
    expect(() => chart({ defaultWorkload: { name: `a${'b'.repeat(56)}` } })).toThrow(/^c\/Setup\/Backend\/Workload: name "ab{56}" is too long for the names made from it \("ab{56}-secret" exceeds 63 characters\): shorten it to at most 56 characters/);
    expect(() => chart({ hostname: '*.demo.int', issuer: clusterIssuer(), clientCertificateMode: ClientCertificateMode.PER_BACKEND }).addBackend('B', { name: `b${'c'.repeat(45)}`, hostname: 'b.demo.int' }))
      .toThrow(/^c\/Setup\/B: name "bc{45}" is too long for the names made from it \("envoygateway-client-bc{45}" exceeds 64 characters\): shorten it to at most 44 characters/);
    expect(() => new SelfSignedCa(Testing.chart(), 'Ca', { namespace: 'ns', namePrefix: 'p'.repeat(62) })).toThrow(/^test\/Ca: namePrefix "p{62}" must leave room for the names derived from it/);
  });

  test('two rules with one hostname and prefix conflict on one listener only', () => {
    const c = chart({ hostname: '*.demo.int' });
    const other = c.backendMtls.gateway.addListener({ name: 'other', port: 18081, hostname: '*.demo.int' });
    new HttpRoute(c, 'OtherRoute', { name: 'other-route', parent: other, hostnames: ['mtls-backend.demo.int'], rules: [{ backend: c.backendMtls.defaultWorkload }] });
    new HttpRoute(c, 'ApiRoute', { name: 'api-route', parent: c.backendMtls.listener, rules: [{ pathPrefix: '/api', backend: c.backendMtls.defaultWorkload }, { pathPrefix: '/api', backend: c.backendMtls.defaultWorkload }] });
    expect(() => Testing.synth(c)).toThrow(/HTTPRoute httpbin-tls\/api-route \(c\/ApiRoute\): rules\[1\] matches hostname "\*\.demo\.int" and path prefix "\/api" .* exactly as rules\[0\] of HTTPRoute httpbin-tls\/api-route/);
    expect(() => Testing.synth(c)).not.toThrow(/other-route/);
  });
});
