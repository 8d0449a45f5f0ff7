// `node -r ./scripts/register-ts.js main.ts` (the app command of cdk8s.yaml): loads this repository's TypeScript
// files through esbuild's transformSync, transpile only, as tsx does, without tsx's scan of every JavaScript module
// for ESM syntax (cdk8s-plus alone is 3.5 MB). Only `.ts` files are transformed, .js is loaded by Node as it is.
// Each transformed file is kept in node_modules/.cache/register-ts under a hash of everything that shapes it (its
// path and text, tsconfig.json, esbuild's and Node's versions), so a synth after the first transforms nothing.
// A cache that cannot be written (read-only checkout) only costs the transform. Stack traces point into the .ts files.
'use strict';
const { createHash } = require('node:crypto');
const { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } = require('node:fs');
const Module = require('node:module');
const { join } = require('node:path');

const root = join(__dirname, '..');
const cacheDir = join(root, 'node_modules', '.cache', 'register-ts');
const tsconfig = readFileSync(join(root, 'tsconfig.json'), 'utf8');
const esbuildVersion = require('esbuild/package.json').version;
const options = { loader: 'ts', format: 'cjs', target: `node${process.versions.node}`, tsconfigRaw: tsconfig };
const generated = join(root, 'imports');
const salt = JSON.stringify([esbuildVersion, process.versions.node, tsconfig, options]);
let esbuild;

function transform(source, filename) {
  const key = createHash('sha256').update(salt).update('\0').update(filename).update('\0').update(source).digest('hex');
  const cached = join(cacheDir, `${key}.js`);
  try {
    return readFileSync(cached, 'utf8');
  } catch {
    esbuild ??= require('esbuild');
    // Source maps cost Node time on every load; the generated bindings (3.6 MB) go without.
    const sourcemap = filename.startsWith(generated) ? false : 'inline';
    const { code } = esbuild.transformSync(source, { ...options, sourcefile: filename, sourcemap });
    const staged = `${cached}.${process.pid}`;
    try {
      mkdirSync(cacheDir, { recursive: true });
      writeFileSync(staged, code);
      renameSync(staged, cached);
    } catch {
      rmSync(staged, { force: true });
    }
    return code;
  }
}

process.setSourceMapsEnabled(true);
Module._extensions['.ts'] = function loadTypeScript(module, filename) {
  module._compile(transform(readFileSync(filename, 'utf8'), filename), filename);
};
