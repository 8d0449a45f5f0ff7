import { readdirSync, readFileSync, readlinkSync } from 'node:fs';

/**
 * The processes that use `dir`, as `pid: command line`: what a run left behind in its folder. A process uses the
 * folder when its command line names it, it runs in it, or it holds a file of it open: an nginx worker renames
 * itself (`nginx: worker process`) and may run elsewhere, but keeps its log open. This process and zombies
 * (exited, not yet reaped) do not count.
 */
export function processesUsing(dir: string): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry) && Number(entry) !== process.pid).flatMap((pid) => {
    try {
      if (!isRunning(pid)) return [];
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ').trim();
      const inside = (path: string) => path === dir || path.startsWith(`${dir}/`);
      const uses = commandLine.includes(dir) || inside(readlinkSync(`/proc/${pid}/cwd`)) || openFiles(pid).some(inside);
      return uses ? [`${pid}: ${commandLine}`] : [];
    } catch {
      // Gone while we looked.
      return [];
    }
  });
}

/** Whether process `pid` runs: /proc lists it and it is no zombie (exited, only its reaping left). */
export function isRunning(pid: number | string): boolean {
  try {
    return !/^State:\s+Z/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
  } catch {
    return false;
  }
}

function openFiles(pid: string): string[] {
  return readdirSync(`/proc/${pid}/fd`).flatMap((fd) => {
    try {
      return [readlinkSync(`/proc/${pid}/fd/${fd}`).replace(/ \(deleted\)$/, '')];
    } catch {
      return [];
    }
  });
}

/** Waits up to `timeoutMs` for the processes using `dir` to end; what still runs then is killed and returned. */
export async function killLeftovers(dir: string, timeoutMs = 2_000): Promise<string[]> {
  for (const deadline = Date.now() + timeoutMs; processesUsing(dir).length > 0 && Date.now() < deadline;) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const leftovers = processesUsing(dir);
  for (const leftover of leftovers) {
    try {
      process.kill(Number(leftover.split(':')[0]), 'SIGKILL');
    } catch {
      // Ended meanwhile.
    }
  }
  return leftovers;
}
