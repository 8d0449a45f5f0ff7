import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createScriptTransformer } from '@jest/transform';
import type { Config } from '@jest/types';
import { SUITE_TMP } from './suite-folders';

const ROOT = join(__dirname, '..', '..');
/** The sources nearly every test file loads: transformed once here rather than once per jest worker. */
const SHARED_SOURCES = ['imports', 'lib', 'tools'];

/**
 * Before any test runs: one temp folder for the run (each test file works in a folder of its own below it, see
 * test/support/process-guard-environment.ts), and the shared sources in jest's transform cache. Under `npm test`
 * it also type-checks the whole tree (`tsc --noEmit`) and lints it (`eslint .`) meanwhile, and fails the run before
 * any test when either finds a problem.
 */
export default async function globalSetup(globalConfig: Config.GlobalConfig, projectConfig: Config.ProjectConfig): Promise<void> {
  const folder = mkdtempSync(join(tmpdir(), 'backend-mtls-test-'));
  chmodSync(folder, 0o755);
  process.env[SUITE_TMP] = folder;
  const checks = process.env.npm_lifecycle_event === 'test' ? [
    check('tsc --noEmit', join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc'), ['--noEmit']),
    // The cache lives in the clone (gitignored): a fresh clone lints everything, a second run only what changed.
    check('eslint .', join(ROOT, 'node_modules', 'eslint', 'bin', 'eslint.js'), ['--cache', '--cache-location', join(ROOT, '.cache', 'eslint') + '/', '.']),
  ] : [];
  await warmTransformCache(globalConfig, projectConfig);
  const failed = (await Promise.all(checks)).filter((result) => result !== '');
  if (failed.length > 0) throw new Error(failed.join('\n'));
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
