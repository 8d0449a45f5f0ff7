import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { CRD_DIR, pinnedCrdFiles, pinnedCrds, pinVersion, refreshPins, sha256Of, sourceOf, SUMS_FILE } from '../tools/validate/crd-sources';

/** Every file below a folder, as paths relative to it. */
function filesBelow(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((path) => statSync(join(dir, path)).isFile()).sort();
}

describe('the committed CRDs', () => {
  test('every pinned file is in crds/ with its sha256, and every YAML file there is pinned', () => {
    const files = pinnedCrdFiles();
    expect(files.map((file) => relative(CRD_DIR, file)).sort()).toEqual(filesBelow(CRD_DIR).filter((path) => path.endsWith('.yaml')));
    expect(files.length).toBeGreaterThan(0);
  });

  test('crds/ carries the Apache-2.0 license, and its NOTICE and SOURCES.md name every source and file', () => {
    expect(readFileSync(join(CRD_DIR, 'LICENSE'), 'utf8')).toMatch(/^\s*Apache License\s+Version 2\.0, January 2004/);
    const notice = readFileSync(join(CRD_DIR, 'NOTICE'), 'utf8');
    const sources = readFileSync(join(CRD_DIR, 'SOURCES.md'), 'utf8');
    for (const pin of pinnedCrds()) {
      const { source, version } = sourceOf(pin);
      expect(notice).toContain(`${source}-<version>/`);
      expect(sources).toContain(`${source}-${version}/`);
      expect(sources).toContain(pin.path.split('/').pop());
    }
  });
});

describe('reading the pinned CRDs', () => {
  let work: string;
  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'crds-'));
    cpSync(CRD_DIR, join(work, 'crds'), { recursive: true });
  });
  afterEach(() => rmSync(work, { recursive: true, force: true }));
  const [pin] = pinnedCrds();

  test('a changed file is refused, naming the file, both sums and the way back', () => {
    writeFileSync(join(work, 'crds', pin.path), `${readFileSync(join(CRD_DIR, pin.path), 'utf8')}# changed\n`);
    expect(() => pinnedCrdFiles(() => true, { dir: join(work, 'crds') })).toThrow(new RegExp(`CRD ${pin.path} from .* has sha256 [0-9a-f]{64}, but crds.sha256 pins ${pin.sha256}: .*restore it`));
  });

  test('a missing file is an error that names it, never a skipped check', () => {
    rmSync(join(work, 'crds', pin.path));
    expect(() => pinnedCrdFiles(() => true, { dir: join(work, 'crds') })).toThrow(`CRD ${pin.path} is missing from ${join(work, 'crds')}`);
  });
});

/** Serves files from a folder on a loopback port, as upstream's raw URLs would; other paths answer 404. */
async function mirror(files: Record<string, string>): Promise<{ server: Server; base: string }> {
  const server = createServer((request, response) => {
    const body = files[request.url ?? ''];
    response.statusCode = body === undefined ? 404 : 200;
    response.end(body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` };
}

describe('npm run crds: refresh and pin from upstream', () => {
  // A copy of the trust-manager pins whose URLs point at a loopback mirror.
  const pins = pinnedCrds().filter((pin) => sourceOf(pin).source === 'trust-manager');
  const upstreamPath = (url: string) => new URL(url).pathname;
  let work: string;
  let files: { dir: string; sumsFile: string };
  let servers: Server[];

  async function upstream(content: Record<string, string>): Promise<void> {
    const { server, base } = await mirror(content);
    servers.push(server);
    writeFileSync(files.sumsFile, `# pins\n${pins.map((pin) => `${pin.sha256}  ${pin.path}  ${base}${upstreamPath(pin.url)}`).join('\n')}\n`);
  }

  beforeEach(() => {
    work = mkdtempSync(join(tmpdir(), 'crds-pin-'));
    files = { dir: join(work, 'crds'), sumsFile: join(work, 'crds.sha256') };
    for (const pin of pins) cpSync(join(CRD_DIR, pin.path), join(files.dir, pin.path));
    servers = [];
  });
  afterEach(() => {
    servers.forEach((server) => server.close());
    rmSync(work, { recursive: true, force: true });
  });

  test('refresh: what upstream serves unchanged keeps files and sums; a changed file is written with its new sum', async () => {
    const [same, changed] = pins;
    await upstream({
      [upstreamPath(same.url)]: readFileSync(join(CRD_DIR, same.path), 'utf8'),
      [upstreamPath(changed.url)]: 'changed upstream\n',
    });
    const changes = await refreshPins(files);
    expect(changes).toEqual([{ path: same.path, change: 'unchanged' }, { path: changed.path, change: 'updated' }]);
    expect(readFileSync(join(files.dir, changed.path), 'utf8')).toBe('changed upstream\n');
    const sums = pinnedCrds(files.sumsFile);
    expect(sums.find((pin) => pin.path === changed.path)!.sha256).toBe(sha256Of(Buffer.from('changed upstream\n')));
    expect(sums.find((pin) => pin.path === same.path)!.sha256).toBe(same.sha256);
    expect(pinnedCrdFiles(() => true, files)).toHaveLength(pins.length);
  });

  test('pin: a new release lands in its own folder with its sums, and the old release\'s files go', async () => {
    const next = Object.fromEntries(pins.map((pin) => [upstreamPath(pin.url).replace('/v0.24.0/', '/v0.25.0/'), `${pin.path} at v0.25.0\n`]));
    await upstream(next);
    const changes = await pinVersion('trust-manager', 'v0.25.0', files);
    const pinned = pinnedCrds(files.sumsFile);
    expect(pinned.map((pin) => pin.path)).toEqual(pins.map((pin) => pin.path.replace('trust-manager-v0.24.0/', 'trust-manager-v0.25.0/')).sort());
    expect(pinned.every((pin) => pin.url.includes('/v0.25.0/'))).toBe(true);
    expect(changes.map(({ change }) => change).sort()).toEqual([...pins.map(() => 'added'), ...pins.map(() => 'removed')].sort());
    expect(existsSync(join(files.dir, 'trust-manager-v0.24.0'))).toBe(false);
    expect(pinnedCrdFiles(() => true, files)).toHaveLength(pins.length);
  });

  test('a download that fails writes nothing and says which URL', async () => {
    await upstream({ [upstreamPath(pins[0].url).replace('/v0.24.0/', '/v0.25.0/')]: 'only one of the files\n' });
    const sumsBefore = readFileSync(files.sumsFile, 'utf8');
    await expect(pinVersion('trust-manager', 'v0.25.0', files)).rejects.toThrow(/cannot download http:\/\/127\.0\.0\.1:\d+\/.*\/v0\.25\.0\/.*: the server answered 404/);
    expect(readFileSync(files.sumsFile, 'utf8')).toBe(sumsBefore);
    expect(filesBelow(files.dir)).toEqual(pins.map((pin) => pin.path).sort());
  });

  test('an unknown source or a version that is not a tag is refused before any download', async () => {
    await upstream({});
    await expect(pinVersion('gateway', 'v1.0.0', files)).rejects.toThrow('no pinned source "gateway": crds.sha256 pins trust-manager');
    await expect(pinVersion('trust-manager', '../x', files)).rejects.toThrow('version "../x" is not a release tag such as v1.7.0');
  });
});

test('crds.sha256 is what `npm run crds` writes: a header line, then one line per pin sorted by path', () => {
  const lines = readFileSync(SUMS_FILE, 'utf8').trimEnd().split('\n');
  expect(lines[0]).toMatch(/^# /);
  const paths = lines.slice(1).map((line) => line.split(/\s+/)[1]);
  expect(paths).toEqual([...paths].sort((a, b) => (a < b ? -1 : 1)));
});
