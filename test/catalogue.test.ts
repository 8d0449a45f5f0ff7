import { App, Chart, Testing } from 'cdk8s';
import { Construct } from 'constructs';
import {
  BackendMtlsChart, BackendMtlsChartProps, BackendTlsPolicy, CaTrust, Certificate, CertificateProps, CertificateUsage, EnvoyProxy,
  BackendServiceAttributes, ExistingBackendService, ExistingIssuer, Gateway, GatewayClass, HttpbinTls, HttpRoute, IBackendService, Issuer, KeyAlgorithm, ListenerOptions,
  MtlsWiringValidation, SelfSignedCa, TrustDistribution, TrustSource,
} from '../lib';
import * as kplus from 'cdk8s-plus-28';
import { Duration, Size } from 'cdk8s';
import { validateManifests } from '../tools/validate';
import { synthesize } from './checks/synthesize';

/** Builds the default chart with one prop changed. */
const chartWith = (props: BackendMtlsChartProps) => () => new BackendMtlsChart(Testing.app(), 'backend-mtls', props);
/** Builds a lone Certificate with one prop changed. */
const certificateWith = (props: Partial<CertificateProps>) => () => {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
  new Certificate(chart, 'Cert', { issuer: ca, name: 'leaf', dnsNames: ['leaf.ns.svc'], ...props });
};

describe('bad props are refused where they enter, naming the construct, field, value and rule', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['namespace not a DNS label', chartWith({ namespace: 'Team_A' }), /^backend-mtls\/Setup: namespace "Team_A" must be a DNS-1123 label/],
    ['namespace too long', chartWith({ namespace: 'a'.repeat(64) }), /namespace "a{64}" must be a DNS-1123 label: at most 63/],
    ['hostname with a port', chartWith({ hostname: 'mtls.example.com:443' }), /^backend-mtls\/Setup: hostname "mtls\.example\.com:443" must be a lower-case DNS hostname/],
    ['hostname an IP address', chartWith({ hostname: '10.0.0.1' }), /^backend-mtls\/Setup: hostname "10\.0\.0\.1" must be a DNS hostname, not an IP address/],
    ['hostname with a trailing dot', chartWith({ hostname: 'mtls.example.com.' }), /hostname "mtls\.example\.com\." must be a lower-case DNS hostname/],
    ['hostname with a wildcard in the middle', chartWith({ hostname: 'a.*.example.com' }), /hostname "a\.\*\.example\.com" must be a lower-case DNS hostname, optionally starting with a single '\*\.'/],
    ['listener port 0', chartWith({ listenerPort: 0 }), /^backend-mtls\/Setup: listenerPort 0 must be an integer from 1 to 65535/],
    ['listener port above 65535', chartWith({ listenerPort: 70000 }), /listenerPort 70000 must be an integer from 1 to 65535/],
    ['backend port fractional', chartWith({ defaultWorkload: { port: 8443.5 } }), /^backend-mtls\/Setup\/Backend\/Workload: port 8443\.5 must be an integer from 1 to 65535/],
    ['port name too long', chartWith({ defaultWorkload: { portName: 'https-with-a-long-name' } }), /portName "https-with-a-long-name" must be an IANA service name/],
    ['port name of digits only', chartWith({ defaultWorkload: { portName: '8443' } }), /portName "8443" must be an IANA service name: .* with at least one letter/],
    ['health port equal to the TLS port', chartWith({ defaultWorkload: { healthPort: 8443 } }), /healthPort 8443 must differ from port 8443 and from httpbin's loopback port 8080/],
    ['backend name with upper case', chartWith({ defaultWorkload: { name: 'HttpBin' } }), /^backend-mtls\/Setup\/Backend\/Workload: name "HttpBin" must be a DNS-1035 label/],
    ['secret name with underscore', chartWith({ defaultWorkload: { secretName: 'tls_secret' } }), /^backend-mtls\/Setup\/Backend\/Workload\/Front\/ServerCertificate: secretName "tls_secret" must be a DNS-1123 subdomain/],
    ['client certificate name too long', chartWith({ clientCertificateName: 'x'.repeat(254) }), /^backend-mtls\/Setup\/ClientCertificate: name "x{254}" must be a DNS-1123 subdomain/],
    ['gateway class name with a slash', chartWith({ gatewayClassName: 'eg/mtls' }), /^backend-mtls\/Setup\/GatewayClass: name "eg\/mtls" must be a DNS-1123 subdomain/],
    ['duration not a Go duration', chartWith({ defaultWorkload: { certificateDuration: '90d' } }), /^backend-mtls\/Setup\/Backend\/Workload\/Front\/ServerCertificate: duration "90d" must be a Go duration such as "2160h"/],
    ['renewBefore not shorter than duration', chartWith({ defaultWorkload: { certificateDuration: '720h', certificateRenewBefore: '720h' } }), /renewBefore "720h" must be shorter than duration "720h", or cert-manager renews the certificate continuously/],
    ['duration below cert-manager\'s minimum', chartWith({ defaultWorkload: { certificateDuration: '30m', certificateRenewBefore: '10m' } }), /duration "30m" must be at least 1h/],
    ['ECDSA with an RSA size', chartWith({ defaultWorkload: { privateKey: { algorithm: 'ECDSA', size: 2048 } } }), /privateKey\.size 2048 must be 256, 384 or 521 for ECDSA/],
    ['RSA below 2048 bits', chartWith({ defaultWorkload: { privateKey: { algorithm: 'RSA', size: 1024 } } }), /privateKey\.size 1024 must be from 2048 to 8192 for RSA/],
    ['Ed25519 with a size', chartWith({ defaultWorkload: { privateKey: { algorithm: 'Ed25519', size: 256 } } }), /privateKey\.size 256 must be left out for Ed25519/],
    ['separate client CA with an existing issuer', chartWith({ separateClientCa: true, issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'corp') }), /^backend-mtls\/Setup: separateClientCa true needs the setup's own CA: leave issuer out/],
    ['unknown key rotation policy', certificateWith({ privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Sometimes' as any } }), /^test\/Cert: privateKey\.rotationPolicy "Sometimes" must be Always or Never/],
    ['certificate check under a second', chartWith({ defaultWorkload: { certificateCheckInterval: Duration.millis(500) } }), /^backend-mtls\/Setup\/Backend\/Workload: certificateCheckInterval "500ms" must be whole seconds from 1 to 300/],
    ['certificate check over five minutes', chartWith({ defaultWorkload: { certificateCheckInterval: Duration.minutes(10) } }), /certificateCheckInterval "600000ms" must be whole seconds from 1 to 300/],
    ['client identity without a common name', () => {
      const chart = Testing.chart();
      const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
      new HttpbinTls(chart, 'Backend', { namespace: 'ns', issuer: ca })
        .allowClient(new Certificate(chart, 'Client', { issuer: ca, name: 'client', dnsNames: ['client.ns'], usages: ['client auth'] }));
    }, /^test\/Backend: allowClient "client" must be a Certificate with a commonName: the TLS front pins client identities by subject/],
    ['unknown key algorithm', chartWith({ defaultWorkload: { privateKey: { algorithm: 'DSA' as any } } }), /privateKey\.algorithm "DSA" must be one of ECDSA, RSA, Ed25519/],
    ['unknown usage', certificateWith({ usages: ['server auth', 'tls server' as any] }), /^test\/Cert: usages\[1\] "tls server" is not a cert-manager key usage; use one of: signing, digital signature/],
    ['certificate with no subject', certificateWith({ dnsNames: [] }), /^test\/Cert: dnsNames \[\] must name at least one DNS name, or set commonName/],
    ['commonName over 64 characters', certificateWith({ commonName: 'c'.repeat(65) }), /commonName "c{65}" must be 1 to 64 characters/],
    ['certificate outside its Issuer\'s namespace', certificateWith({ namespace: 'other' }), /^test\/Cert: namespace "other" must equal the namespace of Issuer test-ca-ca-issuer \("ns"\): a namespaced Issuer signs only in its own namespace/],
    ['certificate under a ClusterIssuer without namespace', () => { const c = Testing.chart(); new Certificate(c, 'Cert', { issuer: ExistingIssuer.fromClusterIssuerName(c, 'Corp', 'corp'), name: 'x', dnsNames: ['x'] }); }, /^test\/Cert: namespace undefined must be set: issuer ClusterIssuer corp is cluster-scoped/],
    ['untagged image', chartWith({ defaultWorkload: { httpbinImage: 'mccutchen/go-httpbin' } }), /^backend-mtls\/Setup\/Backend\/Workload: httpbinImage "mccutchen\/go-httpbin" must pin a tag or digest/],
    ['latest image', chartWith({ defaultWorkload: { nginxImage: 'nginxinc/nginx-unprivileged:latest' } }), /nginxImage "nginxinc\/nginx-unprivileged:latest" must pin a version, not "latest"/],
    ['malformed image', chartWith({ defaultWorkload: { nginxImage: 'Nginx Unprivileged:1.27' } }), /nginxImage "Nginx Unprivileged:1\.27" must be a container image reference/],
    ['negative replicas', chartWith({ defaultWorkload: { replicas: -1 } }), /^backend-mtls\/Setup\/Backend\/Workload: replicas -1 must be an integer from 0 to 100/],
    ['fractional replicas', chartWith({ defaultWorkload: { replicas: 1.5 } }), /replicas 1\.5 must be an integer from 0 to 100/],
    ['resources without limits', chartWith({ defaultWorkload: { httpbinResources: { cpu: { request: kplus.Cpu.millis(10) } } } }), /httpbinResources "without limits" must set cpu\.limit and memory\.limit/],
    ['cpu request above its limit', chartWith({ defaultWorkload: { nginxResources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(64) } } } }), /nginxResources\.cpu\.request "500m" must not exceed cpu\.limit "100m"/],
    ['malformed cpu quantity', chartWith({ defaultWorkload: { nginxResources: { cpu: { limit: kplus.Cpu.units(-1) }, memory: { limit: Size.mebibytes(64) } } } }), /nginxResources\.cpu\.limit "-1" must be a non-negative Kubernetes quantity/],
    ['memory limit too small', chartWith({ defaultWorkload: { nginxResources: { cpu: { limit: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(4) } } } }), /nginxResources\.memory\.limit "4Mi" must be at least 8Mi/],
    ['controller name without a domain', () => new GatewayClass(Testing.chart(), 'Class', { controllerName: 'envoy' }), /^test\/Class: controllerName "envoy" must be a domain-prefixed path/],
    ['two listeners with one name', () => {
      const chart = Testing.chart();
      const gateway = new Gateway(chart, 'Gw', { namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class') });
      gateway.addListener({ name: 'http', port: 80 });
      gateway.addListener({ name: 'http', port: 81 });
    }, /^test\/Gw: listeners\[1\]\.name "http" is already a listener of this Gateway/],
    ['route path prefix without a leading slash', () => {
      const chart = new BackendMtlsChart(Testing.app(), 'c');
      chart.backendMtls.route.addRule({ pathPrefix: 'api', backend: chart.backendMtls.defaultWorkload });
    }, /^c\/Setup\/Backend\/Route: rules\[1\]\.pathPrefix "api" must be an absolute path starting with "\/"/],
    ['route path with a dot segment', () => {
      const chart = new BackendMtlsChart(Testing.app(), 'c');
      chart.backendMtls.route.addRule({ pathPrefix: '/a/../b', backend: chart.backendMtls.defaultWorkload });
    }, /rules\[1\]\.pathPrefix "\/a\/\.\.\/b" must be an absolute path .* without "\/\/", "\/\.\/", "\/\.\.\/"/],
    ['unknown listener asked for', () => new BackendMtlsChart(Testing.app(), 'c').backendMtls.gateway.listener('https'), /^c\/Setup\/Gateway: listener "https" is not a listener of this Gateway; it has \["http"\]/],
  ])('%s', (_case, build, message) => {
    expect(build).toThrow(message);
  });
});

/** The pieces of a setup, composed by hand so one link at a time can be broken. */
interface Wiring {
  readonly chart: Chart;
  readonly ca: SelfSignedCa;
  readonly gateway: Gateway;
  readonly backend: HttpbinTls;
}

function compose(options: {
  clientIssuer?: (wiring: Omit<Wiring, 'gateway' | 'backend'>) => Certificate['issuer'];
  clientUsages?: CertificateUsage[];
  clientIsCa?: boolean;
  clientNamespace?: string;
  proxyHasClient?: boolean;
  listener?: Partial<ListenerOptions>;
  routeNamespace?: string;
} = {}): Wiring {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
  const client = new Certificate(chart, 'Client', {
    issuer: options.clientIssuer?.({ chart, ca }) ?? ca,
    name: 'client',
    namespace: options.clientNamespace ?? 'ns',
    commonName: 'envoy',
    usages: options.clientUsages ?? ['client auth'],
    isCa: options.clientIsCa,
  });
  const proxy = new EnvoyProxy(chart, 'Proxy', { name: 'proxy', namespace: 'ns', clientCertificate: options.proxyHasClient === false ? undefined : client });
  const gateway = new Gateway(chart, 'Gateway', { name: 'gateway', namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class', { envoyProxy: proxy }) });
  gateway.addListener({ name: 'http', port: 80, hostname: 'app.example.com', ...options.listener });
  const backend = new HttpbinTls(chart, 'Backend', { namespace: 'ns', issuer: ca });
  chart.node.addValidation(new MtlsWiringValidation(chart));
  return { chart, ca, gateway, backend };
}

function route(wiring: Wiring, props: { hostnames?: string[]; backend?: IBackendService; namespace?: string } = {}): HttpRoute {
  return new HttpRoute(wiring.chart, 'Route', {
    name: 'route',
    parent: wiring.gateway.listeners[0],
    hostnames: props.hostnames,
    namespace: props.namespace,
    rules: [{ backend: props.backend ?? wiring.backend }],
  });
}

function policy(wiring: Wiring, props: { hostname?: string; trust?: CaTrust; backend?: IBackendService } = {}): BackendTlsPolicy {
  const backend = props.backend ?? wiring.backend;
  return new BackendTlsPolicy(wiring.chart, 'Policy', {
    name: 'policy',
    backend,
    hostname: props.hostname,
    trust: props.trust ?? CaTrust.fromCertificateSecret(wiring.backend.serverCertificate),
  });
}

/** A complete setup (a route and a policy for the backend) composed with `options`, synthesized. */
function setup(options: Parameters<typeof compose>[0] = {}, parts = { route: true, policy: true }) {
  return () => {
    const wiring = compose(options);
    if (parts.route) route(wiring);
    if (parts.policy) policy(wiring);
    return Testing.synth(wiring.chart);
  };
}

describe('broken wiring fails the synth with a message that names both ends', () => {
  test('the hand-composed setup itself is valid', () => {
    const manifests = setup()();
    expect(manifests).toHaveLength(14);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test.each<[string, () => unknown, RegExp]>([
    ['policy hostname missing from the server certificate',
      () => { const w = compose(); route(w); policy(w, { hostname: 'httpbin.example.com' }); return Testing.synth(w.chart); },
      /BackendTLSPolicy ns\/policy \(test\/Policy\): validation.hostname "httpbin.example.com" is not among the dnsNames of Certificate ns\/httpbin-tls-cert \(test\/Backend\/Front\/ServerCertificate\) \[httpbin-tls, httpbin-tls.ns, httpbin-tls.ns.svc, httpbin-tls.ns.svc.cluster.local\]/],
    ['policy trusting another CA',
      () => { const w = compose(); route(w); const other = new SelfSignedCa(w.chart, 'OtherCa', { namespace: 'ns', namePrefix: 'other' }); policy(w, { trust: CaTrust.fromCertificateSecret(other.caCertificate) }); return Testing.synth(w.chart); },
      /BackendTLSPolicy ns\/policy \(test\/Policy\): trusts the CA of Issuer ns\/other-selfsigned \(Secret other-ca\), but Certificate ns\/httpbin-tls-cert \(test\/Backend\/Front\/ServerCertificate\) is issued by Issuer ns\/test-ca-ca-issuer/],
    ['policy trusting an existing ClusterIssuer that did not issue the server certificate',
      () => { const w = compose(); route(w); policy(w, { trust: CaTrust.fromConfigMapAttributes(w.chart, 'CorpCa', { name: 'corp-ca', authority: ExistingIssuer.fromClusterIssuerName(w.chart, 'Corp', 'corp') }) }); return Testing.synth(w.chart); },
      /trusts the CA of ClusterIssuer corp \(ConfigMap corp-ca\), but Certificate ns\/httpbin-tls-cert .* is issued by Issuer ns\/test-ca-ca-issuer/],
    ['client certificate from another CA than the backend trusts',
      setup({ clientIssuer: ({ chart }) => new SelfSignedCa(chart, 'OtherCa', { namespace: 'ns', namePrefix: 'other' }) }),
      /Certificate ns\/client \(test\/Client\): Envoy's client certificate is issued by Issuer ns\/other-ca-issuer, but backend ns\/httpbin-tls \(test\/Backend\) only accepts clients of Issuer ns\/test-ca-ca-issuer/],
    ['client certificate without client auth',
      setup({ clientUsages: ['digital signature', 'server auth'] }),
      /Certificate ns\/client \(test\/Client\): is Envoy's client certificate but its usages \[digital signature, server auth\] lack "client auth"/],
    ['client certificate that is a CA',
      setup({ clientIsCa: true }),
      /Certificate ns\/client \(test\/Client\): is Envoy's client certificate but isCA is true/],
    ['no client certificate for a backend that requires one',
      setup({ proxyHasClient: false }),
      /HTTPRoute ns\/route \(test\/Route\): sends traffic to backend ns\/httpbin-tls \(test\/Backend\), which requires a client certificate, but Gateway ns\/gateway \(test\/Gateway\) presents none/],
    ['client Secret outside the EnvoyProxy\'s namespace',
      setup({ clientNamespace: 'edge', clientIssuer: ({ chart }) => ExistingIssuer.fromClusterIssuerName(chart, 'BackendCa', 'backend-ca') }),
      /EnvoyProxy ns\/proxy \(test\/Proxy\): backendTLS.clientCertificateRef names Secret edge\/client of Certificate edge\/client \(test\/Client\), but Envoy Gateway reads it only from the EnvoyProxy's namespace "ns" \(it ignores ReferenceGrants here\)/],
    ['server certificate without server auth',
      () => {
        const w = compose();
        const server = new Certificate(w.chart, 'Server', { issuer: w.ca, name: 'plain', dnsNames: ['httpbin-tls.ns.svc'], usages: ['digital signature'] });
        const backend = ExistingBackendService.fromServiceAttributes(w.chart, 'Plain', { serviceName: 'httpbin-tls', namespace: 'ns', port: 8443, serverCertificate: server });
        policy(w, { backend, trust: CaTrust.fromCertificateSecret(server) });
        return Testing.synth(w.chart);
      },
      /Certificate ns\/plain \(test\/Server\): is the backend's server certificate, which BackendTLSPolicy ns\/policy \(test\/Policy\) verifies but its usages \[digital signature\] lack "server auth"/],
    ['route hostname outside the listener\'s',
      () => { const w = compose(); route(w, { hostnames: ['other.example.org'] }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute ns\/route \(test\/Route\): hostname "other.example.org" matches no listener hostname of Gateway ns\/gateway \(test\/Gateway\) \[app.example.com\]/],
    ['route in another namespace than a Same-only listener',
      () => { const w = compose(); route(w, { namespace: 'apps' }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute apps\/route \(test\/Route\): attaches to listener "http" of Gateway ns\/gateway \(test\/Gateway\), which only admits routes from its own namespace "ns"/],
    ['cross-namespace backendRef without a ReferenceGrant',
      () => { const w = compose({ listener: { allowedRoutes: 'All' } }); route(w, { namespace: 'apps' }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute apps\/route \(test\/Route\): backendRef Service ns\/httpbin-tls is in another namespace and no ReferenceGrant in "ns" allows HTTPRoutes from "apps"/],
    ['backend without a BackendTLSPolicy',
      setup({}, { route: true, policy: false }),
      /HTTPRoute ns\/route \(test\/Route\): backendRef Service ns\/httpbin-tls port 8443 has no BackendTLSPolicy: Envoy would speak plain HTTP to a TLS port/],
    ['route to a port the Service does not have',
      () => { const w = compose(); route(w, { backend: ExistingBackendService.fromServiceAttributes(w.chart, 'Other', { serviceName: 'httpbin-tls', namespace: 'ns', port: 9443, serverCertificate: w.backend.serverCertificate }) }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute ns\/route \(test\/Route\): backendRef port 9443 is not a port of Service ns\/httpbin-tls \(test\/Backend\/Front\/Service\), which has \[https:8443\]/],
    ['policy sectionName naming no port',
      () => { const w = compose(); route(w); policy(w, { backend: ExistingBackendService.fromServiceAttributes(w.chart, 'Other', { serviceName: 'httpbin-tls', namespace: 'ns', port: 8443, portName: 'tls', serverCertificate: w.backend.serverCertificate }) }); return Testing.synth(w.chart); },
      /BackendTLSPolicy ns\/policy \(test\/Policy\): targetRef sectionName "tls" names no port of Service ns\/httpbin-tls \(test\/Backend\/Front\/Service\), which has \[https\]/],
    ['issuer neither rendered nor declared',
      () => { const w = compose(); route(w); policy(w); new Certificate(w.chart, 'Stray', { issuer: new Issuer(Testing.chart(), 'Ghost', { name: 'ghost', namespace: 'ns' }), name: 'stray', dnsNames: ['stray'] }); return Testing.synth(w.chart); },
      /Certificate ns\/stray \(test\/Stray\): issuerRef names Issuer ns\/ghost, which no chart of this app renders: add it to a chart, or declare it with ExistingIssuer.fromIssuerAttributes/],
    ['two objects with one kind, namespace and name',
      () => { const w = compose(); route(w); policy(w); new Certificate(w.chart, 'Twin', { issuer: w.ca, name: 'client', commonName: 'twin', usages: ['client auth'] }); return Testing.synth(w.chart); },
      /Certificate ns\/client \(test\/Client\) and Certificate ns\/client \(test\/Twin\) share kind, namespace and name/],
  ])('%s', (_case, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('a failed synth', () => {
  test('reports every broken link at once, prefixed by the chart path', () => {
    const build = setup({ clientUsages: ['server auth'], clientIsCa: true });
    expect(build).toThrow(/^Validation failed with the following errors:\n {2}\[test\] .*lack "client auth"[^\n]*\n {2}\[test\] [^\n]*isCA is true[^\n]*$/);
  });
});

const chartIn = (props: BackendMtlsChartProps = {}, more: (chart: BackendMtlsChart) => void = () => undefined) => (app: App) => more(new BackendMtlsChart(app, 'backend-mtls', props));
/** A valid Gateway name (a DNS subdomain) of 64 characters, one more than a label value holds. */
const LONG_GATEWAY_NAME = `backend-mtls-gateway.${'x'.repeat(43)}`;
const cpu = (amount: string) => ({ amount }) as kplus.Cpu;
const withCpu = (request: string, limit: string) => chartIn({ defaultWorkload: { nginxResources: { cpu: { request: cpu(request), limit: cpu(limit) }, memory: { limit: Size.mebibytes(64) } } } });
const withMemory = (request: Size, limit: Size) => chartIn({ defaultWorkload: { nginxResources: { cpu: { limit: kplus.Cpu.millis(100) }, memory: { request, limit } } } });
const existingWith = (attrs: Partial<BackendServiceAttributes>, name = 'legacy') => chartIn({ hostname: '*.demo.int' }, (chart) => {
  const service = ExistingBackendService.fromServiceAttributes(chart, 'LegacyService', { serviceName: name, namespace: 'httpbin-tls', port: 443, hostname: 'legacy.example', ...attrs });
  const trust = CaTrust.fromSecretAttributes(chart, 'LegacyCa', { name: 'legacy-ca', authority: chart.backendMtls.issuer });
  chart.addExistingBackend('Legacy', service, { hostname: 'legacy.demo.int', trust });
});

describe('inputs an independent catalogue found accepted are refused before anything is written', () => {
  test('the harness writes the manifest of a valid app, so an empty folder below means refused', () => {
    expect(synthesize(chartIn()).written).toEqual(['backend-mtls.k8s.yaml']);
  });

  test.each<[string, string, (app: App) => void, RegExp]>([
    ['two Certificates, one Secret', 'backend secretName equal to the client certificate\'s Secret', chartIn({ defaultWorkload: { secretName: 'envoygateway-client-cert' } }),
      /Certificate httpbin-tls\/httpbin-tls-cert \(backend-mtls\/Setup\/Backend\/Workload\/Front\/ServerCertificate\): secretName "envoygateway-client-cert" is also the Secret of Certificate httpbin-tls\/envoygateway-client-cert \(backend-mtls\/Setup\/ClientCertificate\): cert-manager would write both certificates into one Secret.*give each Certificate its own secretName/],
    ['two Certificates, one Secret', 'backend secretName equal to the CA\'s Secret', chartIn({ defaultWorkload: { secretName: 'backend-mtls-ca' } }),
      /\(backend-mtls\/Setup\/Backend\/Workload\/Front\/ServerCertificate\): secretName "backend-mtls-ca" is also the Secret of Certificate httpbin-tls\/backend-mtls-ca \(backend-mtls\/Setup\/Ca\/Certificate\).*an Issuer signing with that Secret would sign with the wrong key/],
    ['two Certificates, one Secret', 'a Certificate in another chart of the app writing the client Secret', (app) => {
      chartIn()(app);
      new Certificate(new Chart(app, 'other'), 'Stray', { issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'corp'), name: 'stray', namespace: 'httpbin-tls', secretName: 'envoygateway-client-cert', commonName: 'stray' });
    }, /\[other\] Certificate httpbin-tls\/stray \(other\/Stray\): secretName "envoygateway-client-cert" is also the Secret of Certificate httpbin-tls\/envoygateway-client-cert \(backend-mtls\/Setup\/ClientCertificate\)/],
    ['a backend that never gets traffic', 'a second backend on the listener\'s hostname and "/"', chartIn({}, (chart) => chart.addBackend('Second', { name: 'second' })),
      /HTTPRoute httpbin-tls\/second-route \(backend-mtls\/Setup\/Second\/Route\): rules\[0\] matches hostname "mtls-backend.demo.int" and path prefix "\/" on listener "http" of Gateway httpbin-tls\/backend-mtls-gateway \(backend-mtls\/Setup\/Gateway\), exactly as rules\[0\] of HTTPRoute httpbin-tls\/backend-mtls-route \(backend-mtls\/Setup\/Backend\/Route\) does: .*Service httpbin-tls\/second would never get traffic; give the backend another hostname or pathPrefix/],
    ['a backend that never gets traffic', 'two backends with one hostname and prefixes "/api" and "/api/"', chartIn({ hostname: '*.demo.int' }, (chart) => {
      chart.addBackend('A', { name: 'a', hostname: 'api.demo.int', pathPrefix: '/api' });
      chart.addBackend('B', { name: 'b', hostname: 'api.demo.int', pathPrefix: '/api/' });
    }), /HTTPRoute httpbin-tls\/b-route \(backend-mtls\/Setup\/B\/Route\): rules\[0\] matches hostname "api.demo.int" and path prefix "\/api\/" .* exactly as rules\[0\] of HTTPRoute httpbin-tls\/a-route/],
    ['ExistingIssuer names', 'fromClusterIssuerName(\'\')', () => ExistingIssuer.fromClusterIssuerName(Testing.chart(), 'Issuer', ''),
      /^test\/Issuer: name "" must be a DNS-1123 subdomain/],
    ['ExistingIssuer names', 'fromClusterIssuerName(\'Bad_Issuer!\')', () => ExistingIssuer.fromClusterIssuerName(Testing.chart(), 'Issuer', 'Bad_Issuer!'),
      /^test\/Issuer: name "Bad_Issuer!" must be a DNS-1123 subdomain/],
    ['ExistingIssuer names', 'fromIssuerAttributes with an empty name', () => ExistingIssuer.fromIssuerAttributes(Testing.chart(), 'Issuer', { name: '', namespace: 'httpbin-tls' }), /^test\/Issuer: name "" must be a DNS-1123 subdomain/],
    ['ExistingIssuer names', 'fromIssuerAttributes with a bad name', () => ExistingIssuer.fromIssuerAttributes(Testing.chart(), 'Issuer', { name: 'Bad_Issuer!', namespace: 'httpbin-tls' }), /^test\/Issuer: name "Bad_Issuer!" must be a DNS-1123 subdomain/],
    ['ExistingIssuer names', 'fromIssuerAttributes with a bad namespace', () => ExistingIssuer.fromIssuerAttributes(Testing.chart(), 'Issuer', { name: 'ca', namespace: 'Team_A' }), /^test\/Issuer: namespace "Team_A" must be a DNS-1123 label/],
    ['ExistingIssuer names', 'a hand-written issuer with a bad name', (app) => chartIn({ issuer: Object.assign(new Construct(app, 'HandWritten'), { kind: 'ClusterIssuer' as const, name: 'Bad_Issuer!', inChart: false }) })(app),
      /^backend-mtls\/Setup\/ClientCertificate: issuer.name "Bad_Issuer!" must be a DNS-1123 subdomain/],
    ['cert-manager durations', 'renewBefore 1s', chartIn({ defaultWorkload: { certificateRenewBefore: '1s' } }),
      /^backend-mtls\/Setup\/Backend\/Workload\/Front\/ServerCertificate: renewBefore "1s" must be at least 5m \(cert-manager's minimum\)/],
    ['cert-manager durations', 'renewBefore 4m59s', chartIn({ defaultWorkload: { certificateRenewBefore: '4m59s' } }), /renewBefore "4m59s" must be at least 5m/],
    ['cert-manager durations', 'duration beyond Go\'s time.Duration', chartIn({ defaultWorkload: { certificateDuration: '2562048h' } }),
      /ServerCertificate: duration "2562048h" must be a Go duration .* within Go's range of 2562047h/],
    ['cert-manager durations', 'renewBefore one nanosecond beyond Go\'s range', chartIn({ defaultWorkload: { certificateRenewBefore: '9223372036854775808ns' } }),
      /renewBefore "9223372036854775808ns" must be a Go duration/],
    ['cert-manager durations', 'a negative duration', chartIn({ defaultWorkload: { certificateDuration: '-2160h' } }), /duration "-2160h" must be at least 1h/],
    ['cert-manager durations', 'an unknown unit', chartIn({ defaultWorkload: { certificateDuration: '90d' } }), /duration "90d" must be a Go duration/],
    ['CPU quantities', 'request 2k above a 200m limit', withCpu('2k', '200m'), /^backend-mtls\/Setup\/Backend\/Workload: nginxResources.cpu.request "2k" must not exceed cpu.limit "200m"/],
    ['CPU quantities', 'request 1Ki above a 200m limit', withCpu('1Ki', '200m'), /nginxResources.cpu.request "1Ki" must not exceed cpu.limit "200m"/],
    ['CPU quantities', 'request 1e3 above a 999 limit', withCpu('1e3', '999'), /nginxResources.cpu.request "1e3" must not exceed cpu.limit "999"/],
    ['CPU quantities', 'request 0.2001 above a 200m limit', withCpu('0.2001', '200m'), /cpu.request "0.2001" must not exceed cpu.limit "200m"/],
    ['CPU quantities', 'request 1E (exa) above a 1e17 limit', withCpu('1E', '1e17'), /cpu.request "1E" must not exceed cpu.limit "1e17"/],
    ['CPU quantities', 'a quantity that is not one', withCpu('NaN', '200m'), /cpu.request "NaN" must be a non-negative Kubernetes quantity/],
    ['CPU quantities', 'a space before the suffix', withCpu('10m', '1 k'), /cpu.limit "1 k" must be a non-negative Kubernetes quantity/],
    ['CPU quantities', 'a negative request', withCpu('-10m', '200m'), /cpu.request "-10m" must be a non-negative Kubernetes quantity/],
    ['memory sizes', 'a limit that is no whole number of mebibytes', withMemory(Size.mebibytes(16), Size.kibibytes(1500)),
      /^backend-mtls\/Setup\/Backend\/Workload: nginxResources.memory.limit "1500 kibibytes" must be a whole number of mebibytes/],
    ['memory sizes', 'a limit that is not a number', withMemory(Size.mebibytes(16), Size.mebibytes(NaN)), /nginxResources.memory.limit "NaNMi" must be a non-negative Kubernetes quantity/],
    ['memory sizes', 'a limit beyond what a quantity can say with Mi', withMemory(Size.mebibytes(16), Size.gibibytes(1e20)), /nginxResources.memory.limit "1.024e\+23Mi" must be a non-negative Kubernetes quantity/],
    ['memory sizes', 'a request above the limit by a fraction', withMemory(Size.mebibytes(64.5), Size.mebibytes(64)), /nginxResources.memory.request "64.5Mi" must not exceed memory.limit "64Mi"/],
    ['labels', 'a chart label key with a space', chartIn({ labels: { 'team name': 'a' } }), /^backend-mtls: labels key "team name" must be a Kubernetes label key/],
    ['labels', 'a chart label value of 64 characters', chartIn({ labels: { team: 'v'.repeat(64) } }), /^backend-mtls: labels\["team"\] "v{64}" must be a Kubernetes label value/],
    ['labels', 'a chart label key with a bad prefix', chartIn({ labels: { 'Example.com/team': 'a' } }), /labels key "Example.com\/team" must be a Kubernetes label key/],
    ['labels', 'an envoyProxyPods label value with "!"', chartIn({ envoyProxyPods: { labels: { app: 'envoy!' } } }), /^backend-mtls\/Setup: envoyProxyPods.labels\["app"\] "envoy!" must be a Kubernetes label value/],
    ['labels', 'an envoyProxyPods label key starting with "-"', chartIn({ envoyProxyPods: { labels: { '-app': 'envoy' } } }), /^backend-mtls\/Setup: envoyProxyPods.labels key "-app" must be a Kubernetes label key/],
    ['labels', 'an existing Service\'s podLabels value with a space', existingWith({ podLabels: { app: 'legacy app' } }),
      /^backend-mtls\/LegacyService: podLabels\["app"\] "legacy app" must be a Kubernetes label value/],
    ['labels', 'a Gateway name of 64 characters copied into the NetworkPolicy', chartIn({ gatewayName: LONG_GATEWAY_NAME }),
      /^backend-mtls\/Setup: gatewayName "backend-mtls-gateway\.x{43}" must be a Kubernetes label value.*: the default envoyProxyPods.labels select Envoy's pods by the label gateway.envoyproxy.io\/owning-gateway-name, which holds the Gateway's name .*; shorten gatewayName to 63 characters, or set envoyProxyPods.labels/],
    ['Service names', 'a backend name with a leading digit', chartIn({ defaultWorkload: { name: '1httpbin' } }), /^backend-mtls\/Setup\/Backend\/Workload: name "1httpbin" must be a DNS-1035 label, as Kubernetes requires of Service names/],
    ['Service names', 'an added backend with a leading digit', chartIn({ hostname: '*.demo.int' }, (chart) => chart.addBackend('B', { name: '9orders', hostname: 'orders.demo.int' })), /^backend-mtls\/Setup\/B\/Workload: name "9orders" must be a DNS-1035 label/],
    ['Service names', 'an existing Service with a leading digit', existingWith({}, '2legacy'), /^backend-mtls\/LegacyService: serviceName "2legacy" must be a DNS-1035 label/],
    ['key algorithms', '__proto__', chartIn({ defaultWorkload: { privateKey: { algorithm: '__proto__' as KeyAlgorithm } } }), /ServerCertificate: privateKey.algorithm "__proto__" must be one of ECDSA, RSA, Ed25519/],
    ['key algorithms', 'constructor', chartIn({ defaultWorkload: { privateKey: { algorithm: 'constructor' as KeyAlgorithm } } }), /privateKey.algorithm "constructor" must be one of/],
    ['key algorithms', 'hasOwnProperty', chartIn({ defaultWorkload: { privateKey: { algorithm: 'hasOwnProperty' as KeyAlgorithm } } }), /privateKey.algorithm "hasOwnProperty" must be one of/],
    ['YAML readers disagree', 'a namespace kubectl reads as the number 15', chartIn({ namespace: '0o17' }),
      /^backend-mtls\/Setup: namespace "0o17" would be written unquoted .* but read as a number by kubectl \(Go number syntax\) and YAML 1.2/],
    ['YAML readers disagree', 'a client commonName kubectl reads as a number', chartIn({ clientCommonName: '0O17' }), /ClientCertificate: commonName "0O17" would be written unquoted/],
    ['YAML readers disagree', 'a chart label value kubectl reads as a number', chartIn({ labels: { team: '0B101' } }), /labels\["team"\] "0B101" would be written unquoted/],
    ['free text', 'a commonName with a line separator', chartIn({ clientCommonName: 'envoy\u2028client' }), /ClientCertificate: commonName "envoy\u2028client" must be printable text/],
    ['free text', 'a commonName with a tab', chartIn({ clientCommonName: 'envoy\tclient' }), /commonName "envoy\\tclient" must be printable text/],
    ['free text', 'a path prefix with a space', chartIn({ hostname: '*.demo.int' }, (chart) => chart.addBackend('B', { name: 'b', pathPrefix: '/a b' })),
      /^backend-mtls\/Setup\/B\/Route: rules\[0\].pathPrefix "\/a b" must be an absolute path .* \(Gateway API HTTPPathMatch\)/],
    ['free text', 'a Bundle source key that is no Secret key', (app) => {
      const scope = new Chart(app, 'keys');
      new BackendMtlsChart(app, 'backend-mtls', { trustDistribution: TrustDistribution.TRUST_MANAGER_BUNDLE, issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'corp'), trustBundleSource: TrustSource.fromSecretAttributes(scope, 'Source', { secretName: 'root-ca', key: 'ca crt' }) });
    }, /^keys\/Source: key "ca crt" must be a Secret or ConfigMap key/],
    ['free text', 'a SelfSignedCa name prefix with upper case', (app) => new SelfSignedCa(new Chart(app, 'ca'), 'Ca', { namespace: 'ns', namePrefix: 'Team' }), /^ca\/Ca: namePrefix "Team" must be a DNS-1123 subdomain/],
  ])('%s: %s', (_class, _case, build, message) => {
    const result = synthesize(build);
    expect(result.error?.message).toMatch(message);
    expect(result.written).toEqual([]);
  });

  test.each<[string, (app: App) => void]>([
    ['a CPU request equal to its limit in another notation (200m, 0.2)', withCpu('200m', '0.2')],
    ['a CPU request below its limit across suffixes (999m, 1e0)', withCpu('999m', '1e0')],
    ['renewBefore exactly 5m and duration exactly 1h', chartIn({ defaultWorkload: { certificateDuration: '1h', certificateRenewBefore: '5m' } })],
    ['a Gateway name of 64 characters when envoyProxyPods.labels are set', chartIn({ gatewayName: LONG_GATEWAY_NAME, envoyProxyPods: { labels: { app: 'envoy' } } })],
    ['a second backend on the same hostname under another prefix', chartIn({}, (chart) => chart.addBackend('Second', { name: 'second', pathPrefix: '/second' }))],
    ['names YAML 1.1 reads as booleans or numbers, which are written quoted', chartIn({ namespace: 'on', defaultWorkload: { name: 'y' }, labels: { yes: 'no', '1e3': '0x1F' } })],
  ])('still accepted: %s', (_case, build) => {
    const result = synthesize(build);
    expect(result.error).toBeUndefined();
    expect(result.written).toEqual(['backend-mtls.k8s.yaml']);
  });
});
