import { chmodSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SUITE_TMP } from './process-guard-environment';

/** One temp folder per jest run; each test file works in a folder of its own below it (test/support/process-guard-environment.ts). */
export default function globalSetup(): void {
  const folder = mkdtempSync(join(tmpdir(), 'backend-mtls-test-'));
  chmodSync(folder, 0o755);
  process.env[SUITE_TMP] = folder;
}
