import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Testing, Yaml } from 'cdk8s';
import { BackendMtlsChart, BackendMtlsChartProps, EnvoyServiceType } from '../../lib';
import { deploy } from '../../tools/ops/deploy';
import { destroy } from '../../tools/ops/destroy';
import { readManifests } from '../../tools/ops/manifests';
import { envoyServiceOf, explainNotProgrammed, readinessGates } from '../../tools/ops/readiness';
import { smoke, smokeLocalPort, smokeTarget, verifiedSubject } from '../../tools/ops/smoke';
import { TYPESCRIPT_NODE } from '../support/typescript-node';
import { fakeKubectl } from './fake-kubectl';

const root = join(__dirname, '..', '..');
const dist = join(root, 'dist');
/** How deploy, smoke and destroy ask whether kubectl reaches the API server, before anything else. */
const preflight = ['version', '-o', 'json', '--request-timeout=5s'];
const programmed = (reason: string, message: string) => ({ type: 'Programmed', status: 'False', reason, message });

/** The manifests of a chart with the given props, written to a file as `npx cdk8s synth` would. */
function synthToFile(props: BackendMtlsChartProps): string {
  const file = join(mkdtempSync(join(tmpdir(), 'ops-manifests-')), 'chart.k8s.yaml');
  writeFileSync(file, Yaml.stringify(...Testing.synth(new BackendMtlsChart(Testing.app(), 'Chart', props))));
  return file;
}
const verifiedBody = (subject: string) => JSON.stringify({ headers: { 'X-Client-Verify': ['SUCCESS'], 'X-Client-Subject': [subject], Host: ['$HOST'] } });

describe('operating the rendered setup with kubectl (a recording stand-in)', () => {
  let fake: ReturnType<typeof fakeKubectl>;
  const lines: string[] = [];
  beforeEach(() => {
    fake = fakeKubectl();
    process.env.KUBECTL = fake.binary;
    delete process.env.FAKE_FAIL_WAIT;
    delete process.env.FAKE_STALLED_ROLLOUT;
    delete process.env.FAKE_CLIENT_LOG;
    delete process.env.FAKE_GATEWAY_STATUS;
    delete process.env.FAKE_UNREACHABLE;
    delete process.env.FAKE_CONTEXT;
    delete process.env.FAKE_PORT_FORWARD_ERROR;
    delete process.env.FAKE_PORT_FORWARD_BROKEN;
    lines.length = 0;
  });
  const kubeconfig = process.env.KUBECONFIG;
  afterEach(() => {
    if (kubeconfig === undefined) delete process.env.KUBECONFIG;
    else process.env.KUBECONFIG = kubeconfig;
  });
  afterAll(() => { delete process.env.KUBECTL; });

  test('deploy applies server-side, then waits for Certificates, the Deployment\'s rollout, the Gateway and the policy, in that order', () => {
    deploy({ paths: [dist], log: (line) => lines.push(line) });
    const calls = fake.calls();
    expect(calls.slice(0, 2)).toEqual([preflight, ['apply', '--server-side', '--field-manager=backend-mtls', '-f', dist]]);
    const waits = calls.filter((call) => call[0] === 'wait' || call[0] === 'rollout');
    expect(waits.map((call) => call[call.length - 1])).toEqual([
      'certificate.cert-manager.io/backend-mtls-ca',
      'certificate.cert-manager.io/envoygateway-client-cert',
      'certificate.cert-manager.io/httpbin-tls-cert',
      'deployment.apps/httpbin-tls',
      'gateway.gateway.networking.k8s.io/backend-mtls-gateway',
      'backendtlspolicy.gateway.networking.k8s.io/backend-mtls-policy',
    ]);
    expect(waits[waits.length - 1]).toContain('--for=jsonpath={.status.ancestors[0].conditions[?(@.type=="Accepted")].status}=True');
    expect(waits[3]).toEqual(['rollout', 'status', '-n', 'httpbin-tls', '--timeout=180s', 'deployment.apps/httpbin-tls']);
    expect(lines).toContain('ok:   Deployment httpbin-tls/httpbin-tls rolled out');
    expect(lines).toContain('wait: Gateway httpbin-tls/backend-mtls-gateway Programmed '
      + '(Envoy Service ClusterIP: EnvoyProxy httpbin-tls/custom-proxy-mtls spec.provider.kubernetes.envoyService.type) (up to 180s)');
    expect(lines[lines.length - 1]).toEqual('deploy: every object is ready and every Certificate healthy');
  });

  test('deploy fails naming the object that did not get ready, with kubectl\'s answer without client-go\'s log lines, and waits for nothing after it', () => {
    process.env.FAKE_FAIL_WAIT = 'httpbin-tls';
    process.env.FAKE_CLIENT_LOG = '1';
    expect(() => deploy({ paths: [dist], log: () => undefined })).toThrow(
      /^Deployment httpbin-tls\/httpbin-tls not rolled out within 180s: error: timed out waiting for the condition \(Waiting for deployment "httpbin-tls" rollout/);
    expect(fake.calls().some((call) => call.includes('gateway.gateway.networking.k8s.io/backend-mtls-gateway'))).toBe(false);
  });

  test('a re-deploy whose new pods never come up fails on the rollout, though the old ReplicaSet keeps the Deployment Available', () => {
    process.env.FAKE_STALLED_ROLLOUT = 'httpbin-tls';
    expect(() => deploy({ paths: [dist], log: () => undefined })).toThrow(new Error('Deployment httpbin-tls/httpbin-tls not rolled out within 180s: '
      + 'error: timed out waiting for the condition (Waiting for deployment "httpbin-tls" rollout to finish: 1 out of 2 new replicas have been updated...)'));
    expect(fake.calls().some((call) => call.includes('gateway.gateway.networking.k8s.io/backend-mtls-gateway'))).toBe(false);
  });

  test('a Gateway that is not Programmed is explained from its live condition: with ClusterIP, no Envoy replica is available', () => {
    process.env.FAKE_FAIL_WAIT = 'backend-mtls-gateway';
    process.env.FAKE_GATEWAY_STATUS = JSON.stringify({ addresses: [{ type: 'IPAddress', value: '10.96.7.7' }], conditions: [programmed('NoResources', 'Envoy replicas unavailable')] });
    expect(() => deploy({ paths: [dist], log: () => undefined })).toThrow(new RegExp('^Gateway httpbin-tls/backend-mtls-gateway not Programmed within 180s: '
      + 'Programmed=False NoResources: Envoy replicas unavailable; the Envoy Service is ClusterIP \\(EnvoyProxy httpbin-tls/custom-proxy-mtls '
      + 'spec.provider.kubernetes.envoyService.type\\) and has an address, but no Envoy replica is available'));
    expect(fake.calls()).toContainEqual(['get', '-n', 'httpbin-tls', 'gateway.gateway.networking.k8s.io/backend-mtls-gateway', '-o', 'json']);
    expect(fake.calls().some((call) => call.includes('backendtlspolicy.gateway.networking.k8s.io/backend-mtls-policy'))).toBe(false);
  });

  test('a LoadBalancer Gateway without an address fails with the fix: ClusterIP, or a load balancer for the cluster', () => {
    const manifests = synthToFile({ envoyServiceType: EnvoyServiceType.LOAD_BALANCER });
    process.env.FAKE_FAIL_WAIT = 'backend-mtls-gateway';
    process.env.FAKE_GATEWAY_STATUS = JSON.stringify({ conditions: [programmed('AddressNotAssigned', 'No addresses have been assigned to the Gateway')] });
    expect(() => deploy({ paths: [manifests], log: (line) => lines.push(line) })).toThrow(new RegExp([
      'Programmed=False AddressNotAssigned: No addresses have been assigned to the Gateway; ',
      'the Envoy Service is LoadBalancer \\(EnvoyProxy httpbin-tls/custom-proxy-mtls spec.provider.kubernetes.envoyService.type\\) ',
      'and no load balancer has assigned it an address. On a cluster without a load-balancer implementation \\(kind, minikube\\) ',
      'set envoyServiceType: EnvoyServiceType.CLUSTER_IP \\(npm run smoke port-forwards\\), or run one',
    ].join('')));
    expect(lines).toContainEqual(expect.stringMatching(/^wait: Gateway httpbin-tls\/backend-mtls-gateway Programmed \(Envoy Service LoadBalancer: /));
  });

  const operations: Array<[string, (paths: string[]) => unknown]> = [
    ['deploy', (paths) => deploy({ paths, log: () => undefined })],
    ['destroy', (paths) => destroy(paths, () => undefined)],
    ['smoke', (paths) => smoke({ paths, log: () => undefined })],
  ];

  test.each(operations)('%s without dist/ (a failed synth removes it) says to synthesize first and runs no kubectl', async (_command, run) => {
    const missing = join(mkdtempSync(join(tmpdir(), 'ops-no-dist-')), 'dist');
    await expect(async () => run([missing])).rejects.toThrow(
      `no such file or folder: ${missing}: run \`npm run synth\` first, or name manifests that exist`);
    mkdirSync(missing);
    await expect(async () => run([missing])).rejects.toThrow(`no YAML manifests in ${missing}: run \`npm run synth\` first`);
    expect(fake.calls()).toEqual([]);
  });

  test.each(operations)('%s against an unreachable cluster fails once, naming the context, its server and what to check, before any other kubectl call', async (_command, run) => {
    process.env.FAKE_UNREACHABLE = '1';
    process.env.KUBECONFIG = '/home/me/.kube/kind';
    await expect(async () => run([dist])).rejects.toThrow(new Error('kubectl cannot reach the Kubernetes API server (context "kind-backend-mtls", '
      + 'server https://127.0.0.1:6443): The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?\n'
      + 'Check KUBECONFIG (/home/me/.kube/kind), `kubectl config current-context`, and that the cluster is running'));
    expect(fake.calls().map((call) => call.slice(0, 2).join(' '))).toEqual(['version -o', 'config current-context', 'config view']);
  });

  test('without a current context, the preflight says so, and that KUBECONFIG is unset', () => {
    process.env.FAKE_UNREACHABLE = '1';
    process.env.FAKE_CONTEXT = '';
    delete process.env.KUBECONFIG;
    expect(() => destroy([dist], () => undefined)).toThrow(new RegExp('^kubectl cannot reach the Kubernetes API server \\(no current context: error: current-context is not set\\): '
      + 'The connection .*\\nCheck KUBECONFIG \\(unset, so ~/.kube/config\\), '));
  });

  test('destroy deletes what dist/ describes and tolerates objects already gone', () => {
    expect(destroy([dist], () => undefined)).toEqual(readManifests([dist]).length);
    expect(fake.calls()).toEqual([preflight, ['delete', '--ignore-not-found', '--wait=true', '-f', dist]]);
  });

  test('smoke finds the Envoy Service by the Gateway\'s labels and requires the backend\'s proof of the client certificate', async () => {
    process.env.FAKE_HTTPBIN_BODY = verifiedBody('CN=envoygateway-client');
    const subject = await smoke({ paths: [dist], localPort: 28080 + (process.pid % 1000), log: (line) => lines.push(line) });
    expect(subject).toEqual('CN=envoygateway-client');
    const calls = fake.calls();
    expect(calls[0]).toEqual(preflight);
    expect(calls.slice(1, 4).map((call) => call[3])).toEqual(['backend-mtls-ca', 'envoygateway-client-cert', 'httpbin-tls-cert'].map((name) => `certificate.cert-manager.io/${name}`));
    const [get, forward] = calls.slice(4);
    expect(get).toEqual(['get', 'service', '-n', 'envoy-gateway-system', '-l',
      'gateway.envoyproxy.io/owning-gateway-name=backend-mtls-gateway,gateway.envoyproxy.io/owning-gateway-namespace=httpbin-tls',
      '-o', 'jsonpath={.items[0].metadata.name}']);
    expect(forward.slice(0, 4)).toEqual(['port-forward', '-n', 'envoy-gateway-system', 'service/envoy-httpbin-tls-backend-mtls-gateway-1a2b3c']);
    expect(forward[4]).toMatch(/^\d+:18080$/);
    expect(lines).toContain(`GET http://127.0.0.1:${forward[4].split(':')[0]}/get  Host: mtls-backend.demo.int`);
  });

  test('smoke refuses a local port another process listens on, naming it and SMOKE_LOCAL_PORT, and starts no port-forward', async () => {
    const squatter = createServer((_request, response) => { response.statusCode = 404; response.end('not found'); });
    await new Promise<void>((resolve) => squatter.listen(0, '127.0.0.1', resolve));
    const port = (squatter.address() as AddressInfo).port;
    try {
      await expect(smoke({ paths: [dist], localPort: port, log: () => undefined })).rejects.toThrow(
        `127.0.0.1:${port} is already in use by another process, which would answer in Envoy's place: stop it, or set SMOKE_LOCAL_PORT to a free port`);
    } finally {
      await new Promise((resolve) => squatter.close(resolve));
    }
    expect(fake.calls().some((call) => call[0] === 'port-forward')).toBe(false);
  });

  test('smoke fails at once with kubectl\'s own message when the port-forward ends before the port opens', async () => {
    process.env.FAKE_PORT_FORWARD_ERROR = 'error: unable to forward port because pod is not running. Current status=Pending';
    const started = Date.now();
    const port = 30080 + (process.pid % 1000);
    await expect(smoke({ paths: [dist], localPort: port, log: () => undefined })).rejects.toThrow(new Error(
      `kubectl port-forward ended before 127.0.0.1:${port} opened: error: unable to forward port because pod is not running. Current status=Pending`));
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  test('smoke names what kubectl said when the forwarded connection drops', async () => {
    const said = 'E1203 12:00:00.000000   42 portforward.go:424] "Unhandled Error" err="an error occurred forwarding 18080 -> 18080: connection refused"';
    process.env.FAKE_PORT_FORWARD_BROKEN = said;
    await expect(smoke({ paths: [dist], localPort: 31080 + (process.pid % 1000), log: () => undefined }))
      .rejects.toThrow(new Error(`GET /get failed: socket hang up (kubectl port-forward: ${said})`));
  });

  test('npm run smoke with a SMOKE_LOCAL_PORT that is not a port says so, naming the variable, and runs no kubectl', () => {
    const [node, ...typescript] = TYPESCRIPT_NODE;
    const result = spawnSync(node, [...typescript, join(root, 'scripts', 'smoke.ts')], {
      cwd: root, encoding: 'utf8', timeout: 30_000, env: { ...process.env, SMOKE_LOCAL_PORT: 'abc' },
    });
    expect([result.status, result.stderr]).toEqual([1,
      'smoke: SMOKE_LOCAL_PORT is "abc": set it to a free local port, an integer from 1 to 65535, or unset it to use the listener\'s port\n']);
    expect(fake.calls()).toEqual([]);
  });

  test('smoke fails when the backend reports no verified client certificate', async () => {
    process.env.FAKE_HTTPBIN_BODY = JSON.stringify({ headers: { 'X-Client-Verify': ['NONE'] } });
    await expect(smoke({ paths: [dist], localPort: 29080 + (process.pid % 1000), log: () => undefined }))
      .rejects.toThrow('the backend did not verify a client certificate (X-Client-Verify: NONE)');
  });
});

describe('what the operating scripts read from the manifests', () => {
  const objects = readManifests([dist]);
  const addGatewayProxy = (copy: any[], spec: Record<string, unknown>) => {
    copy.find((object) => object.kind === 'Gateway').spec.infrastructure = { parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'gateway-proxy' } };
    copy.push({ apiVersion: 'gateway.envoyproxy.io/v1alpha1', kind: 'EnvoyProxy', metadata: { name: 'gateway-proxy', namespace: 'httpbin-tls' }, spec });
  };

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
      'Certificate:Ready', 'Certificate:Ready', 'Certificate:Ready', 'Deployment:rolled out', 'Gateway:Programmed', 'BackendTLSPolicy:Accepted',
    ]);
  });

  test.each<[string, (copy: any[]) => void, string | undefined, RegExp]>([
    ['the chart\'s EnvoyProxy', () => undefined, 'ClusterIP', /^EnvoyProxy httpbin-tls\/custom-proxy-mtls spec.provider.kubernetes.envoyService.type$/],
    ['a GatewayClass without an EnvoyProxy', (copy) => { delete copy.find((o) => o.kind === 'GatewayClass').spec.parametersRef; },
      'LoadBalancer', /^Envoy Gateway's default; no EnvoyProxy of Gateway httpbin-tls\/backend-mtls-gateway sets/],
    ['an EnvoyProxy without a type', (copy) => { delete copy.find((o) => o.kind === 'EnvoyProxy').spec.provider; },
      'LoadBalancer', /^Envoy Gateway's default; EnvoyProxy httpbin-tls\/custom-proxy-mtls sets no/],
    ['the Gateway\'s own EnvoyProxy, which replaces the class\'s', (copy) => addGatewayProxy(copy, {}),
      'LoadBalancer', /^Envoy Gateway's default; EnvoyProxy httpbin-tls\/gateway-proxy sets no/],
    ['the Gateway\'s own EnvoyProxy with a type', (copy) => addGatewayProxy(copy, { provider: { type: 'Kubernetes', kubernetes: { envoyService: { type: 'NodePort' } } } }),
      'NodePort', /^EnvoyProxy httpbin-tls\/gateway-proxy spec/],
    ['the Gateway\'s own EnvoyProxy merged over the class\'s', (copy) => addGatewayProxy(copy, { mergeType: 'StrategicMerge' }),
      'ClusterIP', /^EnvoyProxy httpbin-tls\/custom-proxy-mtls spec/],
    ['an EnvoyProxy that is not in the manifests', (copy) => copy.splice(copy.findIndex((o) => o.kind === 'EnvoyProxy'), 1),
      undefined, /^EnvoyProxy httpbin-tls\/custom-proxy-mtls is not in the manifests$/],
  ])('the Envoy Service type comes from %s', (_case, change, type, source) => {
    const copy = structuredClone(objects);
    change(copy);
    const gateway = copy.find((object) => object.kind === 'Gateway')!;
    expect(envoyServiceOf(copy, gateway)).toEqual({ ...(type ? { type } : {}), source: expect.stringMatching(source) });
  });

  test.each<[string, string | undefined, unknown, RegExp]>([
    ['a NodePort Gateway without an address waits for a node with a ready Envoy pod', 'NodePort',
      [programmed('AddressNotAssigned', 'No addresses have been assigned to the Gateway')], /Service is NodePort \(here\), whose addresses are those of the nodes running a ready Envoy pod/],
    ['a ClusterIP Gateway without an address has no Envoy Service yet', 'ClusterIP',
      [programmed('AddressNotAssigned', 'No addresses have been assigned to the Gateway')], /Service is ClusterIP \(here\), which has an address as soon as it exists: Envoy Gateway has not created it/],
    ['a Gateway of unknown Service type reports what Envoy Gateway said', undefined,
      [programmed('Invalid', 'bad listener')], /^Programmed=False Invalid: bad listener; the Envoy Service is of unknown type \(here\)$/],
    ['a Gateway of unknown Service type without an address reports what Envoy Gateway said', undefined,
      [programmed('AddressNotAssigned', 'none')], /^Programmed=False AddressNotAssigned: none; the Envoy Service is of unknown type \(here\)$/],
    ['a Gateway without a Programmed condition points at Envoy Gateway', 'ClusterIP', [], /^Envoy Gateway has not reported Programmed: is Envoy Gateway running/],
  ])('the Programmed explanation: %s', (_case, type, conditions, message) => {
    const gateway = objects.find((object) => object.kind === 'Gateway')!;
    const gate = { object: gateway, condition: 'Programmed', waitFor: 'condition=Programmed', envoyService: { type, source: 'here' } };
    expect(explainNotProgrammed(gate, { status: { conditions } })).toMatch(message);
  });

  test.each([
    ['another subject', JSON.stringify({ headers: { 'X-Client-Verify': 'SUCCESS', 'X-Client-Subject': 'CN=intruder' } }), /verified "CN=intruder", not Envoy's client certificate CN=envoygateway-client/],
    ['a lookalike CN', JSON.stringify({ headers: { 'X-Client-Verify': 'SUCCESS', 'X-Client-Subject': 'CN=envoygateway-client-x' } }), /not Envoy's client certificate/],
    ['no evidence', JSON.stringify({ headers: {} }), /X-Client-Verify: absent/],
    ['not JSON', '<html>503</html>', /not httpbin JSON/],
  ])('the mTLS evidence check rejects %s', (_case, body, message) => {
    expect(() => verifiedSubject(body, 'envoygateway-client')).toThrow(message);
  });

  test.each(['abc', '0', '65536', '80.5', '-1', '0x50'])('SMOKE_LOCAL_PORT=%s is refused, naming the variable, the value and the range', (value) => {
    expect(() => smokeLocalPort(value)).toThrow(`SMOKE_LOCAL_PORT is "${value}": set it to a free local port, an integer from 1 to 65535`);
  });

  test('SMOKE_LOCAL_PORT unset or empty leaves the listener\'s port; a port is taken as it is', () => {
    expect([smokeLocalPort(undefined), smokeLocalPort(''), smokeLocalPort('1'), smokeLocalPort('65535')]).toEqual([undefined, undefined, 1, 65535]);
  });

  test('the evidence check accepts the subject in either header shape', () => {
    expect(verifiedSubject(JSON.stringify({ headers: { 'x-client-verify': 'SUCCESS', 'x-client-subject': 'O=x,CN=envoygateway-client' } }), 'envoygateway-client'))
      .toEqual('O=x,CN=envoygateway-client');
  });
});
