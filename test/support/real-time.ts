import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUITE_TMP } from './suite-folders';

const WAIT_MS = 600_000;

/** Whether a process with this pid is still running. */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * The pid the slot's lock folder names, or 0 while it names none (just taken, or being released). It only reads:
 * a waiter that wrote into the folder could make its holder's release fail (ENOTEMPTY) and end the whole run.
 */
export function holderOf(lock: string): number {
  try {
    return Number(readFileSync(join(lock, 'pid'), 'utf8')) || 0;
  } catch {
    return 0;
  }
}

/**
 * Frees the slot: the lock folder is renamed away in one step, so the path is free at once and no waiter meets a
 * half-removed folder, then removed. Never throws: a slot already gone is free.
 */
export function releaseSlot(lock: string): void {
  const released = `${lock}.released-${process.pid}-${Date.now()}`;
  try {
    renameSync(lock, released);
  } catch {
    return;
  }
  rmSync(released, { recursive: true, force: true });
}

/** The run's real-time slot: a lock folder in `folder` (the run's temp folder) that holds its holder's pid. */
export function realTimeLock(folder: string): string {
  return join(folder, 'real-time.lock');
}

/** Takes the slot for this process at once; throws (EEXIST) when another holds it. */
export function takeSlot(lock: string): void {
  mkdirSync(lock);
  writeFileSync(join(lock, 'pid'), String(process.pid));
}

/** Takes the run's one real-time slot, waiting while another test file holds it; a slot whose holder died is taken over. */
async function acquire(lock: string): Promise<void> {
  for (const deadline = Date.now() + WAIT_MS; ;) {
    try {
      takeSlot(lock);
      return;
    } catch {
      const holder = holderOf(lock);
      if (holder > 0 && !alive(holder)) releaseSlot(lock);
    }
    if (Date.now() > deadline) throw new Error(`the real-time slot ${lock} was not free within ${WAIT_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Makes the calling test file run alone among the files that measure real time or load both cores (the lifecycle
 * and rollout rehearsals, whose pooled clients each keep a core busy; under `npm test` also the type check and lint,
 * see global-setup.ts): a rehearsal's deadlines measure the front, not a neighbour's load. Call it at the top of the
 * file, before any other hook; the other jest worker goes on with the files that do not call it.
 */
export function runAloneInRealTime(): void {
  const lock = realTimeLock(process.env[SUITE_TMP] ?? tmpdir());
  beforeAll(() => acquire(lock), WAIT_MS + 10_000);
  afterAll(() => {
    if (holderOf(lock) === process.pid) releaseSlot(lock);
  });
}
