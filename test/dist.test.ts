import { execSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..');

/** Runs the app exactly as `cdk8s synth` does (the `app:` command of cdk8s.yaml) into a fresh folder. */
function freshSynth(): string {
  const app: string = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')).app;
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-dist-'));
  execSync(app, { cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: 'pipe' });
  return outdir;
}

describe('the committed dist/', () => {
  const outdir = freshSynth();
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('holds exactly the manifests a fresh synth writes; if not, run `npm run synth` and commit dist/', () => {
    const committed = readdirSync(join(root, 'dist')).sort();
    const fresh = readdirSync(outdir).sort();
    const stale = fresh.filter((file) => !committed.includes(file) || readFileSync(join(root, 'dist', file), 'utf8') !== readFileSync(join(outdir, file), 'utf8'));
    const extra = committed.filter((file) => !fresh.includes(file));
    const problems = [...stale.map((file) => `dist/${file} differs from a fresh synth`), ...extra.map((file) => `dist/${file} is no longer synthesized`)];
    if (problems.length > 0) throw new Error(`${problems.join('; ')}: run \`npm run synth\` and commit dist/`);
    expect(fresh.length).toBeGreaterThan(0);
  });
});
