import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const hook = join(root, 'scripts', 'register-ts.js');

/** `node -r scripts/register-ts.js <file>`, as cdk8s.yaml runs main.ts. */
const runTs = (file: string) => spawnSync(process.execPath, ['-r', hook, file], { cwd: root, encoding: 'utf8' });

describe('scripts/register-ts.js, the TypeScript loader of cdk8s.yaml\'s app', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'backend-mtls-register-ts-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('runs TypeScript that requires TypeScript and JavaScript, with types, enums, class fields and default imports', () => {
    writeFileSync(join(dir, 'helper.ts'), 'export enum Mode { Plain = \'plain\', Mtls = \'mtls\' }\nexport default (mode: Mode): string => `mode ${mode}`;\n');
    writeFileSync(join(dir, 'plain.js'), 'module.exports = { answer: 42 };\n');
    writeFileSync(join(dir, 'main.ts'), [
      'import describe, { Mode } from \'./helper\';',
      'import { answer } from \'./plain\';',
      'interface Named { readonly name: string }',
      'class Front implements Named { public readonly name: string = \'front\'; }',
      'console.log(describe(Mode.Mtls), new Front().name, answer);',
    ].join('\n'));
    const result = runTs(join(dir, 'main.ts'));
    expect(result.stderr).toBe('');
    expect(result.stdout).toBe('mode mtls front 42\n');
  });

  test('runs a changed file as it now reads, not as it was transformed before', () => {
    const main = join(dir, 'main.ts');
    writeFileSync(main, 'const first: string = \'first\';\nconsole.log(first);\n');
    expect(runTs(main).stdout).toBe('first\n');
    writeFileSync(main, 'const second: string = \'second\';\nconsole.log(second);\n');
    expect(runTs(main).stdout).toBe('second\n');
  });

  test('an uncaught error\'s stack points at the line of the TypeScript source', () => {
    const main = join(dir, 'main.ts');
    writeFileSync(main, ['interface Props { readonly port: number }', '', 'const props: Props = { port: 0 };', '',
      'if (props.port === 0) throw new Error(\'port 0\');'].join('\n'));
    const result = runTs(main);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Error: port 0');
    expect(result.stderr).toContain(`${main}:5:`);
  });
});
