import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { build, buildInputs, buildOptions, FORCE_ENV, inputsHash, STAMP, staleReason } from '../../scripts/build';

const SCRIPT = join(__dirname, '..', '..', 'scripts', 'build.js');

/** A project as the build sees it: tsconfig.build.json extending tsconfig.json, sources in lib/, a test outside the build. */
function project(): string {
  const root = mkdtempSync(join(tmpdir(), 'backend-mtls-build-'));
  const files: Record<string, string> = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { outDir: 'build', rootDir: '.' }, include: ['lib/**/*.ts', 'test/**/*.ts'] }),
    'tsconfig.build.json': JSON.stringify({ extends: './tsconfig.json', include: ['lib/**/*.ts'] }),
    'package.json': JSON.stringify({ name: 'fixture', version: '1.0.0' }),
    'package-lock.json': JSON.stringify({ name: 'fixture', lockfileVersion: 3, packages: {} }),
    'lib/index.ts': 'export * from \'./a\';\n',
    'lib/a.ts': 'export const a = 1;\n',
    'test/a.test.ts': 'import { a } from \'../lib\';\n',
  };
  for (const [file, text] of Object.entries(files)) write(root, file, text);
  return root;
}

function write(root: string, file: string, text: string): void {
  mkdirSync(dirname(join(root, file)), { recursive: true });
  writeFileSync(join(root, file), text);
}

const writeJson = (root: string, file: string, value: object): void => write(root, file, JSON.stringify(value));

/** Stands in for tsc: one .js per source of lib/, and it counts its calls. */
function fakeCompiler(): { compile: (root: string) => void; calls: () => number } {
  let calls = 0;
  return {
    compile: (root: string) => {
      calls += 1;
      for (const file of readdirSync(join(root, 'lib')).filter((name) => name.endsWith('.ts'))) {
        write(root, join('build', 'lib', file.replace(/\.ts$/, '.js')), `// compiled\n${readFileSync(join(root, 'lib', file), 'utf8')}`);
      }
    },
    calls: () => calls,
  };
}

const quiet = { log: () => undefined };
const roots: string[] = [];
const fresh = (): string => {
  const root = project();
  roots.push(root);
  return root;
};
afterAll(() => roots.forEach((root) => rmSync(root, { recursive: true, force: true })));

describe('the inputs hash', () => {
  test('lists the included sources and the config files, not the files only tsconfig.json includes', () => {
    expect(buildInputs(fresh())).toEqual(['lib/a.ts', 'lib/index.ts', 'tsconfig.build.json', 'tsconfig.json']);
  });

  test('is the same for the same inputs in another folder', () => {
    expect(inputsHash(fresh())).toBe(inputsHash(fresh()));
  });

  test.each([
    ['a source\'s text changes', (root: string) => write(root, 'lib/a.ts', 'export const a = 2;\n')],
    ['a source is added', (root: string) => write(root, 'lib/b.ts', 'export const b = 1;\n')],
    ['a source is removed', (root: string) => unlinkSync(join(root, 'lib/a.ts'))],
    ['a source is renamed with the same text', (root: string) => {
      write(root, 'lib/b.ts', readFileSync(join(root, 'lib/a.ts'), 'utf8'));
      unlinkSync(join(root, 'lib/a.ts'));
    }],
    ['tsconfig.build.json changes', (root: string) => writeJson(root, 'tsconfig.build.json', {
      extends: './tsconfig.json', include: ['lib/**/*.ts'], compilerOptions: { declaration: true },
    })],
    ['the tsconfig.json it extends changes', (root: string) => writeJson(root, 'tsconfig.json', { compilerOptions: { outDir: 'build', strict: true } })],
    ['package-lock.json changes', (root: string) => writeJson(root, 'package-lock.json', { name: 'fixture', lockfileVersion: 3, packages: { '': {} } })],
    ['package-lock.json is removed', (root: string) => unlinkSync(join(root, 'package-lock.json'))],
    ['package.json changes', (root: string) => writeJson(root, 'package.json', { name: 'fixture', version: '1.0.1' })],
  ])('changes when %s', (_, change) => {
    const root = fresh();
    const before = inputsHash(root);
    change(root);
    expect(inputsHash(root)).not.toBe(before);
  });

  test('changes with TypeScript\'s version', () => {
    const root = fresh();
    expect(inputsHash(root, '0.0.1')).not.toBe(inputsHash(root));
  });

  test('stays when a file outside the build changes', () => {
    const root = fresh();
    const before = inputsHash(root);
    write(root, 'test/a.test.ts', 'import { a } from \'../lib\';\nconsole.log(a);\n');
    write(root, 'README.md', '# fixture\n');
    expect(inputsHash(root)).toBe(before);
  });

  test('a missing tsconfig.build.json is an error naming it', () => {
    const root = fresh();
    unlinkSync(join(root, 'tsconfig.build.json'));
    expect(() => inputsHash(root)).toThrow(/tsconfig\.build\.json: Cannot read file/);
  });

  test('a tsconfig.build.json that includes nothing is an error naming it and TypeScript\'s complaint', () => {
    const root = fresh();
    writeJson(root, 'tsconfig.build.json', { extends: './tsconfig.json', include: ['src/**/*.ts'] });
    expect(() => inputsHash(root)).toThrow(/tsconfig\.build\.json cannot be built from: No inputs were found in config file/);
  });
});

describe('the build', () => {
  test('compiles a fresh project and writes a stamp, then skips while nothing changed, saying so', () => {
    const root = fresh();
    const tsc = fakeCompiler();
    const lines: string[] = [];
    expect(build(root, { compile: tsc.compile, log: (line) => lines.push(line) })).toBe('built');
    expect(existsSync(join(root, 'build', STAMP))).toBe(true);
    expect(build(root, { compile: tsc.compile, log: (line) => lines.push(line) })).toBe('skipped');
    expect(tsc.calls()).toBe(1);
    expect(lines).toEqual([
      expect.stringMatching(/^build\/ is rebuilt: build\/\.build-stamp\.json is absent/),
      expect.stringMatching(/^build\/ is up to date with its inputs \(sha256 [0-9a-f]{12}\): tsc skipped/),
    ]);
    expect(staleReason(root, inputsHash(root))).toBeUndefined();
  });

  test('compiles again after a source changed, and no output of a deleted source is left', () => {
    const root = fresh();
    const tsc = fakeCompiler();
    write(root, 'lib/b.ts', 'export const b = 1;\n');
    build(root, { ...quiet, compile: tsc.compile });
    expect(existsSync(join(root, 'build', 'lib', 'b.js'))).toBe(true);
    unlinkSync(join(root, 'lib', 'b.ts'));
    expect(staleReason(root, inputsHash(root))).toBe('its inputs changed');
    expect(build(root, { ...quiet, compile: tsc.compile })).toBe('built');
    expect(existsSync(join(root, 'build', 'lib', 'b.js'))).toBe(false);
    expect(tsc.calls()).toBe(2);
  });

  test.each([
    ['an output is missing', (root: string) => unlinkSync(join(root, 'build', 'lib', 'a.js')), 'build/lib/a.js is missing'],
    ['an output was overwritten', (root: string) => write(root, 'build/lib/a.js', '// by another compile\n'),
      'build/lib/a.js changed since it was built'],
    ['build/ holds a file the build did not write', (root: string) => write(root, 'build/test/a.test.js', ''),
      'build/test/a.test.js is not from the last build'],
    ['the stamp is no JSON', (root: string) => write(root, `build/${STAMP}`, '{'), `build/${STAMP} is unreadable`],
    ['the stamp is no build stamp', (root: string) => write(root, `build/${STAMP}`, '{}'), `build/${STAMP} is not a build stamp`],
  ])('compiles again when %s', (_, change, reason) => {
    const root = fresh();
    const tsc = fakeCompiler();
    build(root, { ...quiet, compile: tsc.compile });
    change(root);
    expect(staleReason(root, inputsHash(root))).toContain(reason);
    expect(build(root, { ...quiet, compile: tsc.compile })).toBe('built');
    expect(tsc.calls()).toBe(2);
    expect(readFileSync(join(root, 'build', 'lib', 'a.js'), 'utf8')).toBe('// compiled\nexport const a = 1;\n');
    expect(existsSync(join(root, 'build', 'test'))).toBe(false);
  });

  test('compiles when forced, though build/ is up to date', () => {
    const root = fresh();
    const tsc = fakeCompiler();
    build(root, { ...quiet, compile: tsc.compile });
    expect(build(root, { ...quiet, compile: tsc.compile, force: true })).toBe('built');
    expect(tsc.calls()).toBe(2);
  });

  test('a failed compile throws its error and leaves no stamp, so the next build compiles again', () => {
    const root = fresh();
    const tsc = fakeCompiler();
    build(root, { ...quiet, compile: tsc.compile });
    write(root, 'lib/a.ts', 'export const a: number = \'one\';\n');
    const failing = (dir: string): void => {
      tsc.compile(dir);
      throw new Error('lib/a.ts(1,14): error TS2322');
    };
    expect(() => build(root, { ...quiet, compile: failing })).toThrow(/error TS2322/);
    expect(existsSync(join(root, 'build', STAMP))).toBe(false);
    expect(build(root, { ...quiet, compile: tsc.compile })).toBe('built');
  });

  test('a compile that writes nothing into build/ is an error, and leaves no stamp', () => {
    const root = fresh();
    expect(() => build(root, { ...quiet, compile: () => undefined }))
      .toThrow(/tsc -p tsconfig\.build\.json wrote nothing into .*build: check its outDir and noEmit/);
    expect(existsSync(join(root, 'build', STAMP))).toBe(false);
  });

  test('tsc\'s own failure names the config and says the next build compiles again', () => {
    const root = fresh();
    // No standard library: tsc fails at once, without the seconds a real compile takes.
    writeJson(root, 'tsconfig.json', { compilerOptions: { outDir: 'build', rootDir: '.', noLib: true, types: [] } });
    const failure = /tsc -p tsconfig\.build\.json failed in .* \(exit 2\): build\/ has no stamp, so the next build compiles again\n/;
    expect(() => build(root, quiet)).toThrow(new RegExp(`${failure.source}[^]*error TS2318: Cannot find global type 'Array'`));
    expect(existsSync(join(root, 'build', STAMP))).toBe(false);
  });
});

describe('the command line', () => {
  test('--force or the environment variable set to 1 forces a full build; nothing does not', () => {
    expect(buildOptions([], {})).toEqual({ force: false });
    expect(buildOptions(['--force'], {})).toEqual({ force: true });
    expect(buildOptions([], { [FORCE_ENV]: '1' })).toEqual({ force: true });
    expect(buildOptions([], { [FORCE_ENV]: '0' })).toEqual({ force: false });
  });

  test('an unknown argument is an error naming it and the one option', () => {
    expect(() => buildOptions(['--fast'], {})).toThrow(/unknown argument --fast: the only option is --force \(or BACKEND_MTLS_FORCE_BUILD=1\)/);
  });

  test('another value of the environment variable is an error naming it', () => {
    expect(() => buildOptions([], { [FORCE_ENV]: 'yes' })).toThrow(/BACKEND_MTLS_FORCE_BUILD=yes: set it to 1 to force a full build/);
  });

  test('the script exits 1 with the message on an error, and builds nothing', () => {
    const result = spawnSync(process.execPath, [SCRIPT, '--fast'], { encoding: 'utf8' });
    expect(result.status).toBe(1);
    expect(result.stderr).toMatch(/unknown argument --fast/);
    expect(result.stdout).toBe('');
  });
});
