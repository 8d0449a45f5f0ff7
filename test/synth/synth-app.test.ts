import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, Lazy, YamlOutputType } from 'cdk8s';
import { synthApp } from '../../tools/synth';

describe('synthApp', () => {
  let outdir: string;
  let stderr: jest.SpyInstance;
  beforeEach(() => {
    outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-synth-app-'));
    stderr = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  });
  afterEach(() => {
    stderr.mockRestore();
    process.exitCode = undefined;
    rmSync(outdir, { recursive: true, force: true });
  });

  test('that fails after writing a manifest removes what it wrote, keeps what was there, exits 1 and prints the message', () => {
    writeFileSync(join(outdir, 'notes.txt'), 'not written by the app\n');
    synthApp(() => {
      // One file per object, through app.synth(): the first chart is written before the second one fails to render.
      const app = new App({ outdir, recordConstructMetadata: false, yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
      new ApiObject(new Chart(app, 'first'), 'Settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } });
      new ApiObject(new Chart(app, 'second'), 'Broken', {
        apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'broken' }, data: { a: Lazy.any({ produce: () => { throw new Error('cannot render data.a'); } }) },
      });
      return app;
    });
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.join('')).toBe("synth failed:\n  Failed serializing construct at path 'second/Broken' with name 'broken': Error: cannot render data.a\n");
    expect(readdirSync(outdir)).toEqual(['notes.txt']);
  });

  test('a fault in the app\'s own code (a TypeError) is printed with the stack that names its file and line', () => {
    synthApp(() => {
      const settings = undefined as { host: string } | undefined;
      const app = new App({ outdir, recordConstructMetadata: false });
      new ApiObject(new Chart(app, 'first'), 'Settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: settings!.host } });
      return app;
    });
    expect(process.exitCode).toBe(1);
    const printed = stderr.mock.calls.join('');
    expect(printed).toMatch(/^synth failed:\n {2}TypeError: Cannot read properties of undefined \(reading 'host'\)\n {6}at .*synth-app\.test\.ts:\d+:\d+/);
    expect(readdirSync(outdir)).toEqual([]);
  });

  test('something thrown that is not an Error is printed as it is, and says so', () => {
    synthApp(() => {
      throw 'no app';
    });
    expect(process.exitCode).toBe(1);
    expect(stderr.mock.calls.join('')).toBe('synth failed:\n  no app (thrown by the app, not an Error)\n');
  });

  test('that passes writes the manifests and leaves the exit code alone', () => {
    synthApp(() => {
      const app = new App({ outdir, recordConstructMetadata: false });
      new ApiObject(new Chart(app, 'first'), 'Settings', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'settings' }, data: { a: '1' } });
      return app;
    });
    expect(process.exitCode).toBeUndefined();
    expect(readdirSync(outdir)).toEqual(['first.k8s.yaml']);
  });
});
