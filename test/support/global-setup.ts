import { ChildProcess, spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptTransformer } from '@jest/transform';
import type { Config } from '@jest/types';
import { realTimeLock, releaseSlot, takeSlot } from './real-time';
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
  const children = process.env.npm_lifecycle_event === 'test' ? startChecks(folder) : [];
  try {
    await warmTransformCache(globalConfig, projectConfig);
  } catch (error) {
    // Jest runs no teardown after a failed setup: nothing started here may outlive it.
    for (const child of children) child.kill();
    throw error;
  }
}

/** Starts the type check and lint, for global-teardown to wait for; returns their processes. */
function startChecks(folder: string): ChildProcess[] {
  const slot = holdRealTimeSlot(folder);
  // Both caches live in the clone (gitignored): a fresh clone checks everything, a second run only what changed.
  const checks = [
    check('tsc --noEmit', join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['--noEmit', '--incremental', '--tsBuildInfoFile', join(ROOT, '.cache', 'tsc', 'tsconfig.tsbuildinfo')]),
    check('eslint .', join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), ['--cache', '--cache-location', join(ROOT, '.cache', 'eslint') + '/', '.']),
  ];
  (globalThis as Record<symbol, unknown>)[CHECKS] = Promise.all(checks.map(({ result }) => result))
    .then((results) => results.filter((result) => result !== '')).finally(slot.release);
  return checks.map(({ child }) => child);
}

/**
 * Takes the run's real-time slot (test/support/real-time.ts) for this process, so the files that measure real time
 * wait while the type check and lint load the cores.
 */
function holdRealTimeSlot(folder: string): { release: () => void } {
  const lock = realTimeLock(folder);
  takeSlot(lock);
  return { release: () => releaseSlot(lock) };
}

/** Starts a node CLI in the repository; its result is '' when it passes, else what it printed. */
function check(name: string, cli: string, args: string[]): { child: ChildProcess; result: Promise<string> } {
  const child = spawn(process.execPath, [cli, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const result = new Promise<string>((resolve) => {
    let output = '';
    child.stdout?.on('data', (chunk) => { output += chunk; });
    child.stderr?.on('data', (chunk) => { output += chunk; });
    child.on('error', (error) => resolve(`${name} could not start: ${error.message}`));
    child.on('close', (code, signal) => resolve(code === 0 ? '' : `${name} failed (${signal ?? `exit ${code}`}):\n${output}`));
  });
  return { child, result };
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
