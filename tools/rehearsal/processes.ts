import { ChildProcess, execFile, spawn, SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';

/** A program and its arguments. */
export type Command = readonly [file: string, ...args: string[]];

/**
 * Runs commands one after another to completion, in one shell, and returns the last one's stdout (the others' is
 * dropped); the first that exits non-zero stops the rest and throws with that command and its stderr. One shell
 * instead of one spawn per command: forking a test worker, whose memory runs to hundreds of MB, costs it about
 * 15 ms of CPU each time, while the shell forks in a fraction of a millisecond. `scratchDir` holds each command's stderr.
 */
export function runCommands(commands: readonly Command[], scratchDir: string): Promise<string> {
  const errors = path.join(scratchDir, `command-${++commandRuns}.stderr`);
  const script = [
    'run() { step=$1; shift; "$@" 2> "$errors" || { cat "$errors" >&2; exit "$step"; }; }',
    ...commands.map((command, index) => `run ${index + 1} ${command.map(shellWord).join(' ')}${index < commands.length - 1 ? ' > /dev/null' : ''}`),
  ].join('\n');
  return new Promise((resolve, reject) => {
    execFile('/bin/sh', ['-c', script], { env: { ...process.env, errors }, timeout: 20_000 * commands.length, encoding: 'utf8' }, (error, stdout, stderr) => {
      if (!error) {
        resolve(stdout);
        return;
      }
      const failed = typeof error.code === 'number' ? commands[error.code - 1] : undefined;
      reject(new Error(`${failed ? failed.join(' ') : commands.map((command) => command.join(' ')).join('; ')} failed: ${stderr.trim() || error.message}`));
    });
  });
}

/** Calls of runCommands so far: each keeps its stderr in a file of its own, so calls may share a scratch folder. */
let commandRuns = 0;

/** `word` as one word for sh. */
export function shellWord(word: string): string {
  return `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * Children not yet stopped; their groups are killed when this process exits, so an interrupted rehearsal leaves
 * nothing behind. A child stays here after it exits: its group may outlive it (nginx's workers when the master died).
 */
const running = new Set<ChildProcess>();
let exitHookInstalled = false;

function killGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    // The child leads its own process group (detached), so its workers receive the signal too.
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

/**
 * Whether any process of the child's group is still running: the child itself, or a worker it left behind. A zombie
 * does not count: it has exited, and only its parent's reaping is left, which for an orphan (the reloader's `sleep`
 * once the script has exited) is up to PID 1, however long that takes.
 */
function groupAlive(child: ChildProcess): boolean {
  if (child.pid === undefined) return false;
  try {
    process.kill(-child.pid, 0);
  } catch {
    return false;
  }
  return runningInGroup(child.pid);
}

/** Whether /proc lists a process of group `group` that is not a zombie; true where /proc cannot tell. */
function runningInGroup(group: number): boolean {
  let entries: string[];
  try {
    entries = readdirSync('/proc').filter((entry) => /^\d+$/.test(entry));
  } catch {
    return true;
  }
  return entries.some((pid) => {
    try {
      // "pid (comm) state ppid pgrp ...": comm may hold spaces and parentheses, so the fields count from its last ')'.
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, , pgrp] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(pgrp) === group && state !== 'Z';
    } catch {
      // Gone while we looked.
      return false;
    }
  });
}

/** Waits until the child's whole group is gone, up to a timeout; resolves whether it is. */
async function waitForGroup(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  for (const deadline = Date.now() + timeoutMs; groupAlive(child); await new Promise((resolve) => setTimeout(resolve, 20))) {
    if (Date.now() >= deadline) return false;
  }
  return true;
}

/**
 * Spawns a long-running child in its own process group and tracks it until {@link stopProcess}; any child
 * still running when this Node process exits is killed with its whole group.
 */
export function startProcess(file: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  if (!exitHookInstalled) {
    process.on('exit', () => running.forEach((child) => killGroup(child, 'SIGKILL')));
    exitHookInstalled = true;
  }
  const child = spawn(file, [...args], { ...options, detached: true });
  running.add(child);
  child.once('error', () => running.delete(child));
  return child;
}

/** Whether the child has exited. */
export function hasExited(child: ChildProcess): boolean {
  return child.exitCode !== null || child.signalCode !== null;
}

/** Waits for the child to exit, up to a timeout; resolves whether it did. */
export function waitForExit(child: ChildProcess, timeoutMs: number): Promise<boolean> {
  if (hasExited(child) || child.pid === undefined) return Promise.resolve(true);
  return new Promise((resolve) => {
    const timer = setTimeout(() => resolve(false), timeoutMs);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

/**
 * Stops a child started by {@link startProcess} and every process of its group, also when the child itself has
 * already exited (a killed nginx master leaves its workers running): `signal` to the group (nginx's master waits for
 * its workers), then SIGKILL to the whole group if any of it lingers.
 */
export async function stopProcess(child: ChildProcess, graceMs = 3_000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  killGroup(child, signal);
  if (!(await waitForExit(child, graceMs)) || !(await waitForGroup(child, graceMs))) {
    killGroup(child, 'SIGKILL');
    await waitForExit(child, graceMs);
    await waitForGroup(child, graceMs);
  }
  running.delete(child);
}

/**
 * Calls `start` every `intervalMs`, skipping a tick while `maxInFlight` of its promises are unsettled, and adds each
 * to `pending`: on a loaded machine a loop of requests then waits for its answers instead of piling up handshakes
 * that time out only because of the pile. Returns the timer, for clearInterval.
 */
export function everyInterval(intervalMs: number, maxInFlight: number, pending: Promise<unknown>[], start: () => Promise<unknown>): NodeJS.Timeout {
  let inFlight = 0;
  return setInterval(() => {
    if (inFlight >= maxInFlight) return;
    inFlight += 1;
    pending.push(start().finally(() => { inFlight -= 1; }));
  }, intervalMs);
}
