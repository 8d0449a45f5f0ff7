import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration } from 'cdk8s';
import { Pki } from '../../tools/rehearsal/pki';
import { CASE_NAMES, rehearse, RehearsalResult } from '../../tools/rehearsal/rehearsal';
import { formatReport } from '../../tools/rehearsal/report';
import { one } from '../support/manifests';
import { processesUsing } from '../support/processes';
import { caseNamed, nginxConfOf, synthesizedChart } from './chart-objects';

// One PKI for the file: a certificate whose spec a test leaves alone is issued once, not once per rehearsal.
let pkiDir: string;
let pki: Pki;

/** The charts the describes below rehearse, besides the default one. */
const variantCharts = {
  subjectAltNames: () => {
    const objects = synthesizedChart();
    one(objects, 'BackendTLSPolicy').spec.validation.subjectAltNames = [{ type: 'Hostname', hostname: 'httpbin-tls.httpbin-tls.svc' }];
    return objects;
  },
  escapedCommonName: () => synthesizedChart({ clientCommonName: 'envoy, "edge"+x' }),
  separateClientCa: () => synthesizedChart({ separateClientCa: true }),
  clientFromServerCa: () => {
    const objects = synthesizedChart({ separateClientCa: true });
    one(objects, 'Certificate', 'envoygateway-client-cert').spec.issuerRef.name = 'backend-mtls-ca-issuer';
    return objects;
  },
};
// Their rehearsals start with the file, beside the default chart's (each has its own folders, ports and nginx, and
// they mostly wait on nginx and the handshakes); each test awaits its own, and sees its failure if it failed.
let variants: { [name in keyof typeof variantCharts]: Promise<RehearsalResult> };

beforeAll(async () => {
  pkiDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rehearsal-test-pki-'));
  await fs.chmod(pkiDir, 0o755);
  pki = new Pki(pkiDir);
  variants = Object.fromEntries(Object.entries(variantCharts).map(([name, chart]) => {
    const run = rehearse(chart(), { pki });
    // Reported by the test that awaits it, not as an unhandled rejection meanwhile.
    run.catch(() => undefined);
    return [name, run];
  })) as typeof variants;
});
afterAll(async () => {
  // Every rehearsal has stopped its processes and written its last file before the PKI folder goes.
  await Promise.allSettled(Object.values(variants ?? {}));
  await fs.rm(pkiDir, { recursive: true, force: true });
});

describe('the rehearsal of the default chart', () => {
  let workDir: string;
  let result: RehearsalResult;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rehearsal-test-'));
    result = await rehearse(synthesizedChart(), { workDir, keepWorkDir: true, pki });
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  test('rehearses the one backend with every case passing', () => {
    expect(result.backends.map((backend) => backend.service)).toEqual(['Service httpbin-tls/httpbin-tls port https']);
    expect(result.backends[0].cases.map((outcome) => [outcome.name, outcome.passed])).toEqual(CASE_NAMES.map((name) => [name, true]));
    expect(result.passed).toBe(true);
  });

  test('the valid path answers 200 and the upstream saw the client certificate subject, verified', () => {
    expect(caseNamed(result, 'valid path').outcome).toMatchObject({ kind: 'response', status: 200, reason: '' });
    expect(caseNamed(result, 'valid path').got).toBe('200; upstream saw subject "CN=envoygateway-client", verify SUCCESS');
  });

  test('nginx refuses a caller without a client certificate', () => {
    expect(caseNamed(result, 'no client certificate').outcome).toMatchObject({ kind: 'response', status: 400, reason: 'No required SSL certificate was sent' });
  });

  test.each(['client certificate from another CA', 'expired client certificate', 'client certificate through an intermediate CA'] as const)('nginx refuses the case "%s"', (name) => {
    expect(caseNamed(result, name).outcome).toMatchObject({ kind: 'response', status: 400, reason: 'The SSL certificate error' });
    expect(caseNamed(result, name).got).toMatch(/upstream saw nothing$/);
  });

  test('Envoy refuses a server certificate without the policy hostname', () => {
    expect(caseNamed(result, 'server certificate without the policy hostname').outcome).toMatchObject({ kind: 'client-refused', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  test('Envoy refuses a server certificate from another CA with the same name', () => {
    expect(caseNamed(result, 'server certificate from another CA').outcome).toMatchObject({ kind: 'client-refused', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  test('a certificate from the CA with a subject other than Envoy\'s gets 403 and never reaches the upstream', () => {
    expect(caseNamed(result, 'client certificate from the CA with another identity').outcome).toMatchObject({ kind: 'response', status: 403 });
    expect(caseNamed(result, 'client certificate from the CA with another identity').got).toBe('403 Forbidden; upstream saw nothing');
  });

  test('forged identity headers on the TLS port are overwritten with the verified ones, and X-Forwarded-For is nginx\'s', () => {
    expect(caseNamed(result, 'forged X-Client-* headers on the TLS port').passed).toBe(true);
    expect(caseNamed(result, 'forged X-Client-* headers on the TLS port').got).toBe('200; upstream saw subject "CN=envoygateway-client", verify SUCCESS');
  });

  test('the health port forwards none of a caller\'s headers to the upstream', () => {
    expect(caseNamed(result, 'forged X-Client-* headers on the health port').got).toBe('200; upstream health check carried no caller header');
  });

  test('Envoy\'s default offer to a backend (TLS 1.2 at most, ECDHE AEAD suites) is accepted', () => {
    expect(caseNamed(result, 'Envoy\'s default TLS 1.2 offer').got).toBe('200; upstream saw subject "CN=envoygateway-client", verify SUCCESS');
  });

  test.each(['TLS 1.0 and 1.1 client', 'TLS 1.2 client offering only CBC suites'] as const)('nginx ends the handshake of a "%s"', (name) => {
    expect(caseNamed(result, name).outcome).toMatchObject({ kind: 'server-alert' });
    expect(caseNamed(result, name).got).toMatch(name.startsWith('TLS 1.0') ? /protocol version/ : /handshake failure/);
  });

  test('the access log names every caller with its verification result, refused ones included', async () => {
    const log = await fs.readFile(path.join(workDir, 'backend-0/fronts/chart/nginx.log'), 'utf8');
    expect(log).toMatch(/"GET \/anything\/rehearsal-case-0 HTTP\/1.1" 200 \d+ verify=SUCCESS subject="CN=envoygateway-client"/);
    expect(log).toMatch(/"GET \/anything\/rehearsal-case-1 HTTP\/1.1" 400 \d+ verify=NONE subject="-"/);
    expect(log).toMatch(/"GET \/anything\/rehearsal-case-2 HTTP\/1.1" 400 \d+ verify=FAILED:unable to verify the first certificate subject="CN=envoygateway-client"/);
    expect(log).toMatch(/"GET \/anything\/rehearsal-case-7 HTTP\/1.1" 400 \d+ verify=FAILED:unable to get local issuer certificate subject="CN=envoygateway-client" issuer="CN=backend-mtls-ca-intermediate"/);
    expect(log).toMatch(/"GET \/anything\/rehearsal-case-6 HTTP\/1.1" 403 \d+ verify=SUCCESS subject="CN=intruder"/);
  });

  test('the report has one line per case saying what was expected and what happened, and a summary', () => {
    const lines = formatReport(result).trimEnd().split('\n');
    expect(lines.filter((line) => /^(PASS|FAIL) {2}/.test(line))).toEqual(CASE_NAMES.map((name) => expect.stringMatching(new RegExp(`^PASS {2}${name.replace(/[*.]/g, '\\$&')}: expected .+, got .+`))));
    expect(lines).toContain('PASS  no client certificate: expected refused by the backend, got 400 No required SSL certificate was sent; upstream saw nothing');
    expect(lines[lines.length - 1]).toMatch(new RegExp(`^All ${CASE_NAMES.length} cases passed in \\d+\\.\\d s\\.$`));
  });

  test('nginx ran, through the chart\'s certificate reloader, with the chart\'s conf changed only in paths, loopback listens and the upstream port', async () => {
    const conf = await fs.readFile(path.join(workDir, 'backend-0/fronts/chart/etc/nginx/mtls/nginx.conf'), 'utf8');
    const chartConf = nginxConfOf(synthesizedChart());
    const normalize = (text: string) => text
      .replaceAll(path.join(workDir, 'backend-0/fronts/chart'), '')
      .replace(/listen 127\.0\.0\.1:\d+/g, 'listen PORT')
      .replace(/server 127\.0\.0\.1:\d+;/g, 'server UPSTREAM;');
    expect(normalize(conf)).toEqual(normalize(chartConf.replace(/listen \d+/g, 'listen PORT')));
    expect(conf.match(/^\s*listen .*$/gm)!.every((line) => /listen 127\.0\.0\.1:\d+/.test(line))).toBe(true);
    const script = await fs.readFile(path.join(workDir, 'backend-0/fronts/chart/etc/nginx/mtls/certificate-reloader.sh'), 'utf8');
    expect(script).toBe(one(synthesizedChart(), 'ConfigMap').data['certificate-reloader.sh']);
  });

  test('the server certificate Secret is laid out as the kubelet does, readable by nginx\'s group only', async () => {
    const tls = path.join(workDir, 'backend-0/fronts/chart/etc/nginx/tls');
    expect(await fs.readlink(path.join(tls, 'tls.key'))).toBe('..data/tls.key');
    expect(await fs.readlink(path.join(tls, '..data'))).toMatch(/^\.\.\d{4}_/);
    const key = await fs.stat(path.join(tls, 'tls.key'));
    expect((key.mode & 0o777).toString(8)).toBe('440');
    if (process.getuid?.() === 0) expect(key.gid).toBe(101);
  });

  test('every process it started is gone when it returns', () => {
    expect(processesUsing(workDir)).toEqual([]);
  });

  test.concurrent('processes are stopped when the rehearsal fails, too', async () => {
    const objects = synthesizedChart();
    one(objects, 'Deployment').spec.template.spec.containers[0].readinessProbe.httpGet.path = '/not-a-health-endpoint';
    const failingDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rehearsal-test-failing-'));
    try {
      await expect(rehearse(objects, { workDir: failingDir, keepWorkDir: true, readyTimeoutMs: 500, pki }))
        .rejects.toThrow(/container tls-front: nginx did not become ready: not ready after 500 ms \(readiness probe \/not-a-health-endpoint answered 404\)/);
      expect(processesUsing(failingDir)).toEqual([]);
    } finally {
      await fs.rm(failingDir, { recursive: true, force: true });
    }
  });

  test.concurrent('a certificate that cannot be issued fails the rehearsal, naming the usage, and removes its work folder', async () => {
    const objects = synthesizedChart();
    one(objects, 'Certificate', 'envoygateway-client-cert').spec.usages = ['client-auth'];
    const failingDir = path.join(await fs.mkdtemp(path.join(os.tmpdir(), 'rehearsal-test-issue-')), 'work');
    await fs.mkdir(failingDir);
    await expect(rehearse(objects, { workDir: failingDir })).rejects.toThrow('usages ["client-auth"] are not cert-manager usages; cert-manager would refuse to issue the certificate');
    // Anything still issuing would recreate folders after the cleanup.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(fs.access(failingDir)).rejects.toThrow(/ENOENT/);
    await fs.rm(path.dirname(failingDir), { recursive: true, force: true });
  });

  test.concurrent('an nginx.conf nginx refuses fails the rehearsal with nginx\'s own words', async () => {
    // A one-second certificate check: the reloader, the container's main process, notices nginx's exit within a second.
    const objects = synthesizedChart({ httpbin: { certificateCheckInterval: Duration.seconds(1) } });
    const configMap = one(objects, 'ConfigMap');
    configMap.data['nginx.conf'] = configMap.data['nginx.conf'].replace('ssl_verify_depth 0;', 'ssl_verify_depth 0;\n    ssl_verify_everything on;');
    await expect(rehearse(objects, { pki })).rejects.toThrow(/nginx did not become ready: nginx exited with 1 before it was ready\n--- nginx output ---\n.*unknown directive "ssl_verify_everything"/);
  });
});

describe('a policy with validation.subjectAltNames', () => {
  test('Envoy verifies those names instead of the hostname, which stays the SNI', async () => {
    const result = await variants.subjectAltNames;
    expect(result.backends[0].cases.map((outcome) => [outcome.name, outcome.passed])).toEqual(CASE_NAMES.map((name) => [name, true]));
    expect(caseNamed(result, 'server certificate without the policy hostname').got)
      .toBe('refused by the client: ERR_TLS_CERT_ALTNAME_INVALID (the server certificate\'s names [DNS:httpbin-tls, DNS:httpbin-tls.httpbin-tls] match none of the policy\'s subjectAltNames)');
  });
});

describe('a client common name with characters RFC 2253 escapes', () => {
  test('the front pins the subject as nginx reports it: Envoy\'s certificate passes, another identity gets 403', async () => {
    const result = await variants.escapedCommonName;
    expect(result.backends[0].cases.map((outcome) => [outcome.name, outcome.passed])).toEqual(CASE_NAMES.map((name) => [name, true]));
    expect(caseNamed(result, 'valid path').got).toBe('200; upstream saw subject "CN=envoy\\, \\"edge\\"\\+x", verify SUCCESS');
  });
});

describe('separateClientCa', () => {
  test('every case passes, and a client certificate from the server\'s CA is refused in the handshake\'s verification', async () => {
    const { cases } = (await variants.separateClientCa).backends[0];
    expect(cases.map((outcome) => [outcome.name, outcome.passed])).toEqual(CASE_NAMES.map((name) => [name, true]));
    const fromServerCa = await variants.clientFromServerCa;
    expect(caseNamed(fromServerCa, 'valid path').got).toBe('400 The SSL certificate error; upstream saw nothing');
  });
});
