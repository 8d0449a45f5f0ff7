import { join } from 'node:path';
import { callInWorker } from './worker';

const EXPORTS = join(__dirname, '..', 'fixtures', 'worker-exports.ts');

describe('callInWorker', () => {
  test('calls a TypeScript export in a worker thread with this file\'s environment and resolves to its result', async () => {
    expect(await callInWorker(EXPORTS, 'doubled', 21)).toEqual({ doubled: 42, tmpdir: process.env.TMPDIR });
  });

  test('rejects with what the export threw, its stack included', async () => {
    await expect(callInWorker(EXPORTS, 'failing')).rejects.toThrow(/^failing \(.*worker-exports\.ts\) in a worker thread threw: Error: failing on purpose\n\s+at /);
  });

  test('rejects naming an export the module does not have', async () => {
    await expect(callInWorker(EXPORTS, 'absent')).rejects.toThrow(/^absent \(.*worker-exports\.ts\) in a worker thread threw: TypeError: .* is not a function/);
  });
});
