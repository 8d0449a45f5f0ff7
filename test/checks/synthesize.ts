import { randomUUID } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Names } from 'cdk8s';
import { writeManifests } from '../../tools/synth';

/** What a synth through the real path left behind: the error it threw, the files it wrote, and their text. */
export interface SynthResult {
  readonly error?: Error;
  readonly written: string[];
  readonly files: Record<string, string>;
  /** What each chart renders (chart.toJson()) by the file it is written to, when the synth succeeded. */
  readonly objects?: Record<string, unknown[]>;
}

/**
 * Builds an app as main.ts does and synthesizes it with writeManifests into a folder that does not exist yet (so a
 * refused synth must not even create it), and removes whatever was written.
 */
export function synthesize(build: (app: App) => void): SynthResult {
  const outdir = join(tmpdir(), `backend-mtls-synth-${randomUUID()}`);
  const read = () => existsSync(outdir) ? Object.fromEntries(readdirSync(outdir).map((file) => [file, readFileSync(join(outdir, file), 'utf8')])) : {};
  try {
    const app = new App({ outdir, recordConstructMetadata: false });
    build(app);
    writeManifests(app);
    const files = read();
    return { written: Object.keys(files), files, objects: Object.fromEntries(app.charts.map((chart) => [`${Names.toDnsLabel(chart)}${app.outputFileExtension}`, chart.toJson()])) };
  } catch (error) {
    const files = read();
    return { error: error as Error, written: Object.keys(files), files };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}
