import { App, Chart, Testing, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BackendMtlsChart, BackendMtlsChartProps, CaTrust, Certificate, BackendServiceAttributes, ExistingBackendService, ExistingIssuer, KeyAlgorithm, SelfSignedCa, CaDistribution } from '../../lib';
import { synthesize } from '../checks/synthesize';

const chartIn = (props: BackendMtlsChartProps = {}, more: (chart: BackendMtlsChart) => void = () => undefined) => (app: App) => more(new BackendMtlsChart(app, 'backend-mtls', props));
/** A valid Gateway name (a DNS subdomain) of 64 characters, one more than a label value holds. */
const LONG_GATEWAY_NAME = `backend-mtls-gateway.${'x'.repeat(43)}`;
const cpu = (amount: string) => ({ amount }) as kplus.Cpu;
const withCpu = (request: string, limit: string) => chartIn({
  httpbin: { nginxResources: { cpu: { request: cpu(request), limit: cpu(limit) }, memory: { limit: Size.mebibytes(64) } } },
});
const withMemory = (request: Size, limit: Size) => chartIn({
  httpbin: { nginxResources: { cpu: { limit: kplus.Cpu.millis(100) }, memory: { request, limit } } },
});
const existingWith = (attrs: Partial<BackendServiceAttributes>, name = 'legacy') => chartIn({ hostname: '*.demo.int' }, (chart) => {
  const service = ExistingBackendService.fromServiceAttributes(chart, 'LegacyService', { serviceName: name, namespace: 'httpbin-tls', port: 443, hostname: 'legacy.example', ...attrs });
  const trust = CaTrust.fromSecretAttributes(chart, 'LegacyCa', { name: 'legacy-ca', authority: chart.backendMtls.issuer });
  chart.backendMtls.addBackend('Legacy', service, { hostname: 'legacy.demo.int', trust });
});

describe('inputs an independent catalogue found accepted are refused before anything is written', () => {
  test('the harness writes the manifest of a valid app, so an empty folder below means refused', () => {
    expect(synthesize(chartIn()).written).toEqual(['backend-mtls.k8s.yaml']);
  });

  test.each<[string, string, (app: App) => void, RegExp]>([
    ['two Certificates, one Secret', 'backend secretName equal to the client certificate\'s Secret', chartIn({ httpbin: { secretName: 'envoygateway-client-cert' } }),
      /Certificate httpbin-tls\/httpbin-tls-cert \(backend-mtls\/Setup\/BackendWorkload\/Front\/ServerCertificate\): secretName "envoygateway-client-cert" is also the Secret of Certificate httpbin-tls\/envoygateway-client-cert \(backend-mtls\/Setup\/ClientCertificate\): cert-manager would write both certificates into one Secret.*give each Certificate its own secretName/],
    ['two Certificates, one Secret', 'backend secretName equal to the CA\'s Secret', chartIn({ httpbin: { secretName: 'backend-mtls-ca' } }),
      /\(backend-mtls\/Setup\/BackendWorkload\/Front\/ServerCertificate\): secretName "backend-mtls-ca" is also the Secret of Certificate httpbin-tls\/backend-mtls-ca \(backend-mtls\/Setup\/Ca\/Certificate\).*an Issuer signing with that Secret would sign with the wrong key/],
    ['two Certificates, one Secret', 'a Certificate in another chart of the app writing the client Secret', (app) => {
      chartIn()(app);
      new Certificate(new Chart(app, 'other'), 'Stray', { issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'corp'), name: 'stray', namespace: 'httpbin-tls', secretName: 'envoygateway-client-cert', commonName: 'stray' });
    }, /\[other\] Certificate httpbin-tls\/stray \(other\/Stray\): secretName "envoygateway-client-cert" is also the Secret of Certificate httpbin-tls\/envoygateway-client-cert \(backend-mtls\/Setup\/ClientCertificate\)/],
    ['a backend that never gets traffic', 'a second backend on the listener\'s hostname and "/"', chartIn({}, (chart) => chart.addHttpbin('Second', { name: 'second' })),
      /HTTPRoute httpbin-tls\/second-route \(backend-mtls\/Setup\/Second\/Route\): rules\[0\] matches hostname "mtls-backend.demo.int" and path prefix "\/" on listener "http" of Gateway httpbin-tls\/backend-mtls-gateway \(backend-mtls\/Setup\/Gateway\), exactly as rules\[0\] of HTTPRoute httpbin-tls\/backend-mtls-route \(backend-mtls\/Setup\/Backend\/Route\) does: .*Service httpbin-tls\/second would never get traffic; give the backend another hostname or pathPrefix/],
    ['a backend that never gets traffic', 'two backends with one hostname and prefixes "/api" and "/api/"', chartIn({ hostname: '*.demo.int' }, (chart) => {
      chart.addHttpbin('A', { name: 'a', hostname: 'api.demo.int', pathPrefix: '/api' });
      chart.addHttpbin('B', { name: 'b', hostname: 'api.demo.int', pathPrefix: '/api/' });
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
    ['cert-manager durations', 'renewBefore 1s', chartIn({ httpbin: { certificateRenewBefore: '1s' } }),
      /^backend-mtls\/Setup\/BackendWorkload\/Front\/ServerCertificate: renewBefore "1s" must be at least 5m \(cert-manager's minimum\)/],
    ['cert-manager durations', 'renewBefore 4m59s', chartIn({ httpbin: { certificateRenewBefore: '4m59s' } }), /renewBefore "4m59s" must be at least 5m/],
    ['cert-manager durations', 'duration beyond Go\'s time.Duration', chartIn({ httpbin: { certificateDuration: '2562048h' } }),
      /ServerCertificate: duration "2562048h" must be a Go duration .* within Go's range of 2562047h/],
    ['cert-manager durations', 'renewBefore one nanosecond beyond Go\'s range', chartIn({ httpbin: { certificateRenewBefore: '9223372036854775808ns' } }),
      /renewBefore "9223372036854775808ns" must be a Go duration/],
    ['cert-manager durations', 'a negative duration', chartIn({ httpbin: { certificateDuration: '-2160h' } }), /duration "-2160h" must be at least 1h/],
    ['cert-manager durations', 'an unknown unit', chartIn({ httpbin: { certificateDuration: '90d' } }), /duration "90d" must be a Go duration/],
    ['CPU quantities', 'request 2k above a 200m limit', withCpu('2k', '200m'), /^backend-mtls\/Setup\/BackendWorkload: nginxResources.cpu.request "2k" must not exceed cpu.limit "200m"/],
    ['CPU quantities', 'request 1Ki above a 200m limit', withCpu('1Ki', '200m'), /nginxResources.cpu.request "1Ki" must not exceed cpu.limit "200m"/],
    ['CPU quantities', 'request 1e3 above a 999 limit', withCpu('1e3', '999'), /nginxResources.cpu.request "1e3" must not exceed cpu.limit "999"/],
    ['CPU quantities', 'request 0.2001 above a 200m limit', withCpu('0.2001', '200m'), /cpu.request "0.2001" must not exceed cpu.limit "200m"/],
    ['CPU quantities', 'request 1E (exa) above a 1e17 limit', withCpu('1E', '1e17'), /cpu.request "1E" must not exceed cpu.limit "1e17"/],
    ['CPU quantities', 'a quantity that is not one', withCpu('NaN', '200m'), /cpu.request "NaN" must be a non-negative Kubernetes quantity/],
    ['CPU quantities', 'a space before the suffix', withCpu('10m', '1 k'), /cpu.limit "1 k" must be a non-negative Kubernetes quantity/],
    ['CPU quantities', 'a negative request', withCpu('-10m', '200m'), /cpu.request "-10m" must be a non-negative Kubernetes quantity/],
    ['memory sizes', 'a limit that is no whole number of mebibytes', withMemory(Size.mebibytes(16), Size.kibibytes(1500)),
      /^backend-mtls\/Setup\/BackendWorkload: nginxResources.memory.limit "1500 kibibytes" must be a whole number of mebibytes/],
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
    ['Service names', 'a backend name with a leading digit', chartIn({ httpbin: { name: '1httpbin' } }), /^backend-mtls\/Setup\/BackendWorkload: name "1httpbin" must be a DNS-1035 label, as Kubernetes requires of Service names/],
    ['Service names', 'an added backend with a leading digit', chartIn({ hostname: '*.demo.int' }, (chart) => chart.addHttpbin('B', { name: '9orders', hostname: 'orders.demo.int' })), /^backend-mtls\/Setup\/BWorkload: name "9orders" must be a DNS-1035 label/],
    ['Service names', 'an existing Service with a leading digit', existingWith({}, '2legacy'), /^backend-mtls\/LegacyService: serviceName "2legacy" must be a DNS-1035 label/],
    ['key algorithms', '__proto__', chartIn({ httpbin: { privateKey: { algorithm: '__proto__' as KeyAlgorithm } } }), /ServerCertificate: privateKey.algorithm "__proto__" must be one of ECDSA, RSA, Ed25519/],
    ['key algorithms', 'constructor', chartIn({ httpbin: { privateKey: { algorithm: 'constructor' as KeyAlgorithm } } }), /privateKey.algorithm "constructor" must be one of/],
    ['key algorithms', 'hasOwnProperty', chartIn({ httpbin: { privateKey: { algorithm: 'hasOwnProperty' as KeyAlgorithm } } }), /privateKey.algorithm "hasOwnProperty" must be one of/],
    ['free text', 'a commonName with a line separator', chartIn({ clientCommonName: 'envoy\u2028client' }), /ClientCertificate: commonName "envoy\u2028client" must be printable text/],
    ['free text', 'a commonName with a tab', chartIn({ clientCommonName: 'envoy\tclient' }), /commonName "envoy\\tclient" must be printable text/],
    ['free text', 'a path prefix with a space', chartIn({ hostname: '*.demo.int' }, (chart) => chart.addHttpbin('B', { name: 'b', pathPrefix: '/a b' })),
      /^backend-mtls\/Setup\/B\/Route: rules\[0\].pathPrefix "\/a b" must be an absolute path .* \(Gateway API HTTPPathMatch\)/],
    ['free text', 'a Bundle source key that is no Secret key', (app) => {
      const scope = new Chart(app, 'keys');
      new BackendMtlsChart(app, 'backend-mtls', { caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'corp'), bundleSource: CaTrust.fromSecretAttributes(scope, 'Source', { name: 'root-ca', key: 'ca crt' }) });
    }, /^keys\/Source: key "ca crt" must be a Secret or ConfigMap key/],
    ['free text', 'a SelfSignedCa name prefix with upper case', (app) => new SelfSignedCa(new Chart(app, 'ca'), 'Ca', { namespace: 'ns', namePrefix: 'Team' }), /^ca\/Ca: namePrefix "Team" must be a DNS-1123 subdomain/],
    ['misspelt props', 'hostnmae, as the transpile-only synth and JavaScript let through', chartIn({ hostnmae: 'x.example' } as BackendMtlsChartProps),
      /^backend-mtls: props field "hostnmae" is unknown: did you mean "hostname"\?$/],
    ['misspelt props', 'httpbin.replica', chartIn({ httpbin: { replica: 3 } } as BackendMtlsChartProps),
      /^backend-mtls: httpbin field "replica" is unknown: did you mean "replicas"\?$/],
  ])('%s: %s', (_class, _case, build, message) => {
    const result = synthesize(build);
    expect(result.error?.message).toMatch(message);
    expect(result.written).toEqual([]);
  });

  test.each<[string, (app: App) => void]>([
    ['a CPU request equal to its limit in another notation (200m, 0.2)', withCpu('200m', '0.2')],
    ['a CPU request below its limit across suffixes (999m, 1e0)', withCpu('999m', '1e0')],
    ['renewBefore exactly 5m and duration exactly 1h', chartIn({ httpbin: { certificateDuration: '1h', certificateRenewBefore: '5m' } })],
    ['a Gateway name of 64 characters when envoyProxyPods.labels are set', chartIn({ gatewayName: LONG_GATEWAY_NAME, envoyProxyPods: { labels: { app: 'envoy' } } })],
    ['a second backend on the same hostname under another prefix', chartIn({}, (chart) => chart.addHttpbin('Second', { name: 'second', pathPrefix: '/second' }))],
    ['names YAML 1.1 reads as booleans or numbers, which are written quoted', chartIn({ namespace: 'on', httpbin: { name: 'y' }, labels: { yes: 'no', '1e3': '0x1F' } })],
    ['names kubectl reads as numbers in Go syntax, which are written quoted', chartIn({ namespace: '0o17', clientCommonName: '0O17', labels: { team: '0B101' } })],
  ])('still accepted: %s', (_case, build) => {
    const result = synthesize(build);
    expect(result.error).toBeUndefined();
    expect(result.written).toEqual(['backend-mtls.k8s.yaml']);
  });
});
