import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

/** One pinned upstream CRD file: where it lives below the CRD folder, its upstream URL and its sha256. */
export interface PinnedCrd {
  readonly sha256: string;
  readonly path: string;
  readonly url: string;
}

// From tools/validate/ in the repository, or from build/tools/validate/ once compiled.
const REPO_ROOT = resolve(__dirname, existsSync(resolve(__dirname, '../..', 'crds.sha256')) ? '../..' : '../../..');

/** The committed copies of the pinned upstream CRDs, laid out as `crds.sha256` lists them. */
export const CRD_DIR = join(REPO_ROOT, 'crds');

/** The pin list: sha256, path below {@link CRD_DIR}, upstream release URL, one file per line. */
export const SUMS_FILE = join(REPO_ROOT, 'crds.sha256');

const SUMS_HEADER = '# Pinned upstream CRDs: sha256, path below crds/, upstream release URL. Written by `npm run crds`; read by `npm run import` and the validator.';

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

/** Where the pins live, so tests can work on a copy. */
export interface PinFiles {
  /** @default CRD_DIR */
  readonly dir?: string;
  /** @default SUMS_FILE */
  readonly sumsFile?: string;
}

/**
 * The absolute path of every pinned CRD file the filter keeps, read from the committed `crds/` folder and each
 * checked against its sha256. No network and no setting: a missing or changed file is an error, never skipped.
 */
export function pinnedCrdFiles(filter: (pin: PinnedCrd) => boolean = () => true, files: PinFiles = {}): string[] {
  const { dir = CRD_DIR, sumsFile = SUMS_FILE } = files;
  return pinnedCrds(sumsFile).filter(filter).map((pin) => {
    const file = join(dir, pin.path);
    if (!existsSync(file)) {
      throw new Error(`CRD ${pin.path} is missing from ${dir}: restore it with \`git checkout -- ${relative(REPO_ROOT, file)}\`, or fetch the pinned file with \`npm run crds -- refresh\``);
    }
    verify(pin, readFileSync(file), file);
    return file;
  });
}

function verify(pin: PinnedCrd, content: Buffer, origin: string): void {
  const actual = sha256Of(content);
  if (actual !== pin.sha256) {
    throw new Error(`CRD ${pin.path} from ${origin} has sha256 ${actual}, but crds.sha256 pins ${pin.sha256}: the file is not the pinned upstream release; restore it, or pin what upstream serves with \`npm run crds -- refresh\``);
  }
}

/** The source a pinned file belongs to and its version, from its folder: `gateway-api-v1.6.1/...` → gateway-api, v1.6.1. */
export function sourceOf(pin: PinnedCrd): { source: string; version: string } {
  const match = /^([^/]+)-(v\d[^/]*)\//.exec(pin.path);
  if (!match) throw new Error(`crds.sha256: ${pin.path} is not below a <source>-<version>/ folder`);
  return { source: match[1], version: match[2] };
}

async function download(url: string): Promise<Buffer> {
  const response = await fetch(url).catch((error: Error) => {
    throw new Error(`cannot download ${url}: ${(error.cause as Error | undefined)?.message ?? error.message}`);
  });
  if (!response.ok) throw new Error(`cannot download ${url}: the server answered ${response.status}`);
  return Buffer.from(await response.arrayBuffer());
}

/** What {@link refreshPins} and {@link pinVersion} changed, one line per file. */
export interface PinChange {
  readonly path: string;
  readonly change: 'unchanged' | 'updated' | 'added' | 'removed';
}

/**
 * Downloads every pinned file again from its upstream URL, writes it into the CRD folder and records its sha256.
 * Nothing is written unless every download succeeds.
 */
export async function refreshPins(files: PinFiles = {}): Promise<PinChange[]> {
  const { dir = CRD_DIR, sumsFile = SUMS_FILE } = files;
  const pins = pinnedCrds(sumsFile);
  const fetched = await Promise.all(pins.map(async (pin) => ({ pin, content: await download(pin.url) })));
  const changes = fetched.map(({ pin, content }): PinChange => {
    const file = join(dir, pin.path);
    const change = !existsSync(file) ? 'added' : sha256Of(content) === pin.sha256 && sha256Of(readFileSync(file)) === pin.sha256 ? 'unchanged' : 'updated';
    return { path: pin.path, change };
  });
  writePins(fetched.map(({ pin, content }) => ({ ...pin, sha256: sha256Of(content), content })), [], dir, sumsFile);
  return changes;
}

/**
 * Pins another version of one source (the folder prefix, e.g. `gateway-api`): downloads each of its files at
 * `version` from the same upstream path, writes them into `<source>-<version>/`, replaces the source's lines in
 * crds.sha256 and removes the files of the version it replaces. Nothing is written unless every download succeeds.
 */
export async function pinVersion(source: string, version: string, files: PinFiles = {}): Promise<PinChange[]> {
  const { dir = CRD_DIR, sumsFile = SUMS_FILE } = files;
  if (!/^v\d[\w.+-]*$/.test(version)) throw new Error(`version "${version}" is not a release tag such as v1.7.0`);
  const pins = pinnedCrds(sumsFile);
  const replaced = pins.filter((pin) => sourceOf(pin).source === source);
  if (replaced.length === 0) {
    const sources = [...new Set(pins.map((pin) => sourceOf(pin).source))];
    throw new Error(`no pinned source "${source}": crds.sha256 pins ${sources.join(', ')}`);
  }
  const fetched = await Promise.all(replaced.map(async (pin) => {
    const old = sourceOf(pin).version;
    const url = pin.url.replace(`/${old}/`, `/${version}/`);
    if (url === pin.url) throw new Error(`crds.sha256: the URL of ${pin.path} does not hold its version ${old} as a path segment; pin it by hand`);
    const content = await download(url);
    return { sha256: sha256Of(content), path: pin.path.replace(`${source}-${old}/`, `${source}-${version}/`), url, content };
  }));
  const removed = replaced.filter((pin) => !fetched.some((fresh) => fresh.path === pin.path));
  writePins(fetched, removed, dir, sumsFile);
  return [
    ...fetched.map((pin): PinChange => ({ path: pin.path, change: replaced.some((old) => old.path === pin.path) ? 'updated' : 'added' })),
    ...removed.map((pin): PinChange => ({ path: pin.path, change: 'removed' })),
  ];
}

/** Writes the fetched files, removes the replaced ones and rewrites crds.sha256 with every pin sorted by path. */
function writePins(fetched: readonly (PinnedCrd & { content: Buffer })[], removed: readonly PinnedCrd[], dir: string, sumsFile: string): void {
  for (const pin of fetched) {
    const file = join(dir, pin.path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(`${file}.part`, pin.content);
    renameSync(`${file}.part`, file);
  }
  for (const pin of removed) {
    rmSync(join(dir, pin.path), { force: true });
    removeEmptyFolders(dirname(join(dir, pin.path)), dir);
  }
  const replaced = new Set([...removed, ...fetched].map((pin) => pin.path));
  const kept = pinnedCrds(sumsFile).filter((pin) => !replaced.has(pin.path));
  const lines = [...kept, ...fetched].sort((a, b) => (a.path < b.path ? -1 : 1)).map((pin) => `${pin.sha256}  ${pin.path}  ${pin.url}`);
  writeFileSync(`${sumsFile}.part`, `${SUMS_HEADER}\n${lines.join('\n')}\n`);
  renameSync(`${sumsFile}.part`, sumsFile);
}

function removeEmptyFolders(folder: string, root: string): void {
  let current = folder;
  while (current !== root && current.startsWith(root) && existsSync(current) && readdirSync(current).length === 0) {
    rmdirSync(current);
    current = dirname(current);
  }
}
