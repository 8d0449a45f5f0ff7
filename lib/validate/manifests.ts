import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';

/** The objects of one manifest file. */
export interface ManifestFile {
  readonly file: string;
  readonly objects: unknown[];
}

function manifestFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return manifestFiles(child);
      return /\.(ya?ml|json)$/.test(entry.name) ? [child] : [];
    });
}

/**
 * Reads every YAML/JSON manifest in the given files and folders (folders recursively), skipping empty
 * documents. Throws on a path that does not exist or a document that is not valid YAML.
 */
export function readManifests(paths: readonly string[]): ManifestFile[] {
  return paths.flatMap(manifestFiles).map((file) => ({
    file,
    objects: parseAllDocuments(readFileSync(file, 'utf8')).map((document) => {
      if (document.errors.length > 0) throw new Error(`${file}: not valid YAML: ${document.errors[0].message}`);
      return document.toJS() as unknown;
    }).filter((object) => object !== null && object !== undefined),
  }));
}
