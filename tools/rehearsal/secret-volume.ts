import { promises as fs } from 'node:fs';
import * as path from 'node:path';

/** How the kubelet writes a Secret volume's files. */
export interface SecretVolumeFiles {
  /** File name in the mount → content. */
  readonly files: Readonly<Record<string, string>>;
  /** The volume's defaultMode. */
  readonly mode: number;
  /** The pod's fsGroup: the files' group, which the kubelet also grants read (mode | 0440). @default - no group change */
  readonly fsGroup?: number;
}

let generation = 0;

/**
 * Writes (or updates) a Secret volume as the kubelet's atomic writer does: the files go into a fresh
 * `..<timestamp>` folder, a `..data_tmp` link to it is renamed over `..data` in one step, each file name is a
 * link through `..data`, and the previous folder is removed. A reader sees either the old set or the new one.
 */
export async function writeSecretVolume(dir: string, volume: SecretVolumeFiles): Promise<void> {
  await fs.mkdir(dir, { recursive: true });
  const previous = await fs.readlink(path.join(dir, '..data')).catch(() => undefined);
  generation += 1;
  const stamp = `..${new Date().toISOString().replace(/[-:]/g, '_').replace('T', '_').replace('Z', '')}.${process.pid}${generation}`;
  const folder = path.join(dir, stamp);
  await fs.mkdir(folder, { mode: 0o755 });
  await fs.chmod(folder, 0o755);
  // With an fsGroup, the kubelet gives the group read access to a read-only volume's files.
  const mode = volume.fsGroup === undefined ? volume.mode : volume.mode | 0o440;
  for (const [file, content] of Object.entries(volume.files)) {
    const target = path.join(folder, file);
    await fs.writeFile(target, content);
    await fs.chmod(target, mode);
    if (volume.fsGroup !== undefined && process.getuid?.() === 0) await fs.chown(target, 0, volume.fsGroup);
  }
  await fs.rm(path.join(dir, '..data_tmp'), { force: true });
  await fs.symlink(stamp, path.join(dir, '..data_tmp'));
  await fs.rename(path.join(dir, '..data_tmp'), path.join(dir, '..data'));
  for (const file of Object.keys(volume.files)) {
    await fs.symlink(path.join('..data', file), path.join(dir, file)).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
  }
  if (previous) await fs.rm(path.join(dir, previous), { recursive: true, force: true });
  await fs.chmod(dir, 0o755);
}
