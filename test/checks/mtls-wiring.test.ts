import { Chart, Testing } from 'cdk8s';
import { BackendTlsPolicy, CaTrust, Certificate, CertificateUsage, EnvoyProxy, ExistingBackendService, ExistingIssuer, Gateway, GatewayClass, HttpbinTls, HttpRoute, IBackendService, Issuer, ListenerOptions, MtlsWiringValidation, SelfSignedCa } from '../../lib';
import { validateManifests } from '../../tools/validate';

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
