import { createHash } from 'node:crypto';
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { readManifests, validateManifests } from '../tools/validate';
import { CDK8S_TEMPLATE_TSCONFIG, compile, LIBRARY, REPO_ROOT, run } from './consumer/consumer-project';
import { packedPackage } from './support/packed-package';

/**
 * Every ```ts block of README.md, CONTRIBUTING.md and docs/*.md, compiled as a consumer compiles it (the cdk8s
 * template's tsconfig: strict) against this package built as it ships, then run in a folder of its
 * own: it must synthesize manifests the offline admission accepts, and write nothing into this repository. One tsc
 * program compiles them all, and one node process runs them one after the other, each in its own folder (no sample
 * awaits anything, so each one's synth is done when it returns): the library loads once, not once per sample.
 */

interface Sample {
  /** The markdown file, relative to the repository. */
  readonly doc: string;
  /** Its line of the opening fence. */
  readonly line: number;
  readonly source: string;
  readonly file: string;
}

const DOCS = ['README.md', 'CONTRIBUTING.md', ...readdirSync(join(REPO_ROOT, 'docs')).filter((file) => file.endsWith('.md')).sort().map((file) => `docs/${file}`)];

function samplesOf(doc: string): Sample[] {
  const samples: Sample[] = [];
  const lines = readFileSync(join(REPO_ROOT, doc), 'utf8').split('\n');
  const stem = doc.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-');
  for (let start = 0; start < lines.length; start++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[start])) continue;
    const end = lines.findIndex((text, index) => index > start && text.startsWith('```'));
    if (end < 0) throw new Error(`${doc} line ${start + 1}: the \`\`\`ts block is never closed`);
    samples.push({ doc, line: start + 1, source: lines.slice(start + 1, end).join('\n'), file: `sample-${stem}-line-${start + 1}.ts` });
    start = end;
  }
  return samples;
}

/**
 * The package's subpath exports by the source folder each one compiles from (`./lib` is `backend-mtls`,
 * `./tools/synth` is `backend-mtls/synth`): a sample that shows this repository's main.ts imports the folders.
 */
const EXPORTS: Record<string, { default?: string }> = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')).exports;
const SUBPATH_BY_SOURCE = new Map(Object.entries(EXPORTS)
  .filter(([, target]) => typeof target === 'object' && target.default?.startsWith('./build/'))
  .map(([subpath, target]) => [`./${dirname((target.default as string).slice('./build/'.length))}`, `${LIBRARY.name}${subpath.slice(1)}`]));

function asConsumerSource(sample: Sample): string {
  return sample.source.replace(/from '(\.[^']*)'/g, (_match, specifier: string) => {
    const subpath = SUBPATH_BY_SOURCE.get(specifier.replace(/\/index$/, ''));
    if (!subpath) {
      throw new Error(`${sample.doc} line ${sample.line}: the sample imports '${specifier}', which is no entry point of the package; `
        + `import from ${[...SUBPATH_BY_SOURCE.values()].join(', ')}`);
    }
    return `from '${subpath}'`;
  });
}

function hashTree(dir: string): string {
  const hash = createHash('sha256');
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true }).filter((file) => file.isFile())) {
    const path = join(entry.parentPath, entry.name);
    hash.update(path).update(readFileSync(path));
  }
  return hash.digest('hex');
}

/**
 * Runs each compiled sample given as [script, folder] in that folder, in this order, in one process, and writes what
 * each threw (or null) as JSON to the file named last.
 */
const RUN_ALL = `const { writeFileSync } = require('fs');
  const [samples, report] = process.argv.slice(1);
  const thrown = {};
  for (const [script, folder] of JSON.parse(samples)) {
    process.chdir(folder);
    try {
      require(script);
      thrown[script] = null;
    } catch (error) {
      thrown[script] = error instanceof Error ? error.stack : String(error);
    }
  }
  writeFileSync(report, JSON.stringify(thrown));`;

const samples = DOCS.flatMap(samplesOf);
const work = realpathSync(mkdtempSync(join(tmpdir(), 'backend-mtls-readme-')));
const distBefore = hashTree(join(REPO_ROOT, 'dist'));
const script = (sample: Sample) => join(work, sample.file.replace(/\.ts$/, '.js'));
const folder = (sample: Sample) => join(work, `run-${sample.file.replace(/\.ts$/, '')}`);
let diagnostics = '';
/** What each sample's run threw, by its script; a sample missing here never ran. */
let thrown: Record<string, string | null> = {};
let runFailure = '';

beforeAll(() => {
  // This package as npm installs it (`npm pack`, once per run, builds it by its build config), beside one copy of each peer.
  cpSync(packedPackage().folder, join(work, 'node_modules', LIBRARY.name), { recursive: true });
  for (const peer of [...Object.keys(LIBRARY.peerDependencies), '@types/node']) {
    mkdirSync(dirname(join(work, 'node_modules', peer)), { recursive: true });
    symlinkSync(join(REPO_ROOT, 'node_modules', peer), join(work, 'node_modules', peer));
  }
  copyFileSync(CDK8S_TEMPLATE_TSCONFIG, join(work, 'tsconfig.json'));
  for (const sample of samples) writeFileSync(join(work, sample.file), asConsumerSource(sample));
  try {
    // Emit every sample even when one does not compile, so each sample's own test says what it does. The samples are
    // checked against the package's API; the declarations themselves (the package's, the peers', Node's) are checked
    // without skipLibCheck by test/consumer/install.test.ts, so checking them here again would only cost time.
    compile(work, '--noEmitOnError', 'false', '--skipLibCheck');
  } catch (error) {
    diagnostics = (error as Error).message;
  }
  for (const sample of samples) mkdirSync(folder(sample));
  const report = join(work, 'thrown.json');
  try {
    // As `cdk8s synth` runs an app when cdk8s.yaml names a validation plugin, as this repository's does.
    run(process.execPath, ['-e', RUN_ALL, JSON.stringify(samples.map((sample) => [script(sample), folder(sample)])), report], work,
      { CDK8S_RECORD_CONSTRUCT_METADATA: 'true' });
    thrown = JSON.parse(readFileSync(report, 'utf8'));
  } catch (error) {
    runFailure = (error as Error).message;
  }
}, 240_000);

afterAll(() => rmSync(work, { recursive: true, force: true }));

test('README.md, CONTRIBUTING.md and docs/ have ts samples', () => {
  expect(samples.filter((sample) => sample.doc === 'README.md')).not.toEqual([]);
  expect(new Set(samples.map((sample) => sample.doc)).size).toBeGreaterThan(2);
});

describe.each(samples)('the sample of $doc at line $line', (sample) => {
  test('type-checks as a consumer compiles it', () => {
    const errors = diagnostics.split('\n').filter((text) => text.startsWith(`${sample.file}(`))
      .map((text) => text.replace(/^[^(]+\((\d+),(\d+)\)/, (_match, row: string, column: string) =>
        `${sample.doc}:${sample.line + Number(row)}:${column}`));
    expect(errors).toEqual([]);
  });

  test('runs, writes only manifests, into its own folder and never into dist/, and they pass offline admission', () => {
    expect(runFailure).toBe('');
    expect(thrown).toHaveProperty([script(sample)], null);
    const cwd = folder(sample);
    expect(hashTree(join(REPO_ROOT, 'dist'))).toEqual(distBefore);
    const written = readdirSync(cwd, { recursive: true, withFileTypes: true }).filter((file) => file.isFile())
      .map((file) => join(file.parentPath, file.name));
    expect(written.filter((file) => !file.endsWith('.k8s.yaml'))).toEqual([]);
    expect(written).not.toEqual([]);
    const problems = readManifests(written).flatMap(({ file, objects }) => validateManifests(objects).map((problem) => ({ ...problem, file })));
    expect(problems).toEqual([]);
  });
});
