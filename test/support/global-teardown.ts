import { rmSync } from 'node:fs';
import { killLeftovers } from './processes';
import { SUITE_TMP } from './suite-folders';

/** Fails the run when any process started in it is still running (and kills it), then removes the run's temp folder. */
export default async function globalTeardown(): Promise<void> {
  const folder = process.env[SUITE_TMP];
  if (!folder) return;
  const leftovers = await killLeftovers(folder);
  rmSync(folder, { recursive: true, force: true });
  if (leftovers.length > 0) throw new Error(`processes started by the tests were still running at the end of the run (now killed):\n  ${leftovers.join('\n  ')}`);
}
