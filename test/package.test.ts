import { readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';

/** package.json as a consumer's npm reads it; test/consumer/install.test.ts installs the packed package for real. */

const root = join(__dirname, '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(root, 'package-lock.json'), 'utf8'));
const optional = (name: string): boolean => pkg.peerDependenciesMeta?.[name]?.optional === true;

/** The packages the TypeScript files below `dir` import, by package name (`@scope/name` or `name`). */
function importedPackages(dir: string): Set<string> {
  const names = new Set<string>();
  for (const file of readdirSync(join(root, dir), { recursive: true, encoding: 'utf8' }).filter((path) => path.endsWith('.ts'))) {
    const source = readFileSync(join(root, dir, file), 'utf8');
    for (const [, imported, required] of source.matchAll(/^\s*(?:import|export)\b[^;'"]*?\bfrom\s+'([^'.][^']*)'|\brequire\('([^'.][^']*)'\)/gm)) {
      const specifier = imported ?? required;
      const name = specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');
      if (!specifier.startsWith('node:') && !builtinModules.includes(name)) names.add(name);
    }
  }
  return names;
}

describe('package.json', () => {
  test('has no dependencies of its own: a consumer installs each package once, as a peer', () => {
    expect(pkg.dependencies ?? {}).toEqual({});
  });

  test('the constructs need only the required peers cdk8s, constructs and cdk8s-plus-28; the synth tooling adds js-yaml, its YAML writer', () => {
    const required = Object.keys(pkg.peerDependencies).filter((name) => !optional(name)).sort();
    expect(required).toEqual(['cdk8s', 'cdk8s-plus-28', 'constructs', 'js-yaml']);
    const constructs = ['cdk8s', 'cdk8s-plus-28', 'constructs'];
    expect([...importedPackages('lib'), ...importedPackages('imports')].filter((name) => !constructs.includes(name))).toEqual([]);
    expect([...importedPackages('tools/synth')].filter((name) => !required.includes(name))).toEqual([]);
  });

  test('every package the shipped tooling imports is a peer, and those neither the constructs nor synth need are optional', () => {
    const constructs = new Set([...importedPackages('lib'), ...importedPackages('imports'), ...importedPackages('tools/synth')]);
    for (const name of new Set([...importedPackages('tools/validate'), ...importedPackages('tools/synth')])) {
      expect(pkg.peerDependencies).toHaveProperty([name]);
      if (!constructs.has(name)) expect({ name, optional: optional(name) }).toEqual({ name, optional: true });
    }
  });

  test('every peer is pinned as a devDependency here, at the version the lock installs', () => {
    for (const name of Object.keys(pkg.peerDependencies)) {
      expect({ name, pinned: pkg.devDependencies[name] }).toEqual({ name, pinned: lock.packages[`node_modules/${name}`].version });
    }
  });

  test('each subpath export has its types for consumers on the classic `node` module resolution', () => {
    const subpaths = Object.keys(pkg.exports).filter((subpath) => subpath !== '.' && subpath !== './package.json');
    expect(subpaths).toEqual(['./validate', './synth']);
    for (const subpath of subpaths) {
      expect(pkg.typesVersions['*'][subpath.slice(2)]).toEqual([pkg.exports[subpath].types.replace(/^\.\//, '')]);
    }
  });
});
