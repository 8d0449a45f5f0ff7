import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  accessSync, constants, copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, realpathSync, statfsSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** A new cdk8s project outside this repository that installs backend-mtls as a user would. */

export const REPO_ROOT = join(__dirname, '..', '..');
const REPO_MODULES = join(REPO_ROOT, 'node_modules');
const TSC = join(REPO_MODULES, 'typescript', 'bin', 'tsc');
const CDK8S_CLI = join(REPO_MODULES, 'cdk8s-cli', 'bin', 'cdk8s');
/** The tsconfig `cdk8s init typescript-app` writes: strict, lib es2016, no skipLibCheck. */
export const CDK8S_TEMPLATE_TSCONFIG = join(REPO_MODULES, 'cdk8s-cli', 'templates', 'typescript-app', 'tsconfig.json');
/** Where a tmpfs usually is, and the room the projects need on it (four installs of up to 100 MB each, with a margin). */
const TMPFS = '/dev/shm';
const TMPFS_MIN_FREE_BYTES = 1024 ** 3;
const TMPFS_MAGIC = 0x01021994;
/** The consumer apps: `app` (cdk8s-plus-28, the tooling), `app-plus-33` (a cdk8s-plus-33 Deployment behind an MtlsFront). */
const APPS = ['app', 'app-plus-33'] as const;

interface PackageJson {
  readonly name: string;
  readonly version: string;
  readonly license: string;
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta: Record<string, { readonly optional?: boolean }>;
}

export const LIBRARY: PackageJson = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));

/** The peers every consumer installs (cdk8s, constructs, cdk8s-plus-28), and those only the tooling needs. */
export const REQUIRED_PEERS = Object.keys(LIBRARY.peerDependencies).filter((name) => !LIBRARY.peerDependenciesMeta[name]?.optional);
export const OPTIONAL_PEERS = Object.keys(LIBRARY.peerDependencies).filter((name) => LIBRARY.peerDependenciesMeta[name]?.optional);

interface LockEntry {
  readonly version: string;
  readonly dependencies?: Record<string, string>;
  readonly peerDependencies?: Record<string, string>;
  readonly optionalDependencies?: Record<string, string>;
  readonly peerDependenciesMeta?: Record<string, { readonly optional?: boolean }>;
  readonly [field: string]: unknown;
}

const REPO_LOCK: Record<string, LockEntry> = JSON.parse(readFileSync(join(REPO_ROOT, 'package-lock.json'), 'utf8')).packages;

/** Where Node would find `name` from the package installed at lock path `from` (`''` for the root). */
function lockPathOf(from: string, name: string): string {
  for (let dir = from; ; dir = dir.includes('/node_modules/') ? dir.slice(0, dir.lastIndexOf('/node_modules/')) : '') {
    const candidate = `${dir ? `${dir}/` : ''}node_modules/${name}`;
    if (REPO_LOCK[candidate]) return candidate;
    if (!dir) throw new Error(`package-lock.json holds no ${name} reachable from ${from || 'the root'}: run npm ci`);
  }
}

function optionalLockPathOf(from: string, name: string): string[] {
  try {
    return [lockPathOf(from, name)];
  } catch {
    return [];
  }
}

/**
 * The lock entries for `names` and everything they need, at the versions this repository's lock pins: with
 * them `npm ci` installs from npm's cache alone, with no registry metadata to fetch.
 */
function lockedClosure(names: readonly string[]): Record<string, LockEntry> {
  const closure: Record<string, LockEntry> = {};
  const pending = names.map((name) => lockPathOf('', name));
  for (let path = pending.pop(); path !== undefined; path = pending.pop()) {
    if (closure[path]) continue;
    const { dev: _dev, devOptional: _devOptional, ...entry } = REPO_LOCK[path];
    closure[path] = entry as LockEntry;
    const needed = [
      ...Object.keys(entry.dependencies ?? {}),
      ...Object.keys(entry.peerDependencies ?? {}).filter((peer) => !entry.peerDependenciesMeta?.[peer]?.optional),
    ];
    pending.push(...needed.map((name) => lockPathOf(path, name)));
    // npm ci wants an optional dependency in the lock too; one the lock skipped (another platform's) stays out.
    pending.push(...Object.keys(entry.optionalDependencies ?? {}).flatMap((name) => optionalLockPathOf(path, name)));
  }
  return closure;
}

/**
 * A new folder for the consumer projects: on a tmpfs when /dev/shm is one, writable and with room, else in the temp
 * folder. npm writes some 8,000 files per project; on a tmpfs that takes a fifth of the system time it takes on a disk
 * (measured here: 1.9 s against 10 s per install). The projects and what they check are the same on either.
 */
export function projectsFolder(prefix: string): string {
  return realpathSync(mkdtempSync(join(tmpfsWithRoom() ?? tmpdir(), prefix)));
}

function tmpfsWithRoom(): string | undefined {
  try {
    const stats = statfsSync(TMPFS);
    if (stats.type !== TMPFS_MAGIC || stats.bavail * stats.bsize < TMPFS_MIN_FREE_BYTES) return undefined;
    accessSync(TMPFS, constants.W_OK);
    return TMPFS;
  } catch {
    return undefined;
  }
}

/**
 * How the project depends on backend-mtls: a packed tarball, or a folder, which npm packs on install when the
 * project's `.npmrc` says `install-links=true` (`installLinks`) and links otherwise.
 */
export type LibrarySource = { readonly tarball: string } | { readonly folder: string; readonly installLinks: boolean };

export interface ConsumerOptions {
  readonly library: LibrarySource;
  /** Also install the optional peers the offline admission needs. */
  readonly withTooling: boolean;
  /** Also install cdk8s-plus-33 and the app that puts a -33 Deployment behind an MtlsFront. @default false */
  readonly withPlus33?: boolean;
}

/**
 * Writes package.json, package-lock.json, the cdk8s template's tsconfig, cdk8s.yaml and the app sources into
 * `dir`, then installs with `npm ci` from npm's cache, never the registry.
 */
export async function installConsumer(dir: string, options: ConsumerOptions): Promise<void> {
  const registryPackages = [...new Set([...REQUIRED_PEERS, ...(options.withTooling ? OPTIONAL_PEERS : []),
    ...(options.withPlus33 ? ['cdk8s-plus-33'] : []), '@types/node'])];
  const locked = lockedClosure(registryPackages);
  const librarySpec = `file:${relative(dir, 'tarball' in options.library ? options.library.tarball : options.library.folder)}`;
  if ('folder' in options.library && !options.library.installLinks) throw new Error('a linked folder has no lock entry: use installPinnedConsumer');
  const dependencies: Record<string, string> = { 'backend-mtls': librarySpec };
  for (const name of registryPackages) dependencies[name] = locked[`node_modules/${name}`].version;
  const integrity = 'tarball' in options.library
    ? { integrity: `sha512-${createHash('sha512').update(readFileSync(options.library.tarball)).digest('base64')}` } : {};
  const project = { name: 'consumer', version: '1.0.0', private: true, dependencies };
  const lock = {
    ...project, lockfileVersion: 3, requires: true,
    packages: {
      '': { name: project.name, version: project.version, dependencies },
      'node_modules/backend-mtls': {
        version: LIBRARY.version, resolved: librarySpec, ...integrity, license: LIBRARY.license,
        peerDependencies: LIBRARY.peerDependencies, peerDependenciesMeta: LIBRARY.peerDependenciesMeta,
      },
      ...locked,
    },
  };
  writeProject(dir, project, options.withPlus33 ?? false, 'folder' in options.library && options.library.installLinks);
  writeFileSync(join(dir, 'package-lock.json'), JSON.stringify(lock, null, 2));
  // npm_config_offline: a package missing from the cache fails the install instead of reaching the registry.
  await runAsync('npm', ['ci', '--no-audit', '--no-fund'], dir, { npm_config_offline: 'true' });
}

/**
 * A consumer project pinned to the given registry versions (e.g. the oldest peers the package admits), installed with
 * `npm install` from npm's cache where it holds them (`--prefer-offline`), else from the registry. `library` is a
 * tarball, or a folder npm links (no `.npmrc`).
 */
export async function installPinnedConsumer(dir: string, library: string, versions: Record<string, string>): Promise<void> {
  const dependencies = { 'backend-mtls': `file:${relative(dir, library)}`, ...versions };
  writeProject(dir, { name: 'consumer', version: '1.0.0', private: true, dependencies }, 'cdk8s-plus-33' in versions, false);
  await runAsync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], dir);
}

function writeProject(dir: string, project: object, withPlus33: boolean, installLinks: boolean): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify(project, null, 2));
  // The lasting folder route: every later `npm install` packs the folder again instead of linking it.
  if (installLinks) writeFileSync(join(dir, '.npmrc'), 'install-links=true\n');
  copyFileSync(CDK8S_TEMPLATE_TSCONFIG, join(dir, 'tsconfig.json'));
  for (const app of APPS.filter((name) => withPlus33 || name === 'app')) {
    for (const file of readdirSync(join(__dirname, app))) copyFileSync(join(__dirname, app, file), join(dir, file.replace(/\.txt$/, '')));
  }
}

/** Runs a command without blocking, so independent installs overlap; a failure rejects with everything it printed. */
export function runAsync(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env } },
      (error, stdout, stderr) => (error
        ? reject(new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd}:\n${stdout}${stderr}`))
        : resolve(stdout)));
  });
}

/** Runs a command; a failure throws with everything it printed. */
export function run(command: string, args: readonly string[], cwd: string, env: Record<string, string> = {}): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false', ...env } });
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    throw new Error(`\`${command} ${args.join(' ')}\` failed in ${cwd}:\n${stdout ?? ''}${stderr ?? ''}`);
  }
}

/** `tsc` with the project's own tsconfig (the cdk8s template's); emits the .js files cdk8s.yaml runs. */
export function compile(dir: string, ...options: string[]): string {
  return run(process.execPath, [TSC, '-p', dir, ...options], dir);
}

/** {@link compile} without blocking. */
export function compileAsync(dir: string, ...options: string[]): Promise<string> {
  return runAsync(process.execPath, [TSC, '-p', dir, ...options], dir);
}

/**
 * The project's `file` (`main.ts`) transpiled alone under the project's tsconfig, with no type check: the JavaScript
 * `tsc --noCheck` writes for it, for the cases that only install differently and type-check nothing. One file's
 * transpile costs a fraction of a second where tsc, which still reads every declaration file, takes about two.
 */
export async function transpile(dir: string, file: string): Promise<void> {
  // Loaded here: test/readme-samples.test.ts imports this module too, and needs no compiler in its own process.
  const ts = await import('typescript');
  const { config, error } = ts.readConfigFile(join(dir, 'tsconfig.json'), ts.sys.readFile);
  if (error) throw new Error(`${join(dir, 'tsconfig.json')}: ${ts.flattenDiagnosticMessageText(error.messageText, '\n')}`);
  const { options } = ts.convertCompilerOptionsFromJson(config.compilerOptions, dir);
  const source = readFileSync(join(dir, file), 'utf8');
  const { outputText, diagnostics = [] } = ts.transpileModule(source, { compilerOptions: options, fileName: file, reportDiagnostics: true });
  if (diagnostics.length > 0) {
    throw new Error(`${join(dir, file)}: ${diagnostics.map((item) => ts.flattenDiagnosticMessageText(item.messageText, '\n')).join('; ')}`);
  }
  writeFileSync(join(dir, file.replace(/\.ts$/, '.js')), outputText);
}

/** `cdk8s synth` in the project: runs its app, then the validation plugins its cdk8s.yaml names. */
export function cdk8sSynth(dir: string, env: Record<string, string> = {}): string {
  return run(process.execPath, [CDK8S_CLI, 'synth'], dir, env);
}

/** Every installed copy of `name` below `dir`'s node_modules, nested ones included, by real path. */
export function installedCopies(dir: string, name: string): string[] {
  const copies: string[] = [];
  const visit = (modules: string): void => {
    let entries: string[];
    try {
      entries = readdirSync(modules);
    } catch {
      return;
    }
    for (const entry of entries) {
      const packages = entry.startsWith('@') ? readdirSync(join(modules, entry)).map((scoped) => `${entry}/${scoped}`) : [entry];
      for (const pkg of packages) {
        if (pkg === name) copies.push(realpathSync(join(modules, pkg)));
        visit(join(modules, pkg, 'node_modules'));
      }
    }
  };
  visit(join(dir, 'node_modules'));
  return copies;
}

/** Where Node loads `request` from, asked from `fromFile`'s folder: what the installed library itself gets. */
export function resolvedFrom(fromFile: string, request: string): string {
  return realpathSync(require.resolve(request, { paths: [fromFile] }));
}
