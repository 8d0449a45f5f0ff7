import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { Validator } from '../../tools/validate';
import { TYPESCRIPT_NODE } from '../support/typescript-node';
import { validExamples } from './examples';

const repo = join(__dirname, '..', '..');
let work: string;
beforeAll(() => { work = mkdtempSync(join(tmpdir(), 'validate-test-')); });
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** `npm run validate` (`tsx scripts/validate.ts`), as one node process with the app's own TypeScript hook, which starts faster than tsx. */
function cli(args: string[], env: NodeJS.ProcessEnv = {}) {
  const [node, ...typescript] = TYPESCRIPT_NODE;
  const result = spawnSync(node, [...typescript, join(repo, 'scripts', 'validate.ts'), ...args], { cwd: repo, encoding: 'utf8', env: { ...process.env, ...env } });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe('CRD sources', () => {
  test('no CRD files at all is an error, not an empty catalogue', () => {
    expect(() => Validator.fromCrdFiles([])).toThrow(/no CRD files given/);
  });
});

describe('npm run validate', () => {
  test('a bad file: one line per problem, a summary, exit 1', () => {
    const dir = join(work, 'bad');
    mkdirSync(dir);
    const certificate = structuredClone(validExamples['Certificate server']) as any;
    certificate.spec.duration = 90;
    const file = join(dir, 'chart.k8s.yaml');
    writeFileSync(file, [stringify(validExamples.Service), stringify(certificate)].join('---\n'));
    const result = cli([dir]);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      `${file}: Certificate backend-mtls/backend-tls: spec.duration: Invalid value: "integer": spec.duration in body must be of type string: "integer"`,
      'validate: 2 objects in 1 file, 1 problem',
    ]);
    expect(result.status).toBe(1);
  });

  test('good files: summary only, exit 0', () => {
    const dir = join(work, 'good');
    mkdirSync(dir);
    writeFileSync(join(dir, 'a.yaml'), Object.values(validExamples).map((object) => stringify(object)).join('---\n'));
    const result = cli([dir]);
    expect(result.stdout.trim()).toBe(`validate: ${Object.keys(validExamples).length} objects in 1 file, 0 problems`);
    expect(result.status).toBe(0);
  });

  test('warnings only: printed, counted apart, exit 0', () => {
    const dir = join(work, 'warn');
    mkdirSync(dir);
    const file = join(dir, 'a.yaml');
    const service = structuredClone(validExamples.Service) as any;
    delete service.metadata.namespace;
    writeFileSync(file, stringify(service));
    const result = cli([dir]);
    expect(result.stdout.split('\n').filter(Boolean)).toEqual([
      `${file}: Service backend: metadata.namespace: Warning: Service is namespaced and names no namespace: kubectl creates it in its context's namespace (or --namespace)`,
      'validate: 1 object in 1 file, 0 problems (and 1 warning, which the API server accepts)',
    ]);
    expect(result.status).toBe(0);
  });
});
