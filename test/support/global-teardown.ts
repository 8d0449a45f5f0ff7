import { rmSync } from 'node:fs';
import { CHECKS } from './global-setup';
import { killLeftovers } from './processes';
import { SUITE_TMP } from './suite-folders';

/**
 * Waits for the type check and lint global-setup started (under `npm test`) and fails the run with what they found;
 * fails it too when any process started in it is still running (and kills it); then removes the run's temp folder.
 */
export default async function globalTeardown(): Promise<void> {
  const checks = await ((globalThis as Record<symbol, Promise<string[]> | undefined>)[CHECKS] ?? Promise.resolve([]));
  const folder = process.env[SUITE_TMP];
  if (!folder) return;
  const leftovers = await killLeftovers(folder);
  rmSync(folder, { recursive: true, force: true });
  const failures = [...checks];
  if (leftovers.length > 0) failures.push(`processes started by the tests were still running at the end of the run (now killed):\n  ${leftovers.join('\n  ')}`);
  if (failures.length > 0) throw new Error(failures.join('\n'));
}
