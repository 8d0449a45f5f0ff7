import { readdirSync, readFileSync } from 'node:fs';

/** The processes whose command line names `dir`, as `pid: command line`: what a run left behind in its folder. */
export function processesUsing(dir: string): string[] {
  return readdirSync('/proc').filter((entry) => /^\d+$/.test(entry)).flatMap((pid) => {
    try {
      const commandLine = readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
      return commandLine.includes(dir) ? [`${pid}: ${commandLine}`] : [];
    } catch {
      return [];
    }
  });
}
