import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..');

function synthBroken(broken: 'prop' | 'wiring') {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-broken-'));
  const result = spawnSync(process.execPath, ['-r', 'tsx/cjs', join(__dirname, 'fixtures', 'broken-app.ts')], {
    cwd: root, encoding: 'utf8', env: { ...process.env, CDK8S_OUTDIR: outdir, BROKEN: broken },
  });
  const written = readdirSync(outdir);
  rmSync(outdir, { recursive: true, force: true });
  return { status: result.status, stderr: result.stderr, stdout: result.stdout, written };
}

describe('a synth that fails', () => {
  test.each([
    ['a bad prop', 'prop' as const, 'backend-mtls/Setup: namespace "Bad_Namespace" must be a DNS-1123 label'],
    ['a broken wiring', 'wiring' as const, '[backend-mtls] Certificate httpbin-tls/envoygateway-client-cert (backend-mtls/Setup/ClientCertificate) and Certificate httpbin-tls/envoygateway-client-cert (backend-mtls/Twin) share kind, namespace and name'],
  ])('on %s exits 1, prints the message without a stack trace, and writes no manifest', (_case, broken, message) => {
    const result = synthBroken(broken);
    expect(result.status).toBe(1);
    expect(result.stderr.startsWith('synth failed:\n  ')).toBe(true);
    expect(result.stderr).toContain(message);
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.written).toEqual([]);
  });
});
