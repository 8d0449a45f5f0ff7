import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolPath } from '../../tools/rehearsal/prerequisites';
import { runCommands, startProcess, stopProcess } from '../../tools/rehearsal/processes';

interface ProcessEntry {
  readonly pid: number;
  readonly state: string;
  readonly parent: number;
  readonly group: number;
}

/** Every process /proc lists, with its state, parent and process group. */
function processTable(): ProcessEntry[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, parent, group] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return [{ pid: Number(pid), state, parent: Number(parent), group: Number(group) }];
    } catch {
      return [];
    }
  });
}

async function eventually<T>(find: () => T | undefined): Promise<T> {
  for (const deadline = Date.now() + 10_000; Date.now() < deadline; await new Promise((resolve) => setTimeout(resolve, 20))) {
    const found = find();
    if (found !== undefined) return found;
  }
  throw new Error('not found within 10 s');
}

describe('stopping a child and its process group', () => {
  test('a group left with only a zombie counts as stopped: its reaping is not waited for', async () => {
    // The group's leader starts a shell that leaves an exited child (`true &`) unreaped in the group, then moves to a
    // session of its own (setsid) and sleeps: the child stays a zombie, in the group, for as long as that shell lives,
    // as the reloader's orphaned `sleep` stays one until PID 1 reaps it.
    const busybox = toolPath('busybox');
    const leader = startProcess(busybox, ['sh', '-c', `${busybox} sh -c 'true & exec ${busybox} setsid sleep 30' & exec sleep 30`], { stdio: 'ignore' });
    const zombie = await eventually(() => processTable().find((entry) => entry.group === leader.pid && entry.state === 'Z'));
    try {
      const started = Date.now();
      await stopProcess(leader, 3_000);
      // Had it waited for the zombie, it would have taken the whole grace period, then KILL and another one.
      expect(Date.now() - started).toBeLessThan(3_000);
      expect(processTable().filter((entry) => entry.group === leader.pid && entry.state !== 'Z')).toEqual([]);
    } finally {
      process.kill(zombie.parent, 'SIGKILL');
    }
  });
});

describe('running commands one after another in one shell', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'commands-'));
  });
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  test('returns the last command\'s output; the others\' is dropped, and every word reaches its command as written', async () => {
    const printf = '/usr/bin/printf';
    expect(await runCommands([[printf, 'dropped'], [printf, '%s|', 'it\'s', 'two words', '$HOME', '*']], folder)).toBe('it\'s|two words|$HOME|*|');
  });

  test('stops at the first command that fails, naming it and what it wrote to stderr', async () => {
    const marker = join(folder, 'ran');
    await expect(runCommands([['/bin/sh', '-c', 'echo first >&2'], ['/bin/sh', '-c', 'echo "no such thing" >&2; exit 3'], ['/usr/bin/touch', marker]], folder))
      .rejects.toThrow(/^\/bin\/sh -c echo "no such thing" >&2; exit 3 failed: no such thing$/);
    expect(existsSync(marker)).toBe(false);
  });
});
