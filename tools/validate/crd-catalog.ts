import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CRD_DIR } from './crd-sources';
import { parseYamlDocuments } from './manifests';
import { isRecord } from './problem';
import type { StructuralSchema } from './structural-schema';

/** One version of one custom resource kind, as its CRD declares it. */
export interface CrdVersion {
  readonly group: string;
  readonly version: string;
  readonly kind: string;
  readonly namespaced: boolean;
  readonly served: boolean;
  readonly deprecated: boolean;
  readonly deprecationWarning?: string;
  /** Whether the version has the status subresource: then the API server drops `status` on create. */
  readonly statusSubresource: boolean;
  readonly schema: StructuralSchema;
  /** The file the CRD was read from. */
  readonly source: string;
}

/** Where parsed CRDs are kept: inside the clone, where build tools keep their caches, so nothing is written outside it. */
export const PARSED_CRD_CACHE = join(dirname(CRD_DIR), 'node_modules', '.cache', 'backend-mtls', 'parsed-crds');

/** Names a parsed copy by the file's content and the parser's source, so neither can change under a stale entry. */
function parsedCachePath(content: Buffer): string {
  const key = createHash('sha256').update(content).update(readFileSync(require.resolve('./manifests'))).digest('hex');
  return join(PARSED_CRD_CACHE, `${key}.json`);
}

/**
 * Parses every YAML document of a CRD file. The parsed form is kept as JSON, which reads several times faster
 * than the YAML, and every process that validates reads the same CRDs.
 */
export function readCrdDocuments(file: string): unknown[] {
  const content = readFileSync(file);
  const cached = parsedCachePath(content);
  try {
    return JSON.parse(readFileSync(cached, 'utf8')) as unknown[];
  } catch {
    // not cached yet (or unreadable): parse the YAML below
  }
  const documents = parseYamlDocuments(content.toString('utf8'), file);
  try {
    mkdirSync(dirname(cached), { recursive: true });
    writeFileSync(`${cached}.${process.pid}.part`, JSON.stringify(documents));
    renameSync(`${cached}.${process.pid}.part`, cached);
  } catch {
    // a read-only cache only costs speed
  }
  return documents;
}

/** The custom resource kinds a set of CRDs defines, by group, version and kind. */
export class CrdCatalog {
  /** Reads CRDs from YAML files holding one or many documents; other kinds of documents are an error. */
  public static fromFiles(files: readonly string[]): CrdCatalog {
    const catalog = new CrdCatalog();
    for (const file of files) {
      for (const document of readCrdDocuments(file)) catalog.add(document, file);
    }
    return catalog;
  }

  private readonly versions = new Map<string, CrdVersion>();
  private readonly kinds = new Map<string, CrdVersion[]>();

  /** Adds one CustomResourceDefinition document; throws if it is not one, or defines a kind twice. */
  public add(document: unknown, source: string): void {
    const spec = isRecord(document) && document.kind === 'CustomResourceDefinition' && isRecord(document.spec) ? document.spec : undefined;
    if (!spec || !isRecord(spec.names) || !Array.isArray(spec.versions)) {
      throw new Error(`${source}: expected apiextensions.k8s.io/v1 CustomResourceDefinition documents only, found ${isRecord(document) ? `kind ${String(document.kind)}` : 'a non-object'}`);
    }
    const group = String(spec.group);
    const kind = String(spec.names.kind);
    const kindKey = `${group}/${kind}`;
    if (this.kinds.has(kindKey)) {
      throw new Error(`${source}: ${kind} (${group}) is already defined by ${this.kinds.get(kindKey)![0].source}: load one channel of each CRD`);
    }
    const versions = spec.versions.filter(isRecord).map((version): CrdVersion => ({
      group,
      version: String(version.name),
      kind,
      namespaced: spec.scope === 'Namespaced',
      served: version.served === true,
      deprecated: version.deprecated === true,
      deprecationWarning: typeof version.deprecationWarning === 'string' ? version.deprecationWarning : undefined,
      statusSubresource: isRecord(version.subresources) && version.subresources.status !== undefined,
      schema: ((isRecord(version.schema) && version.schema.openAPIV3Schema) ?? { 'x-kubernetes-preserve-unknown-fields': true }) as StructuralSchema,
      source,
    }));
    this.kinds.set(kindKey, versions);
    for (const version of versions) this.versions.set(`${group}/${version.version}/${kind}`, version);
  }

  /** The version an object's `apiVersion` and `kind` name, served or not. */
  public lookup(apiVersion: string, kind: string): CrdVersion | undefined {
    return this.versions.get(`${apiVersion}/${kind}`);
  }

  /** Every version of every kind, served or not, in the order the CRDs were added. */
  public allVersions(): readonly CrdVersion[] {
    return [...this.kinds.values()].flat();
  }

  /** Every version of a group's kind, to tell "not served" from "unknown". */
  public versionsOf(group: string, kind: string): readonly CrdVersion[] {
    return this.kinds.get(`${group}/${kind}`) ?? [];
  }
}
