import { spawn, spawnSync } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { isRunning, killLeftovers, processesUsing } from './processes';
import { SUITE_TMP } from './suite-folders';

const root = join(__dirname, '..', '..');

describe('processesUsing and killLeftovers', () => {
  let folder: string;
  beforeEach(() => { folder = mkdtempSync(join(tmpdir(), 'guard-')); });
  afterEach(() => rmSync(folder, { recursive: true, force: true }));

  test('find a detached process that only holds a file of the folder open, and kill it', async () => {
    const log = openSync(join(folder, 'worker.log'), 'a');
    const child = spawn('sleep', ['300'], { cwd: '/', detached: true, stdio: ['ignore', log, log] });
    closeSync(log);
    try {
      expect(processesUsing(folder)).toEqual([`${child.pid}: sleep 300`]);
      expect(await killLeftovers(folder, 100)).toEqual([`${child.pid}: sleep 300`]);
      await new Promise((resolve) => child.once('exit', resolve));
      expect(processesUsing(folder)).toEqual([]);
    } finally {
      child.kill('SIGKILL');
    }
  });

  test('find a process by its working folder and one by its command line', async () => {
    const inFolder = spawn('sleep', ['300'], { cwd: folder, stdio: 'ignore' });
    // One process that names the folder and forks nothing: a shell would fork its `sleep`, and until that child
    // execs it carries the shell's command line too; killing the shell would then leave the sleep running.
    const keepAlive = 'setInterval(() => undefined, 300_000)';
    const naming = spawn(process.execPath, ['-e', keepAlive, folder], { cwd: '/', stdio: 'ignore' });
    try {
      expect(processesUsing(folder).sort()).toEqual([`${inFolder.pid}: sleep 300`, `${naming.pid}: ${process.execPath} -e ${keepAlive} ${folder}`].sort());
    } finally {
      inFolder.kill('SIGKILL');
      naming.kill('SIGKILL');
    }
  });
});

describe('the jest environment of this suite', () => {
  test('fails a test file that leaves a process running, or times out with one, names the process, and kills it', () => {
    const pidDir = mkdtempSync(join(tmpdir(), 'guard-run-'));
    // The run's own TMPDIR, so the inner jest finds the transform cache warm.
    const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: dirname(process.env[SUITE_TMP] ?? tmpdir()), LEFTOVER_PID_DIR: pidDir };
    // This suite's environment and transform, without the run-wide setup (the outer run did it) and with a short wait
    // for the leftovers, which never end by themselves.
    const { testEnvironment, transform, testEnvironmentOptions } = require(join(root, 'jest.config.js'));
    const config = { rootDir: root, testEnvironment, transform, testEnvironmentOptions: { ...testEnvironmentOptions, leftoverGraceMs: 100 } };
    const run = spawnSync(process.execPath, [
      join(root, 'node_modules', 'jest', 'bin', 'jest.js'), '--config', JSON.stringify(config), '--runInBand',
      '--testMatch', '<rootDir>/test/fixtures/leaves-a-process.ts', '<rootDir>/test/fixtures/times-out-leaving-a-process.ts',
    ], { cwd: root, encoding: 'utf8', env });
    const [leaves, timesOut] = ['leaves.pid', 'times-out.pid'].map((file) => Number(readFileSync(join(pidDir, file), 'utf8')));
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`processes started by this test file were still running when it ended (now killed):\n      ${leaves}: sleep 300`);
    expect(run.stderr).toMatch(/starts a process and times out before it stops it[^]*Exceeded timeout of 300 ms/);
    expect(run.stderr).toContain(`processes started by this test file were still running when it ended (now killed):\n      ${timesOut}: sleep 300`);
    expect([isRunning(leaves), isRunning(timesOut)]).toEqual([false, false]);
  });
});
