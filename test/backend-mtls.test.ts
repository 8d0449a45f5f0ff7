import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  BackendMtls, BackendMtlsChart, CaDistribution, CaTrust, Certificate, ClientCertificateMode, ExistingIssuer, HttpbinTls, MtlsFront, SelfSignedCa,
} from '../lib';
import { validateManifests } from '../tools/validate';
import { legacyService as existing } from './support/charts';
import { all, one } from './support/manifests';
import { ORDERS_PORT, ordersDeployment } from './workloads/orders-app';

describe('BackendMtls in a chart of the user\'s own', () => {
  const chart = new Chart(Testing.app(), 'team-a');
  new kplus.ConfigMap(chart, 'Settings', { metadata: { namespace: 'team-a' }, data: { mode: 'strict' } });
  const mtls = new BackendMtls(chart, 'Mtls', { namespace: 'team-a', hostname: '*.team-a.example' });
  const orders = new HttpbinTls(chart, 'Orders', { name: 'orders', namespace: 'team-a', issuer: mtls.issuer });
  mtls.addBackend('Orders', orders, { hostname: 'orders.team-a.example' });
  const objects = Testing.synth(chart);

  test('renders the setup beside the user\'s objects, passing the wiring checks and offline admission', () => {
    expect(all(objects, 'ConfigMap').map((configMap) => configMap.data.mode)).toContain('strict');
    expect(all(objects, 'HTTPRoute').map((route) => route.metadata.name)).toEqual(['orders-route']);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('deploys no workload of its own: given only an MtlsFront, it renders no httpbin object', () => {
    const own = new Chart(Testing.app(), 'shop');
    const setup = new BackendMtls(own, 'Mtls', { namespace: 'shop' });
    setup.addBackend('Orders', new MtlsFront(own, 'Front', { deployment: ordersDeployment(own, 'shop'), issuer: setup.issuer, appPort: ORDERS_PORT }));
    const rendered = Testing.synth(own);
    expect(all(rendered, 'Deployment').map((deployment) => deployment.metadata.name)).toEqual(['orders']);
    const images = all(rendered, 'Deployment').flatMap((deployment) => deployment.spec.template.spec.containers.map((container: { image: string }) => container.image));
    expect(images.filter((image) => image.includes('httpbin'))).toEqual([]);
    expect(rendered.filter((object) => JSON.stringify(object).includes('httpbin'))).toEqual([]);
    expect(validateManifests(rendered)).toEqual([]);
  });

  test('carries none of the reference setup\'s names: the ones left out come from the construct path', () => {
    const names = objects.map((object) => object.metadata.name as string);
    for (const reference of ['backend-mtls-route', 'backend-mtls-policy', 'backend-mtls-gateway', 'custom-proxy-mtls', 'backend-mtls-gw', 'backend-mtls-ca']) {
      expect(names).not.toContain(reference);
    }
    expect(one(objects, 'GatewayClass').metadata.name).toBe(mtls.gatewayClass.name);
    expect(mtls.gatewayClass.name).toMatch(/^team-a-mtls-gatewayclass-[0-9a-f]{8}$/);
    expect(mtls.listener.port).toBe(80);
  });

  test('bad props name the prop the user wrote', () => {
    const other = Testing.chart();
    expect(() => new BackendMtls(other, 'M', { namespace: 'ns', listenerPort: 0 })).toThrow(/^test\/M: listenerPort 0 must be an integer from 1 to 65535/);
    expect(() => new BackendMtls(other, 'N', { namespace: 'ns', hostname: 'a:80' })).toThrow(/^test\/N: hostname "a:80" must be a lower-case DNS hostname/);
  });

  test('what TypeScript requires and JavaScript leaves out fails naming it, not with a TypeError', () => {
    const other = Testing.chart();
    expect(() => new BackendMtls(other, 'P', undefined as any)).toThrow(/^test\/P: props undefined is required: give the setup's props, at least \{ namespace \}$/);
    const setup = new BackendMtls(other, 'Q', { namespace: 'ns' });
    expect(() => setup.addBackend('Orders', undefined as any)).toThrow(/^test\/Q: addBackend\("Orders"\) backend undefined is required: give the backend's Service/);
  });

  test('a misspelt prop or addBackend option (JavaScript, or a transpile-only app) fails before anything is built, naming the one meant', () => {
    const other = Testing.chart();
    expect(() => new BackendMtls(other, 'M', { namespace: 'ns', hostnmae: 'x.example' } as any))
      .toThrow(/^test\/M: props field "hostnmae" is unknown: did you mean "hostname"\?$/);
    expect(other.node.findChild('M').node.children).toEqual([]);
    expect(() => new BackendMtls(other, 'N', { namespace: 'ns', envoyProxyPods: { namespace: 'eg', label: { app: 'envoy' } } as any }))
      .toThrow(/^test\/N: envoyProxyPods field "label" is unknown: did you mean "labels"\?$/);
    const setup = new BackendMtls(other, 'Q', { namespace: 'ns' });
    const orders = new HttpbinTls(other, 'Orders', { name: 'orders', namespace: 'ns', issuer: setup.issuer });
    expect(() => setup.addBackend('Orders', orders, { pathprefix: '/orders' } as any))
      .toThrow(/^test\/Q: addBackend\("Orders"\) options field "pathprefix" is unknown: did you mean "pathPrefix"\?$/);
    expect(setup.backends).toEqual([]);
  });

  test('props that apply only to another mode or trust distribution are refused, naming the one that applies', () => {
    const other = Testing.chart();
    expect(() => new BackendMtls(other, 'B', { namespace: 'ns', trustBundleName: 'corp-ca' }))
      .toThrow(/^test\/B: trustBundleName "corp-ca" applies only with caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE/);
    const clientCertificate = Certificate.fromSecretAttributes(other, 'Client', { secretName: 'client', namespace: 'ns' });
    expect(() => new BackendMtls(other, 'C', { namespace: 'ns', clientCertificate, clientCommonName: 'envoy' }))
      .toThrow(/^test\/C: clientCommonName "envoy" applies only to a client certificate the setup issues, not to the given clientCertificate/);
    expect(() => new BackendMtls(other, 'D', { namespace: 'ns', clientCertificate, clientCertificateMode: ClientCertificateMode.PER_BACKEND }))
      .toThrow(/^test\/D: clientCertificate "client" applies only to the setup-wide client certificate; ClientCertificateMode.PER_BACKEND issues one per backend/);
  });
});

describe('BackendMtls with an existing client-certificate Secret', () => {
  test('a Secret that a rendered Certificate also writes is refused: two writers', () => {
    const chart = Testing.chart();
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const clientCertificate = Certificate.fromSecretAttributes(chart, 'Client', {
      secretName: 'httpbin-tls-secret', namespace: 'edge', issuer, usages: ['client auth'], commonName: 'edge',
    });
    const mtls = new BackendMtls(chart, 'Mtls', { namespace: 'edge', issuer, clientCertificate });
    mtls.addBackend('Backend', new HttpbinTls(chart, 'Httpbin', { namespace: 'edge', issuer }));
    expect(() => Testing.synth(chart)).toThrow(new RegExp('Certificate edge/httpbin-tls-secret \\(test/Client\\): Envoy\'s client certificate is read from '
      + 'Secret edge/httpbin-tls-secret, which Certificate edge/httpbin-tls-cert \\(test/Httpbin/Front/ServerCertificate\\) also writes'));
  });

  test('Envoy presents the given Secret, and the setup issues no client certificate of its own', () => {
    const chart = Testing.chart();
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const clientCertificate = Certificate.fromSecretAttributes(chart, 'Client', { secretName: 'edge-client', namespace: 'edge', issuer, usages: ['client auth'], commonName: 'edge' });
    const mtls = new BackendMtls(chart, 'Mtls', { namespace: 'edge', issuer, clientCertificate });
    mtls.addBackend('Backend', new HttpbinTls(chart, 'Httpbin', { namespace: 'edge', issuer }));
    const objects = Testing.synth(chart);
    expect(mtls.clientCertificate).toBe(clientCertificate);
    expect(one(objects, 'EnvoyProxy').spec.backendTLS.clientCertificateRef).toEqual({ group: '', kind: 'Secret', name: 'edge-client' });
    expect(all(objects, 'Certificate').map((certificate) => certificate.spec.usages)).not.toContainEqual(expect.arrayContaining(['client auth']));
    expect(one(objects, 'ConfigMap', 'httpbin-tls-nginx', 'edge').data['nginx.conf']).toMatch(/^\s*"~\^CN=edge\$" 1;$/m);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('a Secret from another CA than the backends trust fails the synth; one outside the namespace fails at once', () => {
    const chart = Testing.chart();
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp-ca');
    const other = ExistingIssuer.fromClusterIssuerName(chart, 'Other', 'other-ca');
    const clientCertificate = Certificate.fromSecretAttributes(chart, 'Client', { secretName: 'edge-client', namespace: 'edge', issuer: other, commonName: 'edge' });
    new BackendMtls(chart, 'Mtls', { namespace: 'edge', issuer, clientCertificate }).addBackend('Backend', new HttpbinTls(chart, 'Httpbin', { namespace: 'edge', issuer }));
    expect(() => Testing.synth(chart)).toThrow(/Certificate edge\/edge-client \(test\/Client\): Envoy's client certificate is issued by ClusterIssuer other-ca, but backend edge\/httpbin-tls .* only accepts clients of ClusterIssuer corp-ca/);
    const elsewhere = Certificate.fromSecretAttributes(chart, 'Elsewhere', { secretName: 'edge-client', namespace: 'default' });
    expect(() => new BackendMtls(chart, 'Wrong', { namespace: 'edge', issuer, clientCertificate: elsewhere }))
      .toThrow(/^test\/Wrong: clientCertificate "default\/edge-client" must be in the setup's namespace "edge"/);
  });
});

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);
const clusterIssuer = () => ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'ca');

describe('BackendMtls props are refused where they enter', () => {
  test('clientCertificateMode and trust must be enum values', () => {
    expect(() => chart({ clientCertificateMode: 'Sidecar' })).toThrow(/c\/Setup: clientCertificateMode "Sidecar" must be one of EnvoyProxy, Gateway, PerBackend/);
    expect(() => chart({ caDistribution: 'Vault' })).toThrow(/c\/Setup: caDistribution "Vault" must be one of Secret, TrustManagerBundle/);
  });

  test('Bundle-only props need the Bundle', () => {
    expect(() => chart({ trustNamespace: 'cert-manager' })).toThrow(/c\/Setup: trustNamespace "cert-manager" applies only with caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE/);
    expect(() => chart({ bundleSource: CaTrust.fromSecretAttributes(Testing.chart(), 'Source', { name: 'root' }) })).toThrow(/c\/Setup: bundleSource "root" applies only with caDistribution/);
    expect(() => chart({ caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, issuer: clusterIssuer() })).toThrow(/c\/Setup: bundleSource undefined must be set with an existing issuer/);
  });

  test('chart-wide client certificate props do not apply per backend', () => {
    expect(() => chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, clientCommonName: 'x' })).toThrow(/c\/Setup: clientCommonName "x" applies only to the setup-wide client certificate/);
    expect(() => chart({ clientCertificateMode: ClientCertificateMode.PER_BACKEND, policyName: 'p' })).toThrow(/c\/Setup\/Backend: policyName "p" applies only when a BackendTLSPolicy is rendered/);
  });

  test('envoyProxyPods needs NetworkPolicies', () => {
    expect(() => chart({ networkPolicies: false, envoyProxyPods: { namespace: 'x' } })).toThrow(/c\/Setup: envoyProxyPods .* applies only with networkPolicies enabled/);
  });
});

describe('BackendMtls.addBackend', () => {
  test('another namespace needs an issuer that signs there', () => {
    expect(() => chart().addHttpbin('B', { name: 'b', namespace: 'team-b' })).toThrow(/c\/Setup\/BWorkload\/Front\/ServerCertificate: namespace "team-b" must equal the namespace of Issuer backend-mtls-ca-issuer .* use a ClusterIssuer/);
  });

  test('the hostname must be served by the listener', () => {
    expect(() => chart().addHttpbin('B', { name: 'b', hostname: 'b.demo.int' })).toThrow(/c\/Setup\/B: hostname "b.demo.int" is not served by listener "http" \(hostname "mtls-backend.demo.int"\).*"\*\.demo\.int"/);
    expect(() => chart({ hostname: '*.demo.int' }).addHttpbin('B', { name: 'b', hostname: 'b.other.int' })).toThrow(/is not served by listener/);
    expect(() => chart().addHttpbin('B', { name: 'b', hostname: 'Not A Host' })).toThrow(/c\/Setup\/B: hostname "Not A Host" must be a lower-case DNS hostname/);
  });

  test('bad names, namespaces and paths name the field', () => {
    expect(() => chart().addHttpbin('B', { name: 'b', namespace: 'Team_B' })).toThrow(/c\/Setup: addHttpbin\("B"\) namespace "Team_B" must be a DNS-1123 label/);
    expect(() => chart().addHttpbin('B', { name: 'b', pathPrefix: 'api' })).toThrow(/c\/Setup\/B\/Route: rules\[0\].pathPrefix "api" must be an absolute path/);
    expect(() => chart().addHttpbin('B', { name: 'b', replicas: -1 })).toThrow(/c\/Setup\/BWorkload: replicas -1 must be an integer from 0 to 100/);
  });

  test('clientCommonName applies only per backend', () => {
    expect(() => chart().addHttpbin('B', { name: 'b', clientCommonName: 'b-client' })).toThrow(/c\/Setup\/B: clientCommonName "b-client" applies only with ClientCertificateMode.PER_BACKEND/);
  });
});

describe('BackendMtls.addBackend with an existing Service', () => {
  test('in Secret trust mode the CA must be named', () => {
    expect(() => chart().backendMtls.addBackend('L', existing())).toThrow(/c\/Setup\/L: trust undefined must be set for existing Service legacy\/legacy/);
  });

  test('ExistingBackendService.fromServiceAttributes checks its attributes', () => {
    expect(() => existing({ port: 70000 })).toThrow(/test\/Legacy: port 70000 must be an integer from 1 to 65535/);
    expect(() => existing({ hostname: '10.0.0.1' })).toThrow(/test\/Legacy: hostname "10.0.0.1" must be a DNS hostname, not an IP address/);
    expect(() => existing({ namespace: 'A' })).toThrow(/test\/Legacy: namespace "A" must be a DNS-1123 label/);
    expect(() => existing({ portName: 'HTTPS' })).toThrow(/test\/Legacy: portName "HTTPS" must be an IANA service name/);
  });
});

describe('names, labels and routes checked where they enter', () => {
  test('a backend name too long for the names made from it names the prop, not the derived name', () => {
    expect(() => chart({ httpbin: { name: `a${'b'.repeat(56)}` } })).toThrow(/^c\/Setup\/BackendWorkload: name "ab{56}" is too long for the names made from it \("ab{56}-secret" exceeds 63 characters\): shorten it to at most 56 characters/);
    expect(() => chart({ hostname: '*.demo.int', issuer: clusterIssuer(), clientCertificateMode: ClientCertificateMode.PER_BACKEND }).addHttpbin('B', { name: `b${'c'.repeat(45)}`, hostname: 'b.demo.int' }))
      .toThrow(/^c\/Setup\/B: service name "bc{45}" is too long for the names made from it \("envoygateway-client-bc{45}" exceeds 64 characters\): shorten it to at most 44 characters/);
    expect(() => new SelfSignedCa(Testing.chart(), 'Ca', { namespace: 'ns', namePrefix: 'p'.repeat(62) })).toThrow(/^test\/Ca: namePrefix "p{62}" must leave room for the names derived from it/);
  });

});
