import { Chart, Testing } from 'cdk8s';
import {
  BackendMtlsChart, BackendMtlsChartProps, BackendTlsPolicy, CaTrust, Certificate, CertificateProps, CertificateUsage, EnvoyProxy,
  ExistingIssuer, Gateway, GatewayClass, HttpbinTls, HttpRoute, IBackendService, ListenerOptions, MtlsWiringValidation, SelfSignedCa,
} from '../lib';
import * as kplus from 'cdk8s-plus-28';
import { Duration, Size } from 'cdk8s';
import { validateManifests } from '../tools/validate';

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
    ['namespace not a DNS label', chartWith({ namespace: 'Team_A' }), /^backend-mtls: namespace "Team_A" must be a DNS-1123 label/],
    ['namespace too long', chartWith({ namespace: 'a'.repeat(64) }), /namespace "a{64}" must be a DNS-1123 label: at most 63/],
    ['hostname with a port', chartWith({ hostname: 'mtls.example.com:443' }), /^backend-mtls\/Gateway: listeners\[0\]\.hostname "mtls\.example\.com:443" must be a lower-case DNS hostname/],
    ['hostname an IP address', chartWith({ hostname: '10.0.0.1' }), /listeners\[0\]\.hostname "10\.0\.0\.1" must be a DNS hostname, not an IP address/],
    ['hostname with a trailing dot', chartWith({ hostname: 'mtls.example.com.' }), /hostname "mtls\.example\.com\." must be a lower-case DNS hostname/],
    ['hostname with a wildcard in the middle', chartWith({ hostname: 'a.*.example.com' }), /hostname "a\.\*\.example\.com" must be a lower-case DNS hostname, optionally starting with a single '\*\.'/],
    ['listener port 0', chartWith({ listenerPort: 0 }), /^backend-mtls\/Gateway: listeners\[0\]\.port 0 must be an integer from 1 to 65535/],
    ['listener port above 65535', chartWith({ listenerPort: 70000 }), /listeners\[0\]\.port 70000 must be an integer from 1 to 65535/],
    ['backend port fractional', chartWith({ backend: { port: 8443.5 } }), /^backend-mtls\/Backend\/Workload: port 8443\.5 must be an integer from 1 to 65535/],
    ['port name too long', chartWith({ backend: { portName: 'https-with-a-long-name' } }), /portName "https-with-a-long-name" must be an IANA service name/],
    ['port name of digits only', chartWith({ backend: { portName: '8443' } }), /portName "8443" must be an IANA service name: .* with at least one letter/],
    ['health port equal to the TLS port', chartWith({ backend: { healthPort: 8443 } }), /healthPort 8443 must differ from port 8443 and from httpbin's loopback port 8080/],
    ['backend name with upper case', chartWith({ backend: { name: 'HttpBin' } }), /^backend-mtls\/Backend\/Workload: name "HttpBin" must be a DNS-1123 label/],
    ['secret name with underscore', chartWith({ backend: { secretName: 'tls_secret' } }), /^backend-mtls\/Backend\/Workload\/ServerCertificate: secretName "tls_secret" must be a DNS-1123 subdomain/],
    ['client certificate name too long', chartWith({ clientCertificateName: 'x'.repeat(254) }), /^backend-mtls\/ClientCertificate: name "x{254}" must be a DNS-1123 subdomain/],
    ['gateway class name with a slash', chartWith({ gatewayClassName: 'eg/mtls' }), /^backend-mtls\/GatewayClass: name "eg\/mtls" must be a DNS-1123 subdomain/],
    ['duration not a Go duration', chartWith({ backend: { certificateDuration: '90d' } }), /^backend-mtls\/Backend\/Workload\/ServerCertificate: duration "90d" must be a Go duration such as "2160h"/],
    ['renewBefore not shorter than duration', chartWith({ backend: { certificateDuration: '720h', certificateRenewBefore: '720h' } }), /renewBefore "720h" must be shorter than duration "720h", or cert-manager renews the certificate continuously/],
    ['duration below cert-manager\'s minimum', chartWith({ backend: { certificateDuration: '30m', certificateRenewBefore: '10m' } }), /duration "30m" must be at least 1h/],
    ['ECDSA with an RSA size', chartWith({ backend: { privateKey: { algorithm: 'ECDSA', size: 2048 } } }), /privateKey\.size 2048 must be 256, 384 or 521 for ECDSA/],
    ['RSA below 2048 bits', chartWith({ backend: { privateKey: { algorithm: 'RSA', size: 1024 } } }), /privateKey\.size 1024 must be from 2048 to 8192 for RSA/],
    ['Ed25519 with a size', chartWith({ backend: { privateKey: { algorithm: 'Ed25519', size: 256 } } }), /privateKey\.size 256 must be left out for Ed25519/],
    ['separate client CA with an existing issuer', chartWith({ separateClientCa: true, issuer: ExistingIssuer.fromClusterIssuerName('corp') }), /^backend-mtls: separateClientCa true needs the chart's own CA: leave issuer out/],
    ['unknown key rotation policy', certificateWith({ privateKey: { algorithm: 'ECDSA', rotationPolicy: 'Sometimes' as any } }), /^test\/Cert: privateKey\.rotationPolicy "Sometimes" must be Always or Never/],
    ['certificate check under a second', chartWith({ backend: { certificateCheckInterval: Duration.millis(500) } }), /^backend-mtls\/Backend\/Workload: certificateCheckInterval "500ms" must be whole seconds from 1 to 300/],
    ['certificate check over five minutes', chartWith({ backend: { certificateCheckInterval: Duration.minutes(10) } }), /certificateCheckInterval "600000ms" must be whole seconds from 1 to 300/],
    ['client identity without a common name', () => {
      const chart = Testing.chart();
      const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
      new HttpbinTls(chart, 'Backend', { namespace: 'ns', issuer: ca })
        .allowClient(new Certificate(chart, 'Client', { issuer: ca, name: 'client', dnsNames: ['client.ns'], usages: ['client auth'] }));
    }, /^test\/Backend: allowClient "client" must be a Certificate with a commonName: the TLS front pins client identities by subject/],
    ['unknown key algorithm', chartWith({ backend: { privateKey: { algorithm: 'DSA' as any } } }), /privateKey\.algorithm "DSA" must be one of ECDSA, RSA, Ed25519/],
    ['unknown usage', certificateWith({ usages: ['server auth', 'tls server' as any] }), /^test\/Cert: usages\[1\] "tls server" is not a cert-manager key usage; use one of: signing, digital signature/],
    ['certificate with no subject', certificateWith({ dnsNames: [] }), /^test\/Cert: dnsNames \[\] must name at least one DNS name, or set commonName/],
    ['commonName over 64 characters', certificateWith({ commonName: 'c'.repeat(65) }), /commonName "c{65}" must be 1 to 64 characters/],
    ['certificate outside its Issuer\'s namespace', certificateWith({ namespace: 'other' }), /^test\/Cert: namespace "other" must equal the namespace of Issuer backend-mtls-ca-issuer \("ns"\): a namespaced Issuer signs only in its own namespace/],
    ['certificate under a ClusterIssuer without namespace', () => new Certificate(Testing.chart(), 'Cert', { issuer: ExistingIssuer.fromClusterIssuerName('corp'), name: 'x', dnsNames: ['x'] }), /^test\/Cert: namespace undefined must be set: issuer ClusterIssuer corp is cluster-scoped/],
    ['untagged image', chartWith({ backend: { httpbinImage: 'mccutchen/go-httpbin' } }), /^backend-mtls\/Backend\/Workload: httpbinImage "mccutchen\/go-httpbin" must pin a tag or digest/],
    ['latest image', chartWith({ backend: { nginxImage: 'nginxinc/nginx-unprivileged:latest' } }), /nginxImage "nginxinc\/nginx-unprivileged:latest" must pin a version, not "latest"/],
    ['malformed image', chartWith({ backend: { nginxImage: 'Nginx Unprivileged:1.27' } }), /nginxImage "Nginx Unprivileged:1\.27" must be a container image reference/],
    ['negative replicas', chartWith({ backend: { replicas: -1 } }), /^backend-mtls\/Backend\/Workload: replicas -1 must be an integer from 0 to 100/],
    ['fractional replicas', chartWith({ backend: { replicas: 1.5 } }), /replicas 1\.5 must be an integer from 0 to 100/],
    ['resources without limits', chartWith({ backend: { httpbinResources: { cpu: { request: kplus.Cpu.millis(10) } } } }), /httpbinResources "without limits" must set cpu\.limit and memory\.limit/],
    ['cpu request above its limit', chartWith({ backend: { nginxResources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(64) } } } }), /nginxResources\.cpu\.request "500m" must not exceed cpu\.limit "100m"/],
    ['malformed cpu quantity', chartWith({ backend: { nginxResources: { cpu: { limit: kplus.Cpu.units(-1) }, memory: { limit: Size.mebibytes(64) } } } }), /nginxResources\.cpu\.limit "-1" must be a Kubernetes quantity/],
    ['memory limit too small', chartWith({ backend: { nginxResources: { cpu: { limit: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(4) } } } }), /nginxResources\.memory\.limit "4Mi" must be at least 8Mi/],
    ['controller name without a domain', () => new GatewayClass(Testing.chart(), 'Class', { controllerName: 'envoy' }), /^test\/Class: controllerName "envoy" must be a domain-prefixed path/],
    ['two listeners with one name', () => {
      const chart = Testing.chart();
      const gateway = new Gateway(chart, 'Gw', { namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class') });
      gateway.addListener({ name: 'http', port: 80 });
      gateway.addListener({ name: 'http', port: 81 });
    }, /^test\/Gw: listeners\[1\]\.name "http" is already a listener of this Gateway/],
    ['route path prefix without a leading slash', () => {
      const chart = new BackendMtlsChart(Testing.app(), 'c');
      chart.route.addRule({ pathPrefix: 'api', backend: chart.backend });
    }, /^c\/Backend\/Route: rules\[1\]\.pathPrefix "api" must be an absolute path starting with "\/"/],
    ['route path with a dot segment', () => {
      const chart = new BackendMtlsChart(Testing.app(), 'c');
      chart.route.addRule({ pathPrefix: '/a/../b', backend: chart.backend });
    }, /rules\[1\]\.pathPrefix "\/a\/\.\.\/b" must be an absolute path .* without "\/\/", "\/\.\/", "\/\.\.\/"/],
    ['unknown listener asked for', () => new BackendMtlsChart(Testing.app(), 'c').gateway.listener('https'), /^c\/Gateway: listener "https" is not a listener of this Gateway; it has \["http"\]/],
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
  const proxy = new EnvoyProxy(chart, 'Proxy', { namespace: 'ns', clientCertificate: options.proxyHasClient === false ? undefined : client });
  const gateway = new Gateway(chart, 'Gateway', { namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class', { envoyProxy: proxy }) });
  gateway.addListener({ name: 'http', port: 80, hostname: 'app.example.com', ...options.listener });
  const backend = new HttpbinTls(chart, 'Backend', { namespace: 'ns', issuer: ca });
  chart.node.addValidation(new MtlsWiringValidation(chart));
  return { chart, ca, gateway, backend };
}

function route(wiring: Wiring, props: { hostnames?: string[]; backend?: IBackendService; namespace?: string } = {}): HttpRoute {
  return new HttpRoute(wiring.chart, 'Route', {
    parent: wiring.gateway.listeners[0],
    hostnames: props.hostnames,
    namespace: props.namespace,
    rules: [{ backend: props.backend ?? wiring.backend }],
  });
}

function policy(wiring: Wiring, props: { hostname?: string; trust?: CaTrust; backend?: IBackendService } = {}): BackendTlsPolicy {
  const backend = props.backend ?? wiring.backend;
  return new BackendTlsPolicy(wiring.chart, 'Policy', {
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
      /BackendTLSPolicy ns\/backend-mtls-policy \(test\/Policy\): validation.hostname "httpbin.example.com" is not among the dnsNames of Certificate ns\/httpbin-tls-cert \(test\/Backend\/ServerCertificate\) \[httpbin-tls, httpbin-tls.ns, httpbin-tls.ns.svc, httpbin-tls.ns.svc.cluster.local\]/],
    ['policy trusting another CA',
      () => { const w = compose(); route(w); const other = new SelfSignedCa(w.chart, 'OtherCa', { namespace: 'ns', namePrefix: 'other' }); policy(w, { trust: CaTrust.fromCertificateSecret(other.caCertificate) }); return Testing.synth(w.chart); },
      /BackendTLSPolicy ns\/backend-mtls-policy \(test\/Policy\): trusts the CA of Issuer ns\/other-selfsigned \(Secret other-ca\), but Certificate ns\/httpbin-tls-cert \(test\/Backend\/ServerCertificate\) is issued by Issuer ns\/backend-mtls-ca-issuer/],
    ['policy trusting an existing ClusterIssuer that did not issue the server certificate',
      () => { const w = compose(); route(w); policy(w, { trust: CaTrust.fromConfigMapName(w.chart, 'corp-ca', ExistingIssuer.fromClusterIssuerName('corp')) }); return Testing.synth(w.chart); },
      /trusts the CA of ClusterIssuer corp \(ConfigMap corp-ca\), but Certificate ns\/httpbin-tls-cert .* is issued by Issuer ns\/backend-mtls-ca-issuer/],
    ['client certificate from another CA than the backend trusts',
      setup({ clientIssuer: ({ chart }) => new SelfSignedCa(chart, 'OtherCa', { namespace: 'ns', namePrefix: 'other' }) }),
      /Certificate ns\/client \(test\/Client\): Envoy's client certificate is issued by Issuer ns\/other-ca-issuer, but backend ns\/httpbin-tls \(test\/Backend\) only accepts clients of Issuer ns\/backend-mtls-ca-issuer/],
    ['client certificate without client auth',
      setup({ clientUsages: ['digital signature', 'server auth'] }),
      /Certificate ns\/client \(test\/Client\): is Envoy's client certificate but its usages \[digital signature, server auth\] lack "client auth"/],
    ['client certificate that is a CA',
      setup({ clientIsCa: true }),
      /Certificate ns\/client \(test\/Client\): is Envoy's client certificate but isCA is true/],
    ['no client certificate for a backend that requires one',
      setup({ proxyHasClient: false }),
      /HTTPRoute ns\/backend-mtls-route \(test\/Route\): sends traffic to backend ns\/httpbin-tls \(test\/Backend\), which requires a client certificate, but Gateway ns\/backend-mtls-gateway \(test\/Gateway\) presents none/],
    ['client Secret outside the EnvoyProxy\'s namespace',
      setup({ clientNamespace: 'edge', clientIssuer: () => ExistingIssuer.fromClusterIssuerName('backend-ca') }),
      /EnvoyProxy ns\/custom-proxy-mtls \(test\/Proxy\): backendTLS.clientCertificateRef names Secret edge\/client of Certificate edge\/client \(test\/Client\), but Envoy Gateway reads it only from the EnvoyProxy's namespace "ns" \(it ignores ReferenceGrants here\)/],
    ['server certificate without server auth',
      () => {
        const w = compose();
        const server = new Certificate(w.chart, 'Server', { issuer: w.ca, name: 'plain', dnsNames: ['httpbin-tls.ns.svc'], usages: ['digital signature'] });
        const backend: IBackendService = { serviceName: 'httpbin-tls', namespace: 'ns', portName: 'https', port: 8443, serverCertificate: server, tlsHostnames: server.dnsNames };
        policy(w, { backend, trust: CaTrust.fromCertificateSecret(server) });
        return Testing.synth(w.chart);
      },
      /Certificate ns\/plain \(test\/Server\): is the backend's server certificate, which BackendTLSPolicy ns\/backend-mtls-policy \(test\/Policy\) verifies but its usages \[digital signature\] lack "server auth"/],
    ['route hostname outside the listener\'s',
      () => { const w = compose(); route(w, { hostnames: ['other.example.org'] }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute ns\/backend-mtls-route \(test\/Route\): hostname "other.example.org" matches no listener hostname of Gateway ns\/backend-mtls-gateway \(test\/Gateway\) \[app.example.com\]/],
    ['route in another namespace than a Same-only listener',
      () => { const w = compose(); route(w, { namespace: 'apps' }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute apps\/backend-mtls-route \(test\/Route\): attaches to listener "http" of Gateway ns\/backend-mtls-gateway \(test\/Gateway\), which only admits routes from its own namespace "ns"/],
    ['cross-namespace backendRef without a ReferenceGrant',
      () => { const w = compose({ listener: { allowedRoutes: 'All' } }); route(w, { namespace: 'apps' }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute apps\/backend-mtls-route \(test\/Route\): backendRef Service ns\/httpbin-tls is in another namespace and no ReferenceGrant in "ns" allows HTTPRoutes from "apps"/],
    ['backend without a BackendTLSPolicy',
      setup({}, { route: true, policy: false }),
      /HTTPRoute ns\/backend-mtls-route \(test\/Route\): backendRef Service ns\/httpbin-tls port 8443 has no BackendTLSPolicy: Envoy would speak plain HTTP to a TLS port/],
    ['route to a port the Service does not have',
      () => { const w = compose(); route(w, { backend: { ...w.backend, serviceName: 'httpbin-tls', namespace: 'ns', portName: 'https', port: 9443, tlsHostnames: w.backend.tlsHostnames } }); policy(w); return Testing.synth(w.chart); },
      /HTTPRoute ns\/backend-mtls-route \(test\/Route\): backendRef port 9443 is not a port of Service ns\/httpbin-tls \(test\/Backend\/Service\), which has \[https:8443\]/],
    ['policy sectionName naming no port',
      () => { const w = compose(); route(w); policy(w, { backend: { ...w.backend, serviceName: 'httpbin-tls', namespace: 'ns', portName: 'tls', port: 8443, tlsHostnames: w.backend.tlsHostnames, serverCertificate: w.backend.serverCertificate } }); return Testing.synth(w.chart); },
      /BackendTLSPolicy ns\/backend-mtls-policy \(test\/Policy\): targetRef sectionName "tls" names no port of Service ns\/httpbin-tls \(test\/Backend\/Service\), which has \[https\]/],
    ['issuer neither rendered nor declared',
      () => { const w = compose(); route(w); policy(w); new Certificate(w.chart, 'Stray', { issuer: { kind: 'Issuer', name: 'ghost', namespace: 'ns', inChart: true }, name: 'stray', dnsNames: ['stray'] }); return Testing.synth(w.chart); },
      /Certificate ns\/stray \(test\/Stray\): issuerRef names Issuer ns\/ghost, which this chart does not render: add it to the chart, or declare it with ExistingIssuer.fromIssuerName/],
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
