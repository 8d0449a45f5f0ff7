// `npm run build`, and `prepare` (which `npm ci`, `npm pack` and a git install run): `tsc -p tsconfig.build.json`
// into build/, skipped when build/ already holds the output of the same inputs. The inputs are hashed: every file
// tsconfig.build.json includes (their paths and text), the tsconfig files it extends, package.json, package-lock.json
// (the dependencies' types shape the .d.ts), TypeScript's version and this script. A stamp in build/ records that
// hash and every output's hash; the build is skipped only when both agree. Otherwise build/ is removed first (no
// output of a deleted source may ship) and the stamp is written only after tsc succeeded. Plain JavaScript: on a
// fresh clone `npm ci` runs it before anything else is built. `npm run build -- --force` (or
// BACKEND_MTLS_FORCE_BUILD=1, e.g. for `npm pack`) compiles even when build/ is up to date.
'use strict';
const { spawnSync } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readdirSync, readFileSync, rmSync, statSync, writeFileSync } = require('node:fs');
const { join, relative, sep } = require('node:path');
const ts = require('typescript');

const CONFIG = 'tsconfig.build.json';
const OUT_DIR = 'build';
/** In build/ but outside every folder package.json "files" ships, so `npm pack` leaves it out. */
const STAMP = '.build-stamp.json';
const FORCE_ENV = 'BACKEND_MTLS_FORCE_BUILD';
/** Inputs that are no source of tsc's but shape what it writes: module resolution, the dependencies' types. */
const PROJECT_FILES = ['package.json', 'package-lock.json'];

const toPosix = (path) => path.split(sep).join('/');
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** The files `tsc -p tsconfig.build.json` compiles and the config files it reads, relative to `root`, sorted. */
function buildInputs(root) {
  const host = {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
      throw new Error(`${join(root, CONFIG)}: ${ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n')}`);
    },
  };
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, CONFIG), undefined, host);
  if (parsed.errors.length > 0) {
    const messages = parsed.errors.map((diagnostic) => ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
    throw new Error(`${join(root, CONFIG)} cannot be built from: ${messages.join('; ')}`);
  }
  const configs = [join(root, CONFIG), ...(parsed.options.configFile.extendedSourceFiles ?? [])];
  const files = [...configs, ...parsed.fileNames].map((file) => toPosix(relative(root, file)));
  return [...new Set(files)].sort();
}

/** One hash of everything build/ is made from; `typescriptVersion` is the compiler's that `tsc` runs. */
function inputsHash(root, typescriptVersion = ts.version) {
  const hash = createHash('sha256').update(`typescript ${typescriptVersion}\nscripts/build.js ${sha256(readFileSync(__filename))}\n`);
  for (const file of PROJECT_FILES) {
    let digest = 'absent';
    try {
      digest = sha256(readFileSync(join(root, file)));
    } catch (error) {
      if (error.code !== 'ENOENT') throw error;
    }
    hash.update(`${file} ${digest}\n`);
  }
  for (const file of buildInputs(root)) hash.update(`${file} ${sha256(readFileSync(join(root, file)))}\n`);
  return hash.digest('hex');
}

/** Every file below build/ but the stamp, by path relative to build/, with its hash. */
function outputsOf(root) {
  const outDir = join(root, OUT_DIR);
  const outputs = {};
  for (const file of readdirSync(outDir, { recursive: true, encoding: 'utf8' }).sort()) {
    const path = join(outDir, file);
    if (file !== STAMP && statSync(path).isFile()) outputs[toPosix(file)] = sha256(readFileSync(path));
  }
  return outputs;
}

/** Why build/ must be built again, or undefined when it holds the output of `inputs` (an inputsHash) and nothing else. */
function staleReason(root, inputs) {
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(join(root, OUT_DIR, STAMP), 'utf8'));
  } catch (error) {
    if (error.code === 'ENOENT') return `${OUT_DIR}/${STAMP} is absent (no build yet, or the last one failed)`;
    return `${OUT_DIR}/${STAMP} is unreadable: ${error.message}`;
  }
  if (typeof stamp?.inputs !== 'string' || typeof stamp.outputs !== 'object' || stamp.outputs === null) {
    return `${OUT_DIR}/${STAMP} is not a build stamp`;
  }
  if (stamp.inputs !== inputs) return 'its inputs changed';
  const outputs = outputsOf(root);
  for (const [file, digest] of Object.entries(stamp.outputs)) {
    if (!(file in outputs)) return `${OUT_DIR}/${file} is missing`;
    if (outputs[file] !== digest) return `${OUT_DIR}/${file} changed since it was built`;
  }
  const foreign = Object.keys(outputs).find((file) => !(file in stamp.outputs));
  return foreign === undefined ? undefined : `${OUT_DIR}/${foreign} is not from the last build`;
}

/** `tsc -p tsconfig.build.json` with the TypeScript whose version is hashed; a failure throws with what tsc printed. */
function compileWithTsc(root) {
  const tsc = require.resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', CONFIG], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error) throw new Error(`tsc could not run in ${root}: ${result.error.message}`);
  if (result.status !== 0) {
    throw new Error(`tsc -p ${CONFIG} failed in ${root} (${result.signal ?? `exit ${result.status}`}): ${OUT_DIR}/ has no stamp, `
      + `so the next build compiles again\n${result.stdout}${result.stderr}`);
  }
}

/**
 * Builds `root` unless build/ is up to date (or `force`); returns what it did. `compile` writes build/ (tests give
 * their own); when it throws, no stamp is written and the error propagates.
 */
function build(root, { force = false, compile = compileWithTsc, log = (line) => console.log(line) } = {}) {
  const inputs = inputsHash(root);
  const reason = force ? 'a full build was asked for' : staleReason(root, inputs);
  if (reason === undefined) {
    log(`${OUT_DIR}/ is up to date with its inputs (sha256 ${inputs.slice(0, 12)}): tsc skipped (npm run build -- --force compiles anyway)`);
    return 'skipped';
  }
  log(`${OUT_DIR}/ is rebuilt: ${reason}; tsc -p ${CONFIG}`);
  rmSync(join(root, OUT_DIR), { recursive: true, force: true });
  compile(root);
  let outputs;
  try {
    outputs = outputsOf(root);
  } catch (error) {
    if (error.code !== 'ENOENT') throw error;
    outputs = {};
  }
  if (Object.keys(outputs).length === 0) throw new Error(`tsc -p ${CONFIG} wrote nothing into ${join(root, OUT_DIR)}: check its outDir and noEmit`);
  // The hash taken before compiling: a source saved meanwhile makes the next build compile again.
  writeFileSync(join(root, OUT_DIR, STAMP), `${JSON.stringify({ inputs, typescript: ts.version, outputs }, null, 2)}\n`);
  return 'built';
}

/** The build's options from its command line and environment. */
function buildOptions(args, env) {
  const unknown = args.filter((arg) => arg !== '--force');
  if (unknown.length > 0) {
    throw new Error(`scripts/build.js: unknown argument ${unknown.join(' ')}: the only option is --force (or ${FORCE_ENV}=1), `
      + 'which compiles even when build/ is up to date');
  }
  const fromEnv = env[FORCE_ENV] ?? '';
  if (!['', '0', '1'].includes(fromEnv)) {
    throw new Error(`scripts/build.js: ${FORCE_ENV}=${fromEnv}: set it to 1 to force a full build, or to 0 or nothing`);
  }
  return { force: args.includes('--force') || fromEnv === '1' };
}

module.exports = { STAMP, FORCE_ENV, buildInputs, inputsHash, staleReason, build, buildOptions };

if (require.main === module) {
  try {
    build(join(__dirname, '..'), buildOptions(process.argv.slice(2), process.env));
  } catch (error) {
    console.error(error.message);
    process.exitCode = 1;
  }
}
