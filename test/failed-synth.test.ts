import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CDK8S_CLI, TYPESCRIPT_NODE } from './support/typescript-node';

const root = join(__dirname, '..');
const brokenApp = join(__dirname, 'fixtures', 'broken-app.ts');

/** A CLI stack frame, or cdk8s-cli's own report of a failed app: neither belongs in a failed synth's output. */
const NOISE = /^\s+at |^Error: command /m;
const [node, ...typescript] = TYPESCRIPT_NODE;

function synthBroken(broken: 'prop' | 'wiring') {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-broken-'));
  const result = spawnSync(node, [...typescript, brokenApp], {
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
    expect(result.stderr).not.toMatch(NOISE);
    expect(result.written).toEqual([]);
  });
});

/**
 * `npm run synth` and `cdk8s synth` in a copy of the project whose cdk8s.yaml runs the broken app: the
 * repository's cdk8s.yaml with only `app:` changed, the committed dist/, and the repository's node_modules.
 */
describe('in a project whose app fails', () => {
  let project: string;
  beforeEach(() => {
    project = mkdtempSync(join(tmpdir(), 'backend-mtls-synth-'));
    const config = readFileSync(join(root, 'cdk8s.yaml'), 'utf8')
      .replace(/^app: .*$/m, `app: ${TYPESCRIPT_NODE.join(' ')} ${brokenApp}`)
      .replace('./scripts/cdk8s-validation-plugin.js', join(root, 'scripts', 'cdk8s-validation-plugin.js'));
    writeFileSync(join(project, 'cdk8s.yaml'), config);
    symlinkSync(join(root, 'node_modules'), join(project, 'node_modules'));
    cpSync(join(root, 'dist'), join(project, 'dist'), { recursive: true });
  });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  /** Every file of the project's dist/ with its bytes. */
  const distOf = (dir: string) => Object.fromEntries(readdirSync(join(dir, 'dist')).map((file) => [file, readFileSync(join(dir, 'dist', file))]));

  function npmRunSynth(broken: string) {
    const result = spawnSync(node, [...typescript, join(root, 'scripts', 'synth.ts')], {
      cwd: project, encoding: 'utf8', env: { ...process.env, BROKEN: broken },
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr, staged: readdirSync(project).some((file) => file.startsWith('.synth')) };
  }

  test.each([
    ['a bad prop', 'prop', 1, 'synth failed:\n  backend-mtls/Setup: namespace "Bad_Namespace" must be a DNS-1123 label'],
    ['an admission rejection', 'admission', 2,
      'synth failed: the API server would reject this:\n  backend-mtls.k8s.yaml: Certificate httpbin-tls/httpbin-tls-cert: spec.duration: Invalid value: "integer": spec.duration in body must be of type string: "integer"\n'],
  ])('`npm run synth` on %s exits non-zero with the messages alone, dist/ byte for byte as it was, and no rejected manifest left', (_case, broken, status, message) => {
    const before = distOf(project);
    const result = npmRunSynth(broken);
    expect(result.status).toBe(status);
    expect(result.stderr.startsWith(message)).toBe(true);
    expect(result.stderr.endsWith('dist/ is unchanged.\n')).toBe(true);
    expect(result.stderr).not.toMatch(NOISE);
    expect(result.stdout).toBe('');
    expect(distOf(project)).toEqual(before);
    expect(result.staged).toBe(false);
  });

  test('`npm run synth` that passes replaces dist/ as a whole with what the app wrote and the admission check passed', () => {
    writeFileSync(join(project, 'dist', 'stale.k8s.yaml'), 'kind: ConfigMap\n');
    const result = npmRunSynth('none');
    expect(result.status).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'synth: dist/backend-mtls.k8s.yaml',
      expect.stringMatching(/^backend-mtls CRD validation: 0 problem\(s\), 0 warning\(s\) in \d+ ms$/),
      `synth: validated by ${join(root, 'scripts', 'cdk8s-validation-plugin.js')}@0.1.0: success`,
      '',
    ]);
    expect(distOf(project)).toEqual(distOf(root));
    expect(result.staged).toBe(false);
  });

  test('`npm run synth` that passes with a warning prints it, naming the manifest in dist/, and replaces dist/', () => {
    const result = npmRunSynth('warning');
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('\ndist/backend-mtls.k8s.yaml: Certificate httpbin-tls-cert: metadata.namespace: Warning: Certificate is namespaced and names no namespace');
    expect(readFileSync(join(project, 'dist', 'backend-mtls.k8s.yaml'), 'utf8')).not.toEqual(readFileSync(join(root, 'dist', 'backend-mtls.k8s.yaml'), 'utf8'));
    expect(result.staged).toBe(false);
  });

  /** The manifests left in the project's dist/ (none when cdk8s synth removed the folder). */
  const manifestsLeft = () => (existsSync(join(project, 'dist')) ? readdirSync(join(project, 'dist')).filter((file) => /\.ya?ml$/.test(file)) : []);

  test.each([
    ['a bad prop', 1, 'prop', 'backend-mtls/Setup: namespace "Bad_Namespace" must be a DNS-1123 label'],
    ['an admission rejection', 2, 'admission', 'spec.duration: Invalid value: "integer": spec.duration in body must be of type string'],
  ])('`cdk8s synth` (cdk8s.yaml writes dist/) on %s exits %i and leaves no manifest in dist/, neither stale nor rejected', (_case, status, broken, message) => {
    expect(manifestsLeft()).not.toEqual([]);
    // The CLI's own entry point: test/synth/cdk8s-synth.test.ts runs `npx cdk8s synth` as a user types it.
    const result = spawnSync(node, [CDK8S_CLI, 'synth'], { cwd: project, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', BROKEN: broken } });
    expect(result.status).toBe(status);
    expect(`${result.stdout}${result.stderr}`).toContain(message);
    expect(manifestsLeft()).toEqual([]);
  });
});
