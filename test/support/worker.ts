import { Worker } from 'node:worker_threads';
import { REGISTER_TS } from './typescript-node';

// Loads the app's TypeScript hook, calls the export and posts back its result, or the stack of what it threw.
const WORKER_SOURCE = `
const { parentPort, workerData: { registerTs, file, name, args } } = require('node:worker_threads');
require(registerTs);
let reply;
try {
  reply = { result: require(file)[name](...args) };
} catch (error) {
  reply = { error: error instanceof Error ? error.stack : String(error) };
}
parentPort.postMessage(reply);
`;

/**
 * Calls the export `name` of the TypeScript module `file` (an absolute path) with `args` in a worker thread, and
 * resolves to what it returns, as a structured clone. For CPU-bound work without assertions (writing and reading
 * back thousands of YAML documents): jest runs test code in a vm sandbox, where it runs at about half the speed of
 * plain Node. The worker gets this test's environment and is ended before this returns, also when the call fails.
 */
export async function callInWorker<T>(file: string, name: string, ...args: unknown[]): Promise<T> {
  const worker = new Worker(WORKER_SOURCE, { eval: true, env: { ...process.env }, workerData: { registerTs: REGISTER_TS, file, name, args } });
  try {
    const reply = await new Promise<{ result?: T; error?: string }>((resolve, reject) => {
      worker.once('message', resolve);
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`the worker thread ended (exit ${code}) before it answered`)));
    });
    if (reply.error !== undefined) throw new Error(`${name} (${file}) in a worker thread threw: ${reply.error}`);
    return reply.result as T;
  } finally {
    await worker.terminate();
  }
}
