import { join } from 'node:path';
import { certificateHealthTable } from '../../tools/ops/certificate-health';
import { deploy } from '../../tools/ops/deploy';
import { smoke } from '../../tools/ops/smoke';
import { fakeKubectl } from './fake-kubectl';

const dist = join(__dirname, '..', '..', 'dist');
const hour = 3600 * 1000;
const day = 24 * hour;
/** An RFC 3339 time `offset` milliseconds from now, as cert-manager writes it. */
const at = (offset: number) => new Date(Date.now() + offset).toISOString().replace(/\.\d+Z$/, 'Z');
const ready = (status: string, reason: string, message: string) => ({ type: 'Ready', status, reason, message });
const issuing = (status: string, reason: string, message: string) => ({ type: 'Issuing', status, reason, message });
const upToDate = ready('True', 'Ready', 'Certificate is up to date and has not expired');

describe('deploy and smoke report each Certificate\'s health from its status (kubectl: a recording stand-in)', () => {
  let fake: ReturnType<typeof fakeKubectl>;
  const lines: string[] = [];
  const log = (line: string) => lines.push(line);
  beforeEach(() => {
    fake = fakeKubectl();
    process.env.KUBECTL = fake.binary;
    delete process.env.FAKE_CERTIFICATES;
    delete process.env.FAKE_CLIENT_LOG;
    lines.length = 0;
  });
  afterAll(() => {
    delete process.env.KUBECTL;
    delete process.env.FAKE_CERTIFICATES;
    delete process.env.FAKE_CLIENT_LOG;
  });
  const tableRow = (name: string) => lines.find((line) => line.trimStart().startsWith(`httpbin-tls/${name} `))?.trim().split(/\s{2,}/);

  test('ready and healthy: deploy reads every Certificate after the waits and prints Ready, notAfter and renewalTime', () => {
    deploy({ paths: [dist], log });
    const reads = fake.calls().filter((call) => call[0] === 'get');
    expect(reads).toEqual(['backend-mtls-ca', 'envoygateway-client-cert', 'httpbin-tls-cert']
      .map((name) => ['get', '-n', 'httpbin-tls', `certificate.cert-manager.io/${name}`, '-o', 'json']));
    expect(fake.calls().findIndex((call) => call[0] === 'get')).toBeGreaterThan(fake.calls().map((call) => call[0]).lastIndexOf('wait'));
    const header = lines.find((line) => line.includes('CERTIFICATE'))!.trim().split(/\s{2,}/);
    expect(header).toEqual(['CERTIFICATE', 'READY', 'NOT AFTER', 'RENEWAL TIME', 'VERDICT']);
    const row = tableRow('httpbin-tls-cert')!;
    expect([row[1], row[4]]).toEqual(['True', 'ok']);
    expect(row[2]).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(in 90d\)$/);
    expect(row[3]).toMatch(/ \(in 75d\)$/);
    expect(lines[lines.length - 1]).toEqual('deploy: every object is ready and every Certificate healthy');
  });

  test.each<[string, Record<string, unknown>, RegExp]>([
    ['not Ready', { conditions: [ready('False', 'DoesNotExist', 'Issuing certificate as Secret does not exist')] },
      /Certificate httpbin-tls\/httpbin-tls-cert: not Ready \(Ready=False: DoesNotExist: Issuing certificate as Secret does not exist\)/],
    ['set to expire before its renewal time', { conditions: [upToDate], notAfter: at(10 * day), renewalTime: at(20 * day) },
      /Certificate httpbin-tls\/httpbin-tls-cert: expires at \S+, before its renewal time \S+: it would lapse before cert-manager renews it$/],
    ['expired', { conditions: [ready('False', 'Expired', 'Certificate expired')], notAfter: at(-hour), renewalTime: at(-15 * day) },
      /Certificate httpbin-tls\/httpbin-tls-cert: not Ready \(Ready=False: Expired: Certificate expired\); expired at \S+; past its renewal time \S+ and not renewing$/],
    ['past its renewal time and not renewing', { conditions: [upToDate, issuing('False', 'Failed', 'issuer not ready')], notAfter: at(5 * day), renewalTime: at(-day) },
      /Certificate httpbin-tls\/httpbin-tls-cert: past its renewal time \S+ and not renewing \(Issuing=False: Failed: issuer not ready\)$/],
    ['without a renewal time', { conditions: [upToDate], notAfter: at(90 * day) },
      /Certificate httpbin-tls\/httpbin-tls-cert: has no valid status.renewalTime \(undefined\): cert-manager has scheduled no renewal$/],
    ['not in the cluster', null as unknown as Record<string, unknown>,
      /Certificate httpbin-tls\/httpbin-tls-cert: cannot be read from the cluster \(Error from server \(NotFound\): certificates.cert-manager.io "httpbin-tls-cert" not found\)$/],
  ])('%s: deploy fails naming that Certificate and what is wrong, after printing the table', (_verdict, status, message) => {
    process.env.FAKE_CERTIFICATES = JSON.stringify({ 'httpbin-tls-cert': status });
    const failure = (() => {
      try {
        deploy({ paths: [dist], log });
      } catch (error) {
        return (error as Error).message;
      }
      return 'deploy succeeded';
    })();
    expect(failure).toMatch(message);
    expect(failure).toMatch(/^1 of 3 Certificates unhealthy:\n {2}Certificate httpbin-tls\/httpbin-tls-cert: [^\n]+$/);
    expect([tableRow('httpbin-tls-cert')![4], tableRow('backend-mtls-ca')![4]]).toEqual(['FAIL', 'ok']);
  });

  test('a Certificate that cannot be read is reported with kubectl\'s answer alone, without client-go\'s discovery log lines', async () => {
    process.env.FAKE_CLIENT_LOG = '1';
    process.env.FAKE_CERTIFICATES = JSON.stringify({ 'httpbin-tls-cert': null });
    await expect(smoke({ paths: [dist], log })).rejects.toThrow(new Error('1 of 3 Certificates unhealthy:\n  Certificate httpbin-tls/httpbin-tls-cert: '
      + 'cannot be read from the cluster (Error from server (NotFound): certificates.cert-manager.io "httpbin-tls-cert" not found)'));
  });

  test('past its renewal time while cert-manager issues the new certificate: reported as renewing, and deploy succeeds', () => {
    process.env.FAKE_CERTIFICATES = JSON.stringify({
      'envoygateway-client-cert': { conditions: [upToDate, issuing('True', 'Renewing', 'Renewing certificate as renewal was scheduled')], notAfter: at(15 * day), renewalTime: at(-hour) },
    });
    deploy({ paths: [dist], log });
    expect(lines.find((line) => line.trimStart().startsWith('httpbin-tls/envoygateway-client-cert'))).toMatch(/\(6\dm ago\)\s+renewing$/);
    expect(lines).toContainEqual(expect.stringMatching(/envoygateway-client-cert: past its renewal time \S+, cert-manager is issuing \(Issuing=True: Renewing/));
  });

  test('smoke reports the same table first, and fails on an unhealthy Certificate before it port-forwards', async () => {
    process.env.FAKE_CERTIFICATES = JSON.stringify({ 'backend-mtls-ca': { conditions: [upToDate], notAfter: at(-day), renewalTime: at(-31 * day) } });
    await expect(smoke({ paths: [dist], log })).rejects.toThrow(/Certificate httpbin-tls\/backend-mtls-ca: expired at \S+; past its renewal time/);
    expect(tableRow('backend-mtls-ca')!.slice(1)).toEqual(['True', expect.stringMatching(/\(24h ago\)$/), expect.stringMatching(/\(31d ago\)$/), 'FAIL']);
    expect(fake.calls().some((call) => call[0] === 'port-forward')).toBe(false);
  });
});

describe('the certificate health table', () => {
  test('aligns its columns and names the times relative to now', () => {
    const now = new Date('2026-01-01T00:00:00Z');
    expect(certificateHealthTable([
      { certificate: 'Certificate ns/a', ready: 'True', notAfter: '2026-01-01T01:30:00Z', renewalTime: '2025-12-31T23:00:00Z', verdict: 'renewing', findings: [] },
      { certificate: 'Certificate ns/long-name', ready: '-', verdict: 'FAIL', findings: ['not found'] },
    ], now)).toEqual([
      'CERTIFICATE   READY  NOT AFTER                      RENEWAL TIME                    VERDICT',
      'ns/a          True   2026-01-01T01:30:00Z (in 90m)  2025-12-31T23:00:00Z (60m ago)  renewing',
      'ns/long-name  -      -                              -                               FAIL',
    ]);
  });
});
