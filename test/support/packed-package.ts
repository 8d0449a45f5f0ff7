import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { SUITE_TMP } from './suite-folders';

const REPO_ROOT = join(__dirname, '..', '..');
const WAIT_MS = 240_000;

/** This package as `npm pack` made it: the tarball, and the folder it unpacks to (what npm installs). */
export interface PackedPackage {
  readonly tarball: string;
  readonly folder: string;
}

let packed: PackedPackage | undefined;

/**
 * This package packed once per jest run (`npm pack`, whose `prepare` builds it with tsconfig.build.json, or only says
 * build/ is up to date when it holds the output of the same inputs, as after `npm ci`: scripts/build.js) and
 * shared by every test file that installs it or compiles against it, across jest's workers: the first caller
 * packs, the others wait for it. A failed build fails every caller with its messages.
 */
export function packedPackage(): PackedPackage {
  if (packed) return packed;
  const shared = join(process.env[SUITE_TMP] ?? join(tmpdir(), `backend-mtls-pack-${process.pid}`), 'packed-package');
  const [ready, failed] = [join(shared, 'ready'), `${shared}.failed`];
  mkdirSync(dirname(shared), { recursive: true });
  let owner = false;
  try {
    mkdirSync(shared, { recursive: false });
    owner = true;
  } catch {
    // Another test file packs it; wait below.
  }
  if (owner) {
    try {
      execFileSync('npm', ['pack', '--silent', '--pack-destination', shared], { cwd: REPO_ROOT, stdio: 'pipe', encoding: 'utf8' });
      const tarball = readdirSync(shared).find((file) => file.endsWith('.tgz'));
      if (!tarball) throw new Error(`npm pack wrote no tarball into ${shared}`);
      execFileSync('tar', ['-xzf', join(shared, tarball), '-C', shared]);
      writeFileSync(ready, tarball);
    } catch (error) {
      const { stdout, stderr } = error as { stdout?: string; stderr?: string };
      writeFileSync(failed, `npm pack failed in ${REPO_ROOT}:\n${stdout ?? ''}${stderr ?? (error as Error).message}`);
    }
  }
  for (const deadline = Date.now() + WAIT_MS; !existsSync(ready) && !existsSync(failed);) {
    if (Date.now() > deadline) throw new Error(`npm pack into ${shared} did not finish within ${WAIT_MS / 1000} s`);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
  }
  if (existsSync(failed)) throw new Error(readFileSync(failed, 'utf8'));
  packed = { tarball: join(shared, readFileSync(ready, 'utf8')), folder: join(shared, 'package') };
  return packed;
}
