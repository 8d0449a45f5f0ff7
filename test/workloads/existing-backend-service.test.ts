import { Testing } from 'cdk8s';
import { ExistingBackendService, SelfSignedCa, Certificate } from '../../lib';

describe('ExistingBackendService.fromServiceAttributes', () => {
  test('verifies the given hostname, or else the DNS names of a server certificate the chart issues', () => {
    const chart = Testing.chart();
    const named = ExistingBackendService.fromServiceAttributes(chart, 'Named', { serviceName: 'legacy', namespace: 'legacy', port: 443, hostname: 'legacy.example' });
    expect([named.tlsHostnames, named.portName, named.serverCertificate]).toEqual([['legacy.example'], 'https', undefined]);
    const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'app' });
    const server = new Certificate(chart, 'Server', { issuer: ca, name: 'app', dnsNames: ['app.app.svc'], usages: ['server auth'] });
    const own = ExistingBackendService.fromServiceAttributes(chart, 'Own', { serviceName: 'app', namespace: 'app', port: 8443, serverCertificate: server });
    expect([own.tlsHostnames, own.serverCertificate]).toEqual([['app.app.svc'], server]);
  });

  test('needs a hostname when it has no server certificate', () => {
    expect(() => ExistingBackendService.fromServiceAttributes(Testing.chart(), 'Legacy', { serviceName: 'legacy', namespace: 'legacy', port: 443 }))
      .toThrow(/^test\/Legacy: hostname undefined must be set when no serverCertificate is given/);
  });
});
