import { Testing } from 'cdk8s';
import {
  BackendDisruptionBudget, BackendMtlsChart, BackendNetworkPolicy, CaTrust, ClientCertificateMode, EnvoyBackend, ExistingBackendService,
  ExistingIssuer, HttpRoute, MtlsBackend, ReferenceGrant, SelfSignedCa, TrustDistribution, TrustSource,
} from '../../lib';

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);
const clusterIssuer = ExistingIssuer.fromClusterIssuerName('ca');
const existing = (options: Partial<Parameters<typeof ExistingBackendService.fromServiceName>[2]> = {}) =>
  ExistingBackendService.fromServiceName(Testing.chart(), 'legacy', { namespace: 'legacy', port: 9443, hostname: 'legacy.example', ...options });

describe('chart props', () => {
  test('clientCertificateMode and trust must be enum values', () => {
    expect(() => chart({ clientCertificateMode: 'Sidecar' })).toThrow(/c: clientCertificateMode "Sidecar" must be one of EnvoyProxy, Gateway, PerBackend/);
    expect(() => chart({ trust: 'Vault' })).toThrow(/c: trust "Vault" must be one of Secret, TrustManagerBundle/);
  });

  test('Bundle-only props need the Bundle', () => {
    expect(() => chart({ trustNamespace: 'cert-manager' })).toThrow(/c: trustNamespace "cert-manager" applies only with trust: TrustDistribution.TRUST_MANAGER_BUNDLE/);
    expect(() => chart({ trustBundleSource: TrustSource.fromSecretName(Testing.chart(), 'root') })).toThrow(/c: trustBundleSource "root" applies only with trust/);
    expect(() => chart({ trust: TrustDistribution.TRUST_MANAGER_BUNDLE, issuer: clusterIssuer })).toThrow(/c: trustBundleSource undefined must be set with an existing issuer/);
  });

  test('chart-wide client certificate props do not apply per backend', () => {
    expect(() => chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, clientCommonName: 'x' })).toThrow(/c: clientCommonName "x" applies only to the chart-wide client certificate/);
    expect(() => chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, policyName: 'p' })).toThrow(/c\/Backend: policyName "p" applies only when a BackendTLSPolicy is rendered/);
  });

  test('envoyProxyPods needs NetworkPolicies', () => {
    expect(() => chart({ networkPolicies: false, envoyProxyPods: { namespace: 'x' } })).toThrow(/c: envoyProxyPods .* applies only with networkPolicies enabled/);
  });
});

describe('addBackend', () => {
  test('another namespace needs an issuer that signs there', () => {
    expect(() => chart().addBackend('B', { name: 'b', namespace: 'team-b' })).toThrow(/c\/B\/Workload\/Front\/ServerCertificate: namespace "team-b" must equal the namespace of Issuer backend-mtls-ca-issuer .* use a ClusterIssuer/);
  });

  test('the hostname must be served by the listener', () => {
    expect(() => chart().addBackend('B', { name: 'b', hostname: 'b.demo.int' })).toThrow(/c\/B: hostname "b.demo.int" is not served by listener "http" \(hostname "mtls-backend.demo.int"\).*"\*\.demo\.int"/);
    expect(() => chart({ hostname: '*.demo.int' }).addBackend('B', { name: 'b', hostname: 'b.other.int' })).toThrow(/is not served by listener/);
    expect(() => chart().addBackend('B', { name: 'b', hostname: 'Not A Host' })).toThrow(/c\/B: hostname "Not A Host" must be a lower-case DNS hostname/);
  });

  test('bad names, namespaces and paths name the field', () => {
    expect(() => chart().addBackend('B', { name: 'b', namespace: 'Team_B' })).toThrow(/c: B.namespace "Team_B" must be a DNS-1123 label/);
    expect(() => chart().addBackend('B', { name: 'b', pathPrefix: 'api' })).toThrow(/c\/B\/Route: rules\[0\].pathPrefix "api" must be an absolute path/);
    expect(() => chart().addBackend('B', { name: 'b', replicas: -1 })).toThrow(/c\/B\/Workload: replicas -1 must be an integer from 0 to 100/);
  });

  test('clientCommonName applies only per backend', () => {
    expect(() => chart().addBackend('B', { name: 'b', clientCommonName: 'b-client' })).toThrow(/c\/B: clientCommonName "b-client" applies only with ClientCertificateMode.PER_BACKEND/);
  });
});

describe('addExistingBackend', () => {
  test('in Secret trust mode the CA must be named', () => {
    expect(() => chart().addExistingBackend('L', existing())).toThrow(/c\/L: trust undefined must be set for existing Service legacy\/legacy/);
  });

  test('ExistingBackendService.fromServiceName checks its fields', () => {
    expect(() => existing({ port: 70000 })).toThrow(/existing service port 70000 must be an integer from 1 to 65535/);
    expect(() => existing({ hostname: '10.0.0.1' })).toThrow(/existing service hostname "10.0.0.1" must be a DNS hostname, not an IP address/);
    expect(() => existing({ namespace: 'A' })).toThrow(/existing service namespace "A" must be a DNS-1123 label/);
    expect(() => existing({ portName: 'HTTPS' })).toThrow(/existing service portName "HTTPS" must be an IANA service name/);
  });
});

describe('constructs used directly', () => {
  test('MtlsBackend needs exactly one of workload and service', () => {
    const c = chart();
    expect(() => new MtlsBackend(c, 'M', { listener: c.listener, issuer: c.issuer })).toThrow(/c\/M: workload "nor service" exactly one of workload/);
    expect(() => new MtlsBackend(c, 'N', { listener: c.listener, issuer: c.issuer, service: existing(), workload: { namespace: 'httpbin-tls' } })).toThrow(/c\/N: workload "and service" exactly one/);
  });

  test('EnvoyBackend needs a client certificate in its namespace with client auth', () => {
    const c = chart({ issuer: clusterIssuer, hostname: '*.demo.int' });
    const other = c.addBackend('Other', { name: 'other', namespace: 'other' });
    const trust = CaTrust.fromCertificateSecret(c.backend.serverCertificate);
    expect(() => new EnvoyBackend(c, 'E', { service: c.backend, clientCertificate: other.workload!.serverCertificate, trust }))
      .toThrow(/c\/E: clientCertificate.namespace "other" must be the Backend's namespace "httpbin-tls"/);
    expect(() => new EnvoyBackend(c, 'F', { service: c.backend, clientCertificate: c.backend.serverCertificate, trust }))
      .toThrow(/c\/F: clientCertificate.usages \["server auth","digital signature"\] must include "client auth"/);
  });

  test('HttpRoute rejects an EnvoyBackend that fronts another Service', () => {
    const c = chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, hostname: '*.demo.int' });
    const other = c.addBackend('Other', { name: 'other' });
    expect(() => new HttpRoute(c, 'R', { parent: c.listener, rules: [{ backend: c.backend, envoyBackend: other.envoyBackend }] }))
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
    expect(() => chart({ trust: TrustDistribution.TRUST_MANAGER_BUNDLE, trustNamespace: 'Cert_Manager' })).toThrow(/c\/TrustBundle: trustNamespace "Cert_Manager" must be a DNS-1123 label/);
  });
});

describe('names, labels and routes checked where they enter', () => {
  test('BackendNetworkPolicy checks the labels it copies into its selectors', () => {
    const c = Testing.chart();
    const proxyPods = { namespace: 'envoy-gateway-system', labels: { app: 'envoy' } };
    expect(() => new BackendNetworkPolicy(c, 'N', { backend: existing({ podLabels: { app: 'x' } }), proxyPods: { ...proxyPods, labels: { 'app name': 'envoy' } } }))
      .toThrow(/^test\/N: proxyPods.labels key "app name" must be a Kubernetes label key/);
    const handWritten = { serviceName: 'legacy', namespace: 'legacy', port: 443, portName: 'https', tlsHostnames: ['legacy'], podLabels: { app: 'not a value' } };
    expect(() => new BackendNetworkPolicy(c, 'M', { backend: handWritten, proxyPods })).toThrow(/^test\/M: backend.podLabels\["app"\] "not a value" must be a Kubernetes label value/);
  });

  test('a backend name too long for the names made from it names the prop, not the derived name', () => {
    expect(() => chart({ backend: { name: `a${'b'.repeat(56)}` } })).toThrow(/^c\/Backend\/Workload: name "ab{56}" is too long for the names made from it \("ab{56}-secret" exceeds 63 characters\): shorten it to at most 56 characters/);
    expect(() => chart({ hostname: '*.demo.int', issuer: clusterIssuer, clientCertificateMode: ClientCertificateMode.PER_BACKEND }).addBackend('B', { name: `b${'c'.repeat(45)}`, hostname: 'b.demo.int' }))
      .toThrow(/^c\/B: name "bc{45}" is too long for the names made from it \("envoygateway-client-bc{45}" exceeds 64 characters\): shorten it to at most 44 characters/);
    expect(() => new SelfSignedCa(Testing.chart(), 'Ca', { namespace: 'ns', namePrefix: 'p'.repeat(62) })).toThrow(/^test\/Ca: namePrefix "p{62}" must leave room for the names derived from it/);
  });

  test('two rules with one hostname and prefix conflict on one listener only', () => {
    const c = chart({ hostname: '*.demo.int' });
    const other = c.gateway.addListener({ name: 'other', port: 18081, hostname: '*.demo.int' });
    new HttpRoute(c, 'OtherRoute', { name: 'other-route', parent: other, hostnames: ['mtls-backend.demo.int'], rules: [{ backend: c.backend }] });
    new HttpRoute(c, 'ApiRoute', { name: 'api-route', parent: c.listener, rules: [{ pathPrefix: '/api', backend: c.backend }, { pathPrefix: '/api', backend: c.backend }] });
    expect(() => Testing.synth(c)).toThrow(/HTTPRoute httpbin-tls\/api-route \(c\/ApiRoute\): rules\[1\] matches hostname "\*\.demo\.int" and path prefix "\/api" .* exactly as rules\[0\] of HTTPRoute httpbin-tls\/api-route/);
    expect(() => Testing.synth(c)).not.toThrow(/other-route/);
  });
});
