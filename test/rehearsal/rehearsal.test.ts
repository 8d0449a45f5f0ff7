import { promises as fs, readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CASE_NAMES, rehearse, RehearsalResult } from '../../tools/rehearsal/rehearsal';
import { formatReport } from '../../tools/rehearsal/report';
import { caseNamed, nginxConfOf, synthesizedChart } from './chart-objects';
import { one } from '../support/manifests';

/** Processes whose command line mentions a path: what the rehearsal left running there. */
function processesUsing(dir: string): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      return commandLine.includes(dir) ? [`${pid}: ${commandLine}`] : [];
    } catch {
      return [];
    }
  });
}

describe('the rehearsal of the default chart', () => {
  let workDir: string;
  let result: RehearsalResult;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rehearsal-test-'));
    result = await rehearse(synthesizedChart(), { workDir, keepWorkDir: true });
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  test('rehearses the one backend with all six cases passing', () => {
    expect(result.backends.map((backend) => backend.service)).toEqual(['Service httpbin-tls/httpbin-tls port https']);
    expect(result.backends[0].cases.map((outcome) => [outcome.name, outcome.passed])).toEqual(CASE_NAMES.map((name) => [name, true]));
    expect(result.passed).toBe(true);
  });

  test('the valid path answers 200 and the upstream saw the client certificate subject, verified', () => {
    expect(caseNamed(result, 'valid path').outcome).toEqual({ kind: 'response', status: 200, reason: '' });
    expect(caseNamed(result, 'valid path').got).toBe('200; upstream saw subject "CN=envoygateway-client", verify SUCCESS');
  });

  test('nginx refuses a caller without a client certificate', () => {
    expect(caseNamed(result, 'no client certificate').outcome).toEqual({ kind: 'response', status: 400, reason: 'No required SSL certificate was sent' });
  });

  test.each(['client certificate from another CA', 'expired client certificate'] as const)('nginx refuses the case "%s"', (name) => {
    expect(caseNamed(result, name).outcome).toEqual({ kind: 'response', status: 400, reason: 'The SSL certificate error' });
    expect(caseNamed(result, name).got).toMatch(/upstream saw nothing$/);
  });

  test('Envoy refuses a server certificate without the policy hostname', () => {
    expect(caseNamed(result, 'server certificate without the policy hostname').outcome).toMatchObject({ kind: 'client-refused', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });

  test('Envoy refuses a server certificate from another CA with the same name', () => {
    expect(caseNamed(result, 'server certificate from another CA').outcome).toMatchObject({ kind: 'client-refused', code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE' });
  });

  test('the report has one line per case saying what was expected and what happened, and a summary', () => {
    const lines = formatReport(result).trimEnd().split('\n');
    expect(lines.filter((line) => /^(PASS|FAIL) {2}/.test(line))).toEqual(CASE_NAMES.map((name) => expect.stringMatching(new RegExp(`^PASS {2}${name}: expected .+, got .+`))));
    expect(lines).toContain('PASS  no client certificate: expected refused by the backend, got 400 No required SSL certificate was sent; upstream saw nothing');
    expect(lines[lines.length - 1]).toMatch(/^All 6 cases passed in \d+\.\d s\.$/);
  });

  test('nginx ran with the chart\'s conf changed only in paths, loopback listens and the upstream port', async () => {
    const conf = await fs.readFile(path.join(workDir, 'backend-0/fronts/chart/etc/nginx/mtls/nginx.conf'), 'utf8');
    const chartConf = nginxConfOf(synthesizedChart());
    const normalize = (text: string) => text
      .replaceAll(path.join(workDir, 'backend-0/fronts/chart'), '')
      .replace(/listen 127\.0\.0\.1:\d+/g, 'listen PORT')
      .replace(/server 127\.0\.0\.1:\d+;/g, 'server UPSTREAM;');
    expect(normalize(conf)).toEqual(normalize(chartConf.replace(/listen \d+/g, 'listen PORT')));
    expect(conf.match(/^\s*listen .*$/gm)!.every((line) => /listen 127\.0\.0\.1:\d+/.test(line))).toBe(true);
  });

  test('every process it started is gone when it returns', () => {
    expect(processesUsing(workDir)).toEqual([]);
  });

  test('processes are stopped when the rehearsal fails, too', async () => {
    const objects = synthesizedChart();
    one(objects, 'Deployment').spec.template.spec.containers[0].readinessProbe.httpGet.path = '/not-a-health-endpoint';
    const failingDir = await fs.mkdtemp(path.join(os.tmpdir(), 'rehearsal-test-failing-'));
    try {
      await expect(rehearse(objects, { workDir: failingDir, keepWorkDir: true, readyTimeoutMs: 500 }))
        .rejects.toThrow(/container tls-front: nginx did not become ready: not ready after 500 ms \(readiness probe \/not-a-health-endpoint answered 404\)/);
      expect(processesUsing(failingDir)).toEqual([]);
    } finally {
      await fs.rm(failingDir, { recursive: true, force: true });
    }
  });

  test('a certificate that cannot be issued fails the rehearsal, naming the usage, and removes its work folder', async () => {
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

  test('an nginx.conf nginx refuses fails the rehearsal with nginx\'s own words', async () => {
    const objects = synthesizedChart();
    const configMap = one(objects, 'ConfigMap');
    configMap.data['nginx.conf'] = configMap.data['nginx.conf'].replace('ssl_verify_depth 2;', 'ssl_verify_depth 2;\n    ssl_verify_everything on;');
    await expect(rehearse(objects)).rejects.toThrow(/nginx did not become ready: nginx exited with 1 before it was ready\n--- nginx output ---\n.*unknown directive "ssl_verify_everything"/);
  });
});

describe('a policy with validation.subjectAltNames', () => {
  test('Envoy verifies those names instead of the hostname, which stays the SNI', async () => {
    const objects = synthesizedChart();
    one(objects, 'BackendTLSPolicy').spec.validation.subjectAltNames = [{ type: 'Hostname', hostname: 'httpbin-tls.httpbin-tls.svc' }];
    const result = await rehearse(objects);
    expect(result.backends[0].cases.map((outcome) => [outcome.name, outcome.passed])).toEqual(CASE_NAMES.map((name) => [name, true]));
    expect(caseNamed(result, 'server certificate without the policy hostname').got)
      .toBe('refused by the client: ERR_TLS_CERT_ALTNAME_INVALID (the server certificate\'s names [DNS:httpbin-tls, DNS:httpbin-tls.httpbin-tls] match none of the policy\'s subjectAltNames)');
  });
});
