import { execSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseYamlDocuments } from '../validate/manifests';

/** One changed field of an object: its path (`spec.listeners[name=http].hostname`) and the values before and after. */
export interface FieldChange {
  readonly path: string;
  readonly before: string;
  readonly after: string;
}

/** What differs between two folders of manifests, object by object. */
export interface ManifestDiff {
  /** Objects only in the new folder, as `Kind namespace/name`. */
  readonly added: readonly string[];
  /** Objects only in the old folder. */
  readonly removed: readonly string[];
  /** Objects in both, with the fields that differ. */
  readonly changed: readonly { readonly object: string; readonly fields: readonly FieldChange[] }[];
  /** Files whose bytes differ although every object in them reads the same: order, quoting or layout changed. */
  readonly rewritten: readonly string[];
}

interface Manifest {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
}

const ABSENT = '(absent)';
const VALUE_WIDTH = 100;

/**
 * Runs the app of the project's cdk8s.yaml (what `cdk8s synth` runs, without its validation plugins) into a new
 * temp folder and returns that folder; the caller removes it. A failing app throws with what it printed, and leaves no
 * folder behind.
 */
export function synthesizeFresh(projectDir: string): string {
  const file = join(projectDir, 'cdk8s.yaml');
  const [config] = parseYamlDocuments(readFileSync(file, 'utf8'), file) as ({ app?: unknown } | undefined)[];
  if (typeof config?.app !== 'string') throw new Error(`${file} names no app to run`);
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-fresh-'));
  try {
    execSync(config.app, { cwd: projectDir, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: 'pipe', encoding: 'utf8' });
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    const { stderr, stdout } = error as { stderr?: string; stdout?: string };
    throw new Error(`the app of cdk8s.yaml failed:\n${stderr || stdout || (error as Error).message}`);
  }
  return outdir;
}

/** Compares every manifest file of `beforeDir` with those of `afterDir`, object by object and field by field. */
export function diffManifestFolders(beforeDir: string, afterDir: string): ManifestDiff {
  const files = [...new Set([...manifestFiles(beforeDir), ...manifestFiles(afterDir)])].sort();
  const before = objectsOf(beforeDir, files);
  const after = objectsOf(afterDir, files);
  const fieldsOf = (beforeKey: string, afterKey: string) => {
    const [old, current] = [before.get(beforeKey)?.object, after.get(afterKey)?.object];
    return fieldChanges(old, current, '', isSecret(old) || isSecret(current));
  };
  const changed = [...before.keys()].filter((key) => after.has(key)).flatMap((key) => {
    const fields = fieldsOf(key, key);
    return fields.length > 0 ? [{ object: key, fields }] : [];
  });
  const moves = movedObjects([...before.keys()].filter((key) => !after.has(key)), [...after.keys()].filter((key) => !before.has(key)));
  changed.push(...moves.map(([from, to]) => ({ object: `${from} → ${to.slice(to.indexOf(' ') + 1)}`, fields: fieldsOf(from, to) })));
  const added = [...after.keys()].filter((key) => !before.has(key) && !moves.some(([, to]) => to === key));
  const removed = [...before.keys()].filter((key) => !after.has(key) && !moves.some(([from]) => from === key));
  const touched = new Set([...added, ...removed, ...changed.map((entry) => entry.object), ...moves.flat()]);
  // A file counts as rewritten when its bytes differ but none of its objects was added, removed or changed.
  const touchedFiles = new Set([...before, ...after].filter(([key]) => touched.has(key)).map(([, { file }]) => file));
  const rewritten = files.filter((file) => !touchedFiles.has(file) && read(beforeDir, file) !== read(afterDir, file));
  return { added, removed, changed, rewritten };
}

/** Whether the two folders hold the same objects and the same bytes. */
export function isEmptyDiff(diff: ManifestDiff): boolean {
  return diff.added.length + diff.removed.length + diff.changed.length + diff.rewritten.length === 0;
}

/**
 * The diff as review lines: `+ Kind ns/name` added, `- Kind ns/name` removed, `~ Kind ns/name` changed with one
 * indented `path: old → new` line per field. Secret data is never printed. At most `maxLines` lines; the last one
 * then says how many more there are. Inside a ```diff fence it reads as a diff in a PR description.
 */
export function formatManifestDiff(diff: ManifestDiff, maxLines = Number.POSITIVE_INFINITY): string[] {
  const lines = [
    `${diff.changed.length} changed, ${diff.added.length} added, ${diff.removed.length} removed`
      + `${diff.rewritten.length > 0 ? `, ${diff.rewritten.length} file(s) rewritten with the same objects` : ''}`,
    ...diff.added.map((object) => `+ ${object}`),
    ...diff.removed.map((object) => `- ${object}`),
    ...diff.changed.flatMap(({ object, fields }) => [`~ ${object}`, ...fields.map((field) => `    ${field.path}: ${field.before} → ${field.after}`)]),
    ...diff.rewritten.map((file) => `~ ${file}: the same objects and values, written differently (order, quoting or layout)`),
  ];
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, Math.max(1, maxLines - 1));
  return [...kept, `… ${lines.length - kept.length} more line(s)`];
}

/**
 * Objects that moved to another namespace (a `namespace` prop changed): a removed and an added object of one kind and
 * name, each the only one of its kind and name among the removed and the added. Shown as one changed object.
 */
function movedObjects(removed: string[], added: string[]): [string, string][] {
  const kindAndName = (key: string) => key.replace(/ [^ /]+\//, ' ');
  const unique = (keys: string[], key: string) => keys.filter((other) => kindAndName(other) === kindAndName(key)).length === 1;
  return removed.filter((from) => from.includes('/') && unique(removed, from)).flatMap((from) => {
    const to = added.find((key) => key.includes('/') && kindAndName(key) === kindAndName(from));
    return to && unique(added, to) ? [[from, to] as [string, string]] : [];
  });
}

function manifestFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter((file) => /\.ya?ml$/.test(file)) : [];
}

function read(dir: string, file: string): string | undefined {
  return existsSync(join(dir, file)) ? readFileSync(join(dir, file), 'utf8') : undefined;
}

/**
 * The objects of the files, read as kubectl reads them, each with its file, keyed `Kind namespace/name`; the
 * apiVersion is added when two objects of one kind share a name (kinds of two API groups).
 */
function objectsOf(dir: string, files: readonly string[]): Map<string, { file: string; object: unknown }> {
  const objects = new Map<string, { file: string; object: unknown }>();
  for (const file of files.filter((name) => existsSync(join(dir, name)))) {
    for (const object of parseYamlDocuments(readFileSync(join(dir, file), 'utf8'), file) as Manifest[]) {
      const { name = '', namespace } = object.metadata ?? {};
      let key = `${object.kind} ${namespace ? `${namespace}/` : ''}${name}`;
      if (objects.has(key)) key = `${key} (${object.apiVersion})`;
      while (objects.has(key)) key = `${key} (again)`;
      objects.set(key, { file, object });
    }
  }
  return objects;
}

function isSecret(object: unknown): boolean {
  return (object as Manifest | undefined)?.kind === 'Secret';
}

function fieldChanges(before: unknown, after: unknown, path: string, secret: boolean): FieldChange[] {
  // Secret values are compared, never shown: key by key, or as a whole when one side has no data at all.
  if (secret && /^(data|stringData)(\.|\[|$)/.test(path) && !(isRecord(before) && isRecord(after))) {
    if (JSON.stringify(before) === JSON.stringify(after)) return [];
    const what = before === undefined ? 'added' : after === undefined ? 'removed' : 'changed';
    return [{ path, before: `<redacted, ${what}>`, after: `<redacted, ${what}>` }];
  }
  if (isRecord(before) && isRecord(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])];
    return keys.flatMap((key) => fieldChanges(before[key], after[key], `${path}${keySegment(key, path === '')}`, secret));
  }
  if (Array.isArray(before) && Array.isArray(after)) {
    const byName = namedItems(before) && namedItems(after);
    if (byName) {
      const names = [...new Set([...before, ...after].map((item) => (item as { name: string }).name))];
      const find = (items: unknown[], name: string) => items.find((item) => (item as { name: string }).name === name);
      return names.flatMap((name) => fieldChanges(find(before, name), find(after, name), `${path}[name=${name}]`, secret));
    }
    return Array.from({ length: Math.max(before.length, after.length) }, (_, index) => fieldChanges(before[index], after[index], `${path}[${index}]`, secret)).flat();
  }
  if (JSON.stringify(before) === JSON.stringify(after)) return [];
  if (typeof before === 'string' && typeof after === 'string' && (before.includes('\n') || after.includes('\n'))) return lineChanges(before, after, path);
  return [{ path, before: shown(before), after: shown(after) }];
}

/** A multi-line string (an nginx.conf) changed: the lines that differ, each with its line number, at most three. */
function lineChanges(before: string, after: string, path: string): FieldChange[] {
  const old = before.split('\n');
  const now = after.split('\n');
  const differing = Array.from({ length: Math.max(old.length, now.length) }, (_, index) => index).filter((index) => old[index] !== now[index]);
  const changes = differing.slice(0, 3).map((index) => ({ path: `${path} line ${index + 1}`, before: shown(old[index]), after: shown(now[index]) }));
  if (differing.length > 3) changes.push({ path: `${path}`, before: `${differing.length - 3} more changed line(s)`, after: '…' });
  return changes;
}

function namedItems(items: unknown[]): boolean {
  const names = items.map((item) => (isRecord(item) && typeof item.name === 'string' ? item.name : undefined));
  return items.length > 0 && names.every((name) => name !== undefined) && new Set(names).size === names.length;
}

function keySegment(key: string, first: boolean): string {
  if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(key)) return first ? key : `.${key}`;
  return `[${JSON.stringify(key)}]`;
}

function shown(value: unknown): string {
  if (value === undefined) return ABSENT;
  const text = JSON.stringify(value);
  return text.length > VALUE_WIDTH ? `${text.slice(0, VALUE_WIDTH - 1)}…` : text;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
