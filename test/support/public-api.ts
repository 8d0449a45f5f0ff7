import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ApiEntry } from '../../tools/api/reference';
import { SUITE_TMP } from './suite-folders';

const ENTRY_POINT = join(__dirname, '..', '..', 'lib', 'index.ts');

/**
 * The package's public API as tools/api/reference.ts reads it from lib/index.ts, read once per jest run and shared by
 * the test files that inspect it (TypeScript's program for lib/ takes seconds to build). The first file to need it
 * writes it to the run's folder; outside a jest run it is read afresh.
 */
export function publicApi(): ApiEntry[] {
  const suite = process.env[SUITE_TMP];
  const shared = suite && join(suite, 'public-api.json');
  if (shared && existsSync(shared)) return JSON.parse(readFileSync(shared, 'utf8'));
  // Loaded only when needed: it brings the TypeScript compiler.
  const { readApi } = require('../../tools/api/reference') as typeof import('../../tools/api/reference');
  const api = readApi(ENTRY_POINT);
  if (shared) {
    writeFileSync(`${shared}.${process.pid}`, JSON.stringify(api));
    renameSync(`${shared}.${process.pid}`, shared);
  }
  return api;
}
