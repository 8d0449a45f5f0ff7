import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptTransformer } from '@jest/transform';
import type { Config } from '@jest/types';
import { SUITE_TMP } from './suite-folders';

const ROOT = join(__dirname, '..', '..');
/** The sources nearly every test file loads: transformed once here rather than once per jest worker. */
const SHARED_SOURCES = ['imports', 'lib', 'tools'];

/** Where global-setup leaves the type check and lint it started, for global-teardown to wait for. */
export const CHECKS = Symbol.for('backend-mtls.test.checks');

/**
 * Before any test runs: one temp folder for the run (each test file works in a folder of its own below it, see
 * test/support/process-guard-environment.ts), and the shared sources in jest's transform cache. Under `npm test`
 * it also starts the type check of the whole tree (`tsc --noEmit`) and the lint (`eslint .`); they run beside the
 * test files, and test/support/global-teardown.ts fails the run when either finds a problem. Meanwhile they hold the
 * run's real-time slot (test/support/real-time.ts), so no file that measures real time runs beside them.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'backend-mtls-test-'));
  chmodSync(folder, 0o755);
  process.env[SUITE_TMP] = folder;
  if (process.env.npm_lifecycle_event === 'test') startChecks(folder);
  await warmTransformCache(globalConfig, projectConfig);
}

/** Starts the type check and lint; global-teardown waits for them. */
function startChecks(folder: string): void {
  const slot = holdRealTimeSlot(folder);
  // Both caches live in the clone (gitignored): a fresh clone checks everything, a second run only what changed.
  const checks = Promise.all([
    check('tsc --noEmit', join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['--noEmit', '--incremental', '--tsBuildInfoFile', join(ROOT, '.cache', 'tsc', 'tsconfig.tsbuildinfo')]),
    check('eslint .', join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), ['--cache', '--cache-location', join(ROOT, '.cache', 'eslint') + '/', '.']),
  ]).then((results) => results.filter((result) => result !== '')).finally(slot.release);
  (globalThis as Record<symbol, unknown>)[CHECKS] = checks;
}

/**
 * Takes the run's real-time slot as test/support/real-time.ts does (its lock folder holding this process's pid),
 * so the files that measure real time wait while the type check and lint load the cores.
 */
function holdRealTimeSlot(folder: string): { release: () => void } {
  const lock = join(folder, 'real-time.lock');
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), String(process.pid));
  return { release: () => rmSync(lock, { recursive: true, force: true }) };
}

/** Runs a node CLI in the repository; resolves '' when it passes, else what it printed. */
function check(name: string, cli: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk) => { output += chunk; });
    child.stderr.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => resolve(`${name} could not start: ${error.message}`));
    child.on('close', (code) => resolve(code === 0 ? '' : `${name} failed (exit ${code}):\n${output}`));
  });
}

/**
 * Transforms the shared sources with the options jest's runtime uses for a CommonJS require, so the cache keys
 * match and every worker finds them done: on a fresh clone each worker would otherwise transpile all of imports/
 * (3.6 MB) and lib/ itself.
 */
async function warmTransformCache(globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): Promise<void> {
  const transformer = await createScriptTransformer(projectConfig);
  const options = {
    isInternalModule: false,
    supportsDynamicImport: typeof (await import('node:vm') as { SyntheticModule?: unknown }).SyntheticModule === 'function',
    supportsExportNamespaceFrom: false,
    supportsStaticESM: false,
    supportsTopLevelAwait: false,
    collectCoverage: globalConfig.collectCoverage,
    collectCoverageFrom: globalConfig.collectCoverageFrom,
    coverageProvider: globalConfig.coverageProvider,
  };
  for (const folder of SHARED_SOURCES) {
    const files = readdirSync(join(ROOT, folder), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts') && !file.endsWith('.d.ts'));
    for (const file of files) transformer.transform(join(ROOT, folder, file), options);
  }
}
