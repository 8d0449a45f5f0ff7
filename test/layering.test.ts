import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';

/**
 * lib/'s imports run one way. Type-only imports (`import type`) are left out: TypeScript erases them, so they load
 * nothing and cannot form a cycle at run time; a value import (`import`, `export ... from`) counts.
 */

const root = join(__dirname, '..');
const lib = join(root, 'lib');

/** Folders of lib/, lowest first; a file imports only from its own folder or lower ones. Top-level files come last. */
const LAYERS = ['core', 'pki', 'workloads', 'gateway', 'backends', 'checks', '.'];

const files = readdirSync(lib, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts')).map((file) => join('lib', file));

/** The lib/ files a file imports by value, as repository-relative paths. */
function valueImports(file: string): string[] {
  const source = readFileSync(join(root, file), 'utf8');
  const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\s)[^;]*?from\s+'(\.[^']*)'/gms)].map((match) => match[1]);
  return specifiers.map((specifier) => join(dirname(file), specifier))
    .map((target) => [`${target}.ts`, join(target, 'index.ts')].find((candidate) => existsSync(join(root, candidate))) ?? `${target} (unresolved)`)
    .filter((target) => target.startsWith('lib/'));
}

const graph = new Map(files.map((file) => [file, valueImports(file)]));

/** Every import cycle, each as the files around it, found by depth-first search. */
function cycles(edges: ReadonlyMap<string, readonly string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (file: string): void => {
    state.set(file, 'open');
    stack.push(file);
    for (const next of edges.get(file) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(file, 'done');
  };
  for (const file of edges.keys()) if (!state.has(file)) visit(file);
  return found;
}

function layerOf(file: string): number {
  const folder = relative(lib, dirname(join(root, file))).split('/')[0] || '.';
  return LAYERS.indexOf(folder);
}

test('the import graph of lib/ is read from its files', () => {
  expect(graph.size).toBeGreaterThan(30);
  expect(graph.get('lib/backends/routed-backend.ts')).toContain('lib/gateway/http-route.ts');
  expect([...graph.values()].flat().filter((target) => target.endsWith('(unresolved)'))).toEqual([]);
});

test('no import cycle in lib/', () => {
  expect(cycles(graph).map((cycle) => cycle.join(' -> '))).toEqual([]);
});

test('the cycle finder finds a cycle', () => {
  const looped = new Map([['a', ['b']], ['b', ['c']], ['c', ['a']], ['d', ['a']]]);
  expect(cycles(looped)).toEqual([['a', 'b', 'c', 'a']]);
});

test('imports run down the layers: core, pki, workloads, gateway, backends, checks, then the setup and index', () => {
  expect(files.filter((file) => layerOf(file) < 0)).toEqual([]);
  const upward = [...graph].flatMap(([file, targets]) => targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${file} -> ${target}`));
  expect(upward).toEqual([]);
});

test('no module-level WeakMap or WeakSet holds hidden state: an owner (the construct, the chart, the app) holds it', () => {
  const hidden = files.filter((file) => /^(?:const|let|var)\s+\w+\s*=\s*new\s+Weak(?:Map|Set)\b/m.test(readFileSync(join(root, file), 'utf8')));
  expect(hidden).toEqual([]);
});
