import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { EnvironmentContext, JestEnvironmentConfig } from '@jest/environment';
import type { Circus } from '@jest/types';
import { TestEnvironment } from 'jest-environment-node';
import { killLeftovers } from './processes';
import { CACHE_TMP, SUITE_TMP } from './suite-folders';


/**
 * Jest's node environment, plus a temp folder of the file's own as TMPDIR (os.tmpdir() and every child process
 * see it). When the file ends (its afterAll hooks ran, also after a failure or a timeout), any process still using
 * that folder is killed and the file fails, naming it, beside its test results: a test stops every process it starts.
 */
export default class ProcessGuardEnvironment extends TestEnvironment {
  private readonly folder: string;
  private readonly previousTmpdir: string | undefined;
  /** How long a process still using the folder may take to end by itself (an nginx shutting down) before it is killed. */
  private readonly leftoverGraceMs: number;

  constructor(config: JestEnvironmentConfig, context: EnvironmentContext) {
    const folder = mkdtempSync(join(process.env[SUITE_TMP] ?? tmpdir(), `${basename(context.testPath, '.test.ts')}-`));
    // As /tmp: the rehearsal runs nginx as the Deployment's runAsUser, which must reach its own folders.
    chmodSync(folder, 0o1777);
    // tsx keeps its transform cache in $TMPDIR/tsx-<uid>: every file's processes share the usual one.
    const tsxCache = `tsx-${process.geteuid?.() ?? 'user'}`;
    mkdirSync(join(tmpdir(), tsxCache), { recursive: true });
    symlinkSync(join(tmpdir(), tsxCache), join(folder, tsxCache));
    const previousTmpdir = process.env.TMPDIR;
    process.env[CACHE_TMP] ??= tmpdir();
    process.env.TMPDIR = folder;
    super(config, context);
    this.folder = folder;
    this.previousTmpdir = previousTmpdir;
    this.leftoverGraceMs = Number(config.projectConfig.testEnvironmentOptions.leftoverGraceMs ?? 2_000);
  }

  /** After the file's last hook: a process still using its folder is killed, and the file fails beside its test results. */
  public async handleTestEvent(event: Circus.AsyncEvent | Circus.SyncEvent, state: Circus.State): Promise<void> {
    if (event.name !== 'run_finish') return;
    const leftovers = await killLeftovers(this.folder, this.leftoverGraceMs);
    if (leftovers.length > 0) state.unhandledErrors.push(leftoverError(leftovers));
  }

  public async teardown(): Promise<void> {
    if (this.previousTmpdir === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = this.previousTmpdir;
    // Reached without run_finish only when the file did not load; anything it started goes too.
    const leftovers = await killLeftovers(this.folder, this.leftoverGraceMs);
    rmSync(this.folder, { recursive: true, force: true });
    await super.teardown();
    if (leftovers.length > 0) throw leftoverError(leftovers);
  }
}

function leftoverError(leftovers: string[]): Error {
  return new Error(`processes started by this test file were still running when it ended (now killed):\n  ${leftovers.join('\n  ')}`);
}
