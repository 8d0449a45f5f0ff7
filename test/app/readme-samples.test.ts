import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as ts from 'typescript';
import { readManifests, validateManifests } from '../../tools/validate';

const root = join(__dirname, '..', '..');
// The sections whose samples show a consumer composing the constructs; each sample is a whole program.
const SECTIONS = ['## Many backends, client-certificate modes, trust distribution', '## Customise', '## Use the constructs in your own chart'];

/** The `ts` samples of a README section, with the package import pointed at the compiled package, as a consumer gets it. */
function samplesOf(readme: string, heading: string): string[] {
  const start = readme.indexOf(heading);
  if (start < 0) throw new Error(`README.md has no section "${heading}"`);
  const end = readme.indexOf('\n## ', start + heading.length);
  const section = readme.slice(start, end < 0 ? undefined : end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map(([, code]) =>
    code.replace(/from '(backend-mtls|\.\/lib)'/g, `from '${join(root, 'build', 'lib').replace(/\\/g, '/')}'`));
}

describe('README samples compile as a consumer writes them, synthesize, and pass offline admission', () => {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const samples = SECTIONS.flatMap((heading) => samplesOf(readme, heading).map((code, index) => ({ name: `${heading.slice(3)} #${index + 1}`, code })));
  // Under build/ (ignored by git) so that the samples resolve cdk8s and constructs from this checkout's node_modules.
  const folder = join(root, 'build', `readme-samples-${process.pid}`);
  const files = samples.map((_sample, index) => join(folder, `sample-${index}.ts`));

  beforeAll(() => {
    if (!existsSync(join(root, 'build', 'lib', 'index.d.ts'))) throw new Error('build/lib is missing: run `npm test` (it compiles) or `npm run build` first');
    mkdirSync(folder, { recursive: true });
    samples.forEach((sample, index) => writeFileSync(files[index], sample.code));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('there are samples in each section, and each ends in app.synth()', () => {
    expect(samples.length).toBeGreaterThanOrEqual(5);
    for (const sample of samples) expect([sample.name, /app\.synth\(\);\s*$/.test(sample.code)]).toEqual([sample.name, true]);
  });

  test('they type-check under strict settings', () => {
    const program = ts.createProgram(files, {
      strict: true, noEmit: true, esModuleInterop: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, types: ['node'],
    });
    const diagnostics = ts.getPreEmitDiagnostics(program).map((diagnostic) => {
      const where = diagnostic.file ? `${diagnostic.file.fileName.slice(folder.length + 1)}:${diagnostic.file.getLineAndCharacterOfPosition(diagnostic.start ?? 0).line + 1}` : '';
      return `${where} ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`;
    });
    expect(diagnostics).toEqual([]);
  });

  test.each(samples.map((sample, index) => [sample.name, index] as const))('%s synthesizes and its manifests pass admission', (_name, index) => {
    const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-readme-'));
    try {
      execFileSync(process.execPath, ['-r', 'tsx/cjs', files[index]], {
        cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir, CDK8S_CHECK_UPGRADE: 'false' }, stdio: 'pipe',
      });
      const objects = readManifests([outdir]).flatMap((file) => file.objects);
      expect(objects.length).toBeGreaterThan(5);
      expect(validateManifests(objects)).toEqual([]);
    } finally {
      rmSync(outdir, { recursive: true, force: true });
    }
  });
});
