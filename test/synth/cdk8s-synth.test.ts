import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TYPESCRIPT_NODE } from '../support/typescript-node';

const root = join(__dirname, '..', '..');

/**
 * A copy of this project (its sources linked, cdk8s.yaml, package.json and the committed dist/ copied) whose
 * main.ts gives the chart another hostname: what a user does before `npx cdk8s synth && kubectl apply -f dist/`.
 */
describe('a project whose main.ts changes a prop', () => {
  const project = mkdtempSync(join(tmpdir(), 'backend-mtls-changed-'));
  afterAll(() => rmSync(project, { recursive: true, force: true }));
  const run = (command: string, args: string[]) =>
    spawnSync(command, args, { cwd: project, encoding: 'utf8', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' } });

  beforeAll(() => {
    for (const linked of ['lib', 'tools', 'imports', 'scripts', 'crds', 'crds.sha256', 'node_modules']) symlinkSync(join(root, linked), join(project, linked));
    for (const copied of ['cdk8s.yaml', 'package.json', 'tsconfig.json']) copyFileSync(join(root, copied), join(project, copied));
    cpSync(join(root, 'dist'), join(project, 'dist'), { recursive: true });
    const main = readFileSync(join(root, 'main.ts'), 'utf8');
    const changed = main.replace(/new BackendMtlsChart\(app, '([^']+)'\)/, "new BackendMtlsChart(app, '$1', { hostname: 'changed.demo.int' })");
    if (changed === main) throw new Error('main.ts no longer builds `new BackendMtlsChart(app, \'...\')`: update this test to change a prop of the app it builds');
    writeFileSync(join(project, 'main.ts'), changed);
  });

  test('`npm run diff` names each changed object and field path, old → new, as markdown for a PR', () => {
    const result = run('npm', ['run', '--silent', 'diff', '--', '--markdown']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    expect(result.stdout).toBe([
      '**dist/ after a fresh synth:** 2 changed, 0 added, 0 removed',
      '',
      '```diff',
      '~ Gateway httpbin-tls/backend-mtls-gateway',
      '    spec.listeners[name=http].hostname: "mtls-backend.demo.int" → "changed.demo.int"',
      '~ HTTPRoute httpbin-tls/backend-mtls-route',
      '    spec.hostnames[0]: "mtls-backend.demo.int" → "changed.demo.int"',
      '```',
      '',
    ].join('\n'));
  });

  test('the real `npx cdk8s synth` writes the change into dist/, and dist/ then matches a fresh synth', () => {
    const synth = run('npx', ['cdk8s', 'synth']);
    expect(synth.status).toBe(0);
    const manifest = readFileSync(join(project, 'dist', 'backend-mtls.k8s.yaml'), 'utf8');
    expect(manifest).toContain('hostname: changed.demo.int');
    expect(manifest).not.toContain('mtls-backend.demo.int');
    // `npm run diff`'s script without npm's and tsx's start-up: the test above runs it through npm.
    const [node, ...typescript] = TYPESCRIPT_NODE;
    expect(run(node, [...typescript, join(project, 'scripts', 'diff.ts')]).stdout).toBe('dist/ matches a fresh synth: nothing to change.\n');
  });
});
