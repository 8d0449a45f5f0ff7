import { accessSync, constants } from 'node:fs';
import * as path from 'node:path';

/** The apt line that installs what the rehearsal runs. */
export const INSTALL_HINT = 'install with: apt-get install -y nginx openssl busybox';

/** The programs the rehearsal runs: the front's shell is BusyBox's, as in the alpine nginx image. */
export type Tool = 'nginx' | 'openssl' | 'busybox';

/** Thrown when a program the rehearsal runs is not installed. */
export class MissingToolError extends Error {
  constructor(public readonly tools: readonly Tool[]) {
    super(`the rehearsal needs ${tools.join(' and ')}, which ${tools.length > 1 ? 'are' : 'is'} not installed; ${INSTALL_HINT}`);
    this.name = 'MissingToolError';
  }
}

// Debian installs nginx in /usr/sbin, which is not on a non-root user's PATH.
const EXTRA_DIRS = ['/usr/sbin', '/sbin', '/usr/local/sbin'];

/** The absolute path of a tool, from PATH or the sbin folders; throws {@link MissingToolError} when absent. */
export function toolPath(tool: Tool): string {
  const dirs = [...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean), ...EXTRA_DIRS];
  for (const dir of dirs) {
    const candidate = path.join(dir, tool);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // Not here.
    }
  }
  throw new MissingToolError([tool]);
}

/** Throws one {@link MissingToolError} naming every tool that is missing. */
export function requireTools(): void {
  const missing = (['nginx', 'openssl', 'busybox'] as const).filter((tool) => {
    try {
      toolPath(tool);
      return false;
    } catch {
      return true;
    }
  });
  if (missing.length > 0) throw new MissingToolError(missing);
}
