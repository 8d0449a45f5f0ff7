import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';

/** One pinned upstream CRD file: where it lives below a CRD folder, its upstream URL and its sha256. */
export interface PinnedCrd {
  readonly sha256: string;
  readonly path: string;
  readonly url: string;
}

/** Environment variable that names a local CRD folder laid out as `crds.sha256` lists (e.g. `../shared/crds`). */
export const CRD_DIR_ENV = 'BACKEND_MTLS_CRDS';

const REPO_ROOT = resolve(__dirname, existsSync(resolve(__dirname, '../..', 'crds.sha256')) ? '../..' : '../../..');
const SUMS_FILE = join(REPO_ROOT, 'crds.sha256');
const SIBLING_CRD_DIR = resolve(REPO_ROOT, '..', 'shared', 'crds');

/** Reads the pinned CRD list (`crds.sha256`: sha256, path, URL per line). */
export function pinnedCrds(sumsFile: string = SUMS_FILE): PinnedCrd[] {
  return readFileSync(sumsFile, 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'))
    .map((line) => {
      const [sha256, path, url] = line.split(/\s+/);
      return { sha256, path, url };
    });
}

/** The hex sha256 of a file's content, as crds.sha256 records it. */
export function sha256Of(content: Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}

/** Where downloaded CRDs (and the validator's parsed copies of them) are cached, outside the repository. */
export function cacheDir(): string {
  const base = process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache');
  return join(base, 'backend-mtls', 'crds');
}

/**
 * Finds a local CRD folder: `$BACKEND_MTLS_CRDS`, else `../shared/crds` beside the repository, else the
 * download cache. Returns undefined when none holds every pinned file.
 */
function localCrdDir(pins: PinnedCrd[]): string | undefined {
  const fromEnv = process.env[CRD_DIR_ENV];
  if (fromEnv) {
    const missing = pins.filter((pin) => !existsSync(join(fromEnv, pin.path)));
    if (missing.length > 0) {
      throw new Error(`${CRD_DIR_ENV}=${fromEnv} lacks ${missing.map((pin) => pin.path).join(', ')}: point it at a folder laid out as crds.sha256 lists, or unset it to download the pinned files`);
    }
    return fromEnv;
  }
  return [SIBLING_CRD_DIR, cacheDir()].find((dir) => pins.every((pin) => existsSync(join(dir, pin.path))));
}

function verify(pin: PinnedCrd, content: Buffer, origin: string): void {
  const actual = sha256Of(content);
  if (actual !== pin.sha256) {
    throw new Error(`CRD ${pin.path} from ${origin} has sha256 ${actual}, but crds.sha256 pins ${pin.sha256}: the file is not the pinned upstream release`);
  }
}

/** Downloads each pinned file missing from `dir`, verifying its sha256 before it is kept. */
export async function downloadPinnedCrds(pins: PinnedCrd[], dir: string): Promise<void> {
  for (const pin of pins) {
    const target = join(dir, pin.path);
    if (existsSync(target)) continue;
    const response = await fetch(pin.url).catch((error: Error) => {
      throw new Error(`cannot download CRD ${pin.path} from ${pin.url} (${error.message}): set ${CRD_DIR_ENV} to a local CRD folder when offline`);
    });
    if (!response.ok) throw new Error(`cannot download CRD ${pin.path}: ${pin.url} answered ${response.status}`);
    const content = Buffer.from(await response.arrayBuffer());
    verify(pin, content, pin.url);
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(`${target}.part`, content);
    renameSync(`${target}.part`, target);
  }
}

/**
 * Returns the absolute paths of every pinned CRD file, each verified against its sha256. Uses a local
 * folder when one has them all; otherwise downloads them once into `~/.cache/backend-mtls/crds`.
 * Fails loudly when no source can be had: a missing CRD is never skipped.
 */
export async function resolveCrdFiles(filter: (pin: PinnedCrd) => boolean = () => true): Promise<string[]> {
  const pins = pinnedCrds().filter(filter);
  let dir = localCrdDir(pins);
  if (!dir) {
    dir = cacheDir();
    await downloadPinnedCrds(pins, dir);
  }
  return verifiedFiles(pins, dir);
}

/** Like {@link resolveCrdFiles} but only from a local folder, for synchronous callers; throws if none has them. */
export function resolveLocalCrdFiles(filter: (pin: PinnedCrd) => boolean = () => true): string[] {
  const pins = pinnedCrds().filter(filter);
  const dir = localCrdDir(pins);
  if (!dir) {
    throw new Error(`no local copy of the pinned CRDs: run \`npm run crds\` once with network, or set ${CRD_DIR_ENV} to a folder laid out as crds.sha256 lists`);
  }
  return verifiedFiles(pins, dir);
}

/** The absolute path of each pin below `dir`, each file checked against its sha256. */
function verifiedFiles(pins: PinnedCrd[], dir: string): string[] {
  return pins.map((pin) => {
    const file = join(dir, pin.path);
    verify(pin, readFileSync(file), file);
    return file;
  });
}
