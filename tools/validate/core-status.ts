import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { CORE_VALUES_PACKAGE } from './core-schemas';
import type { StructuralSchema } from './structural-schema';

// The `status` of core kinds, which cdk8s-plus's props leave out, read from kubernetes-models' type declarations
// (generated from the same Kubernetes 1.33 OpenAPI document): field names and types, every object closed, as
// strict decoding into the Go types sees them before the strategy drops the status.

const built = new Map<string, StructuralSchema>();

function packageDir(name: string): string {
  return dirname(require.resolve(`${name}/package.json`));
}

/** The .d.ts file an import specifier names, seen from `from`. */
function declarationFile(specifier: string, from: string): string {
  if (specifier.startsWith('.')) return `${join(dirname(from), specifier)}.d.ts`;
  const [scope, name, ...rest] = specifier.split('/');
  return `${join(packageDir(`${scope}/${name}`), ...rest)}.d.ts`;
}

/** `"name"?: type;` members of the first interface in a declaration file, comments removed. */
function members(source: string): Array<[string, string]> {
  const body = /export interface \w+[^{]*\{([^]*?)\n\}/.exec(source.replace(/\/\*[^]*?\*\//g, ''))?.[1] ?? '';
  const found: Array<[string, string]> = [];
  const member = /"([^"]+)"\??:\s*/g;
  let match: RegExpExecArray | null;
  while ((match = member.exec(body))) {
    let depth = 0;
    let end = member.lastIndex;
    for (; end < body.length; end++) {
      const char = body[end];
      if (char === '{' || char === '<') depth++;
      if (char === '}' || char === '>') depth--;
      if (char === ';' && depth === 0) break;
    }
    found.push([match[1], body.slice(member.lastIndex, end).trim()]);
    member.lastIndex = end + 1;
  }
  return found;
}

function schemaOfType(type: string, imports: ReadonlyMap<string, string>): StructuralSchema {
  if (type === 'number') return { type: 'number' };
  if (type === 'string') return { type: 'string' };
  if (type === 'boolean') return { type: 'boolean' };
  const array = /^Array<(.+)>$/s.exec(type);
  if (array) return { type: 'array', items: schemaOfType(array[1].trim(), imports) };
  const map = /^\{\s*\[key: string\]:\s*(.+?);?\s*\}$/s.exec(type);
  if (map) return { type: 'object', additionalProperties: schemaOfType(map[1].trim(), imports) };
  const file = imports.get(type);
  return file ? schemaOfFile(file) : { 'x-kubernetes-preserve-unknown-fields': true };
}

function schemaOfFile(file: string): StructuralSchema {
  const cached = built.get(file);
  if (cached) return cached;
  const source = readFileSync(file, 'utf8');
  const alias = /export (?:declare )?type \w+ = (\w+);/.exec(source);
  if (alias) return schemaOfType(alias[1], new Map());
  const properties: Record<string, StructuralSchema> = {};
  const schema: StructuralSchema = { type: 'object', properties };
  built.set(file, schema);
  const imports = new Map([...source.matchAll(/import \{ (\w+) \} from "([^"]+)";/g)].map(([, name, specifier]) => [name, declarationFile(specifier, file)]));
  for (const [name, type] of members(source)) properties[name] = schemaOfType(type, imports);
  return schema;
}

/** The schema of a core kind's `status` (e.g. apps/v1 Deployment's DeploymentStatus), when the kind has one. */
export function coreStatusSchema(apiVersion: string, kind: string): StructuralSchema | undefined {
  const file = join(packageDir(CORE_VALUES_PACKAGE), ...apiVersion.split('/'), `${kind}.d.ts`);
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const type = members(source).find(([name]) => name === 'status')?.[1];
  const imported = type && /import \{ (\w+) \} from "([^"]+)";/g;
  if (!imported) return undefined;
  const specifier = [...source.matchAll(imported)].find(([, name]) => name === type)?.[2];
  return specifier ? schemaOfFile(declarationFile(specifier, file)) : undefined;
}
