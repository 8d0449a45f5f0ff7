import { Testing } from 'cdk8s';
import {
  BackendTlsPolicy, CaTrust, Certificate, EnvoyProxy, Gateway, GatewayClass, HttpbinTls, HttpRoute, SelfSignedCa,
} from '../../lib';

/** A hand-composed setup: a CA, Envoy's client certificate on the EnvoyProxy, a Gateway and one backend. */
function compose(clientCommonName: string | undefined) {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'ns' });
  const client = new Certificate(chart, 'Client', {
    issuer: ca, name: 'client', namespace: 'ns', usages: ['client auth'],
    ...(clientCommonName ? { commonName: clientCommonName } : { dnsNames: ['envoy.ns.svc'] }),
  });
  const proxy = new EnvoyProxy(chart, 'Proxy', { name: 'proxy', namespace: 'ns', clientCertificate: client });
  const gateway = new Gateway(chart, 'Gateway', { name: 'gateway', namespace: 'ns', gatewayClass: new GatewayClass(chart, 'Class', { envoyProxy: proxy }) });
  const listener = gateway.addListener({ name: 'http', port: 80, hostname: 'app.example.com' });
  const backend = new HttpbinTls(chart, 'Backend', { namespace: 'ns', issuer: ca });
  new BackendTlsPolicy(chart, 'Policy', { name: 'policy', backend, trust: CaTrust.fromCertificateSecret(backend.serverCertificate) });
  return { chart, listener, backend };
}

describe('a route pins Envoy\'s client identity on the backend it sends traffic to', () => {
  test('before a route the backend admits its whole CA; the route admits exactly the subject Envoy presents', () => {
    const { chart, listener, backend } = compose('edge, "proxy"');
    expect(backend.admittedClientSubjects).toEqual([]);
    new HttpRoute(chart, 'Route', { name: 'route', parent: listener, rules: [{ backend }] });
    expect(backend.admittedClientSubjects).toEqual(['CN=edge\\, \\"proxy\\"']);
    const conf = Testing.synth(chart).find((object) => object.kind === 'ConfigMap')!.data['nginx.conf'] as string;
    expect(conf).toMatch(/map \$ssl_client_s_dn \$mtls_client_allowed \{\s+default 0;\s+"~\^CN=edge.*proxy.*\$" 1;\s+\}/);
    expect(conf).toMatch(/if \(\$mtls_client_allowed = 0\) \{\s+return 403;/);
  });

  test('a second route through the same Gateway admits the subject once', () => {
    const { chart, listener, backend } = compose('envoy');
    new HttpRoute(chart, 'Route', { name: 'route', parent: listener, rules: [{ backend }] });
    new HttpRoute(chart, 'Other', { name: 'other', parent: listener, rules: [{ backend, pathPrefix: '/other' }] });
    expect(backend.admittedClientSubjects).toEqual(['CN=envoy']);
  });

  test('a client certificate without a commonName cannot be pinned: the synth fails naming it and the fix', () => {
    const { chart, listener, backend } = compose(undefined);
    new HttpRoute(chart, 'Route', { name: 'route', parent: listener, rules: [{ backend }] });
    expect(() => Testing.synth(chart)).toThrow(
      /Certificate ns\/client \(test\/Client\): Envoy's client certificate has no commonName, so backend ns\/httpbin-tls \(test\/Backend\) cannot pin it and admits every certificate of its CA: give the client certificate a commonName/,
    );
  });
});
