import { join } from 'node:path';
import { deploy } from '../../tools/ops/deploy';
import { destroy } from '../../tools/ops/destroy';
import { readManifests } from '../../tools/ops/manifests';
import { readinessGates } from '../../tools/ops/readiness';
import { smoke, smokeTarget, verifiedSubject } from '../../tools/ops/smoke';
import { fakeKubectl } from './fake-kubectl';

const dist = join(__dirname, '..', '..', 'dist');
const verifiedBody = (subject: string) => JSON.stringify({ headers: { 'X-Client-Verify': ['SUCCESS'], 'X-Client-Subject': [subject], Host: ['$HOST'] } });

describe('operating the rendered setup with kubectl (a recording stand-in)', () => {
  let fake: ReturnType<typeof fakeKubectl>;
  const lines: string[] = [];
  beforeEach(() => {
    fake = fakeKubectl();
    process.env.KUBECTL = fake.binary;
    delete process.env.FAKE_FAIL_WAIT;
    lines.length = 0;
  });
  afterAll(() => { delete process.env.KUBECTL; });

  test('deploy applies server-side, then waits for Certificates, the Deployment, the Gateway and the policy, in that order', () => {
    deploy({ paths: [dist], log: (line) => lines.push(line) });
    const calls = fake.calls();
    expect(calls[0]).toEqual(['apply', '--server-side', '--field-manager=backend-mtls', '-f', dist]);
    expect(calls.slice(1).map((call) => call[call.length - 1])).toEqual([
      'certificate.cert-manager.io/backend-mtls-ca',
      'certificate.cert-manager.io/envoygateway-client-cert',
      'certificate.cert-manager.io/httpbin-tls-cert',
      'deployment.apps/httpbin-tls',
      'gateway.gateway.networking.k8s.io/backend-mtls-gateway',
      'backendtlspolicy.gateway.networking.k8s.io/backend-mtls-policy',
    ]);
    expect(calls[calls.length - 1]).toContain('--for=jsonpath={.status.ancestors[0].conditions[?(@.type=="Accepted")].status}=True');
    expect(calls[4]).toEqual(expect.arrayContaining(['-n', 'httpbin-tls', '--for=condition=Available']));
    expect(lines[lines.length - 1]).toEqual('deploy: every object is ready');
  });

  test('deploy fails naming the object that did not get ready, and waits for nothing after it', () => {
    process.env.FAKE_FAIL_WAIT = 'backend-mtls-gateway';
    expect(() => deploy({ paths: [dist], log: () => undefined })).toThrow(
      /^Gateway httpbin-tls\/backend-mtls-gateway did not become Programmed within 180s: error: timed out/);
    expect(fake.calls().some((call) => call.includes('backendtlspolicy.gateway.networking.k8s.io/backend-mtls-policy'))).toBe(false);
  });

  test('destroy deletes what dist/ describes and tolerates objects already gone', () => {
    expect(destroy([dist], () => undefined)).toEqual(readManifests([dist]).length);
    expect(fake.calls()).toEqual([['delete', '--ignore-not-found', '--wait=true', '-f', dist]]);
  });

  test('smoke finds the Envoy Service by the Gateway\'s labels and requires the backend\'s proof of the client certificate', async () => {
    process.env.FAKE_HTTPBIN_BODY = verifiedBody('CN=envoygateway-client');
    const subject = await smoke({ paths: [dist], localPort: 28080 + (process.pid % 1000), log: (line) => lines.push(line) });
    expect(subject).toEqual('CN=envoygateway-client');
    const [get, forward] = fake.calls();
    expect(get).toEqual(['get', 'service', '-n', 'envoy-gateway-system', '-l',
      'gateway.envoyproxy.io/owning-gateway-name=backend-mtls-gateway,gateway.envoyproxy.io/owning-gateway-namespace=httpbin-tls',
      '-o', 'jsonpath={.items[0].metadata.name}']);
    expect(forward.slice(0, 4)).toEqual(['port-forward', '-n', 'envoy-gateway-system', 'service/envoy-httpbin-tls-backend-mtls-gateway-1a2b3c']);
    expect(forward[4]).toMatch(/^\d+:18080$/);
    expect(lines).toContain(`GET http://127.0.0.1:${forward[4].split(':')[0]}/get  Host: mtls-backend.demo.int`);
  });

  test('smoke fails when the backend reports no verified client certificate', async () => {
    process.env.FAKE_HTTPBIN_BODY = JSON.stringify({ headers: { 'X-Client-Verify': ['NONE'] } });
    await expect(smoke({ paths: [dist], localPort: 29080 + (process.pid % 1000), log: () => undefined }))
      .rejects.toThrow('the backend did not verify a client certificate (X-Client-Verify: NONE)');
  });
});

describe('what the operating scripts read from the manifests', () => {
  const objects = readManifests([dist]);

  test('the smoke target comes from the Gateway, the route and the client Certificate', () => {
    const target = smokeTarget(objects);
    expect([target.gateway.metadata.name, target.listenerPort, target.hostname, target.clientCommonName])
      .toEqual(['backend-mtls-gateway', 18080, 'mtls-backend.demo.int', 'envoygateway-client']);
  });

  test('the smoke target takes the Gateway\'s own client certificate over its EnvoyProxy\'s, as Envoy Gateway does', () => {
    const copy = structuredClone(objects);
    const gateway = copy.find((object) => object.kind === 'Gateway')!;
    gateway.spec.tls = { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: 'gateway-client-cert' } } };
    const proxyClient = copy.find((object) => object.kind === 'Certificate' && object.spec.commonName === 'envoygateway-client')!;
    copy.push({ ...structuredClone(proxyClient), metadata: { name: 'gateway-client', namespace: gateway.metadata.namespace },
      spec: { ...proxyClient.spec, secretName: 'gateway-client-cert', commonName: 'gateway-client' } });
    expect(smokeTarget(copy).clientCommonName).toEqual('gateway-client');
  });

  test('readiness gates cover every Certificate, Deployment, Gateway and BackendTLSPolicy', () => {
    expect(readinessGates(objects).map((gate) => `${gate.object.kind}:${gate.condition}`)).toEqual([
      'Certificate:Ready', 'Certificate:Ready', 'Certificate:Ready', 'Deployment:Available', 'Gateway:Programmed', 'BackendTLSPolicy:Accepted',
    ]);
  });

  test.each([
    ['another subject', JSON.stringify({ headers: { 'X-Client-Verify': 'SUCCESS', 'X-Client-Subject': 'CN=intruder' } }), /verified "CN=intruder", not Envoy's client certificate CN=envoygateway-client/],
    ['a lookalike CN', JSON.stringify({ headers: { 'X-Client-Verify': 'SUCCESS', 'X-Client-Subject': 'CN=envoygateway-client-x' } }), /not Envoy's client certificate/],
    ['no evidence', JSON.stringify({ headers: {} }), /X-Client-Verify: absent/],
    ['not JSON', '<html>503</html>', /not httpbin JSON/],
  ])('the mTLS evidence check rejects %s', (_case, body, message) => {
    expect(() => verifiedSubject(body, 'envoygateway-client')).toThrow(message);
  });

  test('the evidence check accepts the subject in either header shape', () => {
    expect(verifiedSubject(JSON.stringify({ headers: { 'x-client-verify': 'SUCCESS', 'x-client-subject': 'O=x,CN=envoygateway-client' } }), 'envoygateway-client'))
      .toEqual('O=x,CN=envoygateway-client');
  });
});
