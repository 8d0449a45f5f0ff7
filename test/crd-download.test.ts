import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { downloadPinnedCrds, pinnedCrds, resolveLocalCrdFiles } from '../tools/validate/crd-sources';

/** The pin the tests download: the standard channel's BackendTLSPolicy CRD. */
const pin = pinnedCrds().find((candidate) => candidate.path.endsWith('backendtlspolicies.yaml') && candidate.path.includes('/standard/'))!;

/** Serves the pinned file from the local copy, as its upstream URL would, optionally tampered. */
function mirror(tamper: boolean): Promise<{ server: Server; base: string }> {
  const [local] = resolveLocalCrdFiles((candidate) => candidate.path === pin.path);
  const server = createServer((_req, res) => res.end(readFileSync(local, 'utf8') + (tamper ? '# changed\n' : '')));
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, base: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

describe('downloading the pinned CRDs', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'crd-cache-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('keeps a file whose sha256 matches the pin', async () => {
    const { server, base } = await mirror(false);
    try {
      await downloadPinnedCrds([{ ...pin, url: `${base}/crd.yaml` }], dir);
    } finally {
      server.close();
    }
    expect(existsSync(join(dir, pin.path))).toBe(true);
  });

  test('refuses and keeps nothing when the sha256 differs from the pin', async () => {
    const { server, base } = await mirror(true);
    try {
      await expect(downloadPinnedCrds([{ ...pin, url: `${base}/crd.yaml` }], dir)).rejects.toThrow(/has sha256 [0-9a-f]{64}, but crds.sha256 pins 0d48c9e4b53dd951/);
    } finally {
      server.close();
    }
    expect(existsSync(join(dir, pin.path))).toBe(false);
  });

  test('names the way out when the URL cannot be reached', async () => {
    await expect(downloadPinnedCrds([{ ...pin, url: 'http://127.0.0.1:9/crd.yaml' }], dir)).rejects.toThrow(/cannot download CRD .*: set BACKEND_MTLS_CRDS to a local CRD folder when offline/);
  });
});
