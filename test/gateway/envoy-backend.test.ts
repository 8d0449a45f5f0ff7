import { Testing } from 'cdk8s';
import { BackendMtlsChart, CaTrust, EnvoyBackend, ExistingIssuer } from '../../lib';
import { one } from '../support/manifests';

const chart = (props = {}) => new BackendMtlsChart(Testing.app(), 'c', props);
const clusterIssuer = () => ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'ca');

describe('EnvoyBackend', () => {
  test('renders an Envoy Gateway Backend: the Service\'s cluster FQDN, its own client certificate, CA and SNI', () => {
    const c = chart({ issuer: clusterIssuer(), hostname: '*.demo.int' });
    const workload = c.httpbin;
    const client = c.backendMtls.clientCertificate!;
    const trust = CaTrust.fromCertificateSecret(workload.serverCertificate);
    const backend = new EnvoyBackend(c, 'E', { name: 'direct', service: workload, clientCertificate: client, trust });
    const rendered = one(Testing.synth(c), 'Backend', 'direct', 'httpbin-tls');
    expect(rendered).toMatchSnapshot();
    expect(rendered.apiVersion).toBe('gateway.envoyproxy.io/v1alpha1');
    expect(rendered.spec.endpoints).toEqual([{ fqdn: { hostname: 'httpbin-tls.httpbin-tls.svc.cluster.local', port: workload.port } }]);
    expect(rendered.spec.tls.sni).toBe(backend.sni);
    expect(rendered.spec.tls.clientCertificateRef).toEqual({ group: '', kind: 'Secret', name: client.secretName });
    expect(rendered.spec.tls.caCertificateRefs).toEqual([{ group: '', kind: 'Secret', name: workload.serverCertificate.secretName }]);
  });

  test('EnvoyBackend needs a client certificate in its namespace with client auth', () => {
    const c = chart({ issuer: clusterIssuer(), hostname: '*.demo.int' });
    const other = c.addHttpbin('Other', { name: 'other', namespace: 'other' });
    const trust = CaTrust.fromCertificateSecret(c.httpbin.serverCertificate);
    expect(() => new EnvoyBackend(c, 'E', { service: c.httpbin, clientCertificate: other.service.serverCertificate!, trust }))
      .toThrow(/c\/E: clientCertificate.namespace "other" must be the Backend's namespace "httpbin-tls"/);
    expect(() => new EnvoyBackend(c, 'F', { service: c.httpbin, clientCertificate: c.httpbin.serverCertificate, trust }))
      .toThrow(/c\/F: clientCertificate.usages \["server auth","digital signature"\] must include "client auth"/);
  });
});

describe('EnvoyBackend props keys', () => {
  test('a misspelt prop (JavaScript, or a transpile-only app) fails, naming the prop meant', () => {
    const c = chart({ issuer: clusterIssuer(), hostname: '*.demo.int' });
    const trust = CaTrust.fromCertificateSecret(c.httpbin.serverCertificate);
    expect(() => new EnvoyBackend(c, 'E', { service: c.httpbin, clientCertificate: c.backendMtls.clientCertificate!, trust, SNI: 'x.example' } as any))
      .toThrow(/^c\/E: props field "SNI" is unknown: did you mean "sni"\?$/);
  });
});
