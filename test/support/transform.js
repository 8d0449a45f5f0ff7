// Jest's transform for the TypeScript sources: esbuild strips the types, file by file (tsconfig.json sets
// `isolatedModules`, so no file needs another to compile). Type checking is tsc's job, once per `npm test`
// (test/support/global-setup.ts). esbuild does in milliseconds what ts-jest's transpileModule took seconds for:
// imports/ alone is 3.6 MB.
const { createHash } = require('node:crypto');
const { readFileSync } = require('node:fs');
const { join } = require('node:path');
const esbuild = require('esbuild');

const { compilerOptions } = JSON.parse(readFileSync(join(__dirname, '..', '..', 'tsconfig.json'), 'utf8'));
// What a cached result depends on besides the file itself.
const SALT = createHash('sha256').update(esbuild.version).update(readFileSync(__filename)).update(JSON.stringify(compilerOptions)).digest('hex');

module.exports = {
  getCacheKey(source, path) {
    return createHash('sha256').update(SALT).update(path).update('\0').update(source).digest('hex');
  },

  process(source, path) {
    const { code, map } = esbuild.transformSync(source, {
      loader: 'ts',
      format: 'cjs',
      target: compilerOptions.target.toLowerCase(),
      platform: 'node',
      sourcefile: path,
      sourcemap: 'external',
      // Class names stay as written: tests and error messages read constructor.name.
      keepNames: true,
      tsconfigRaw: { compilerOptions },
    });
    return { code, map };
  },
};
