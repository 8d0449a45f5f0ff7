import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** The app's TypeScript hook (scripts/register-ts.js), by its absolute path. */
export const REGISTER_TS = join(ROOT, 'scripts', 'register-ts.js');

/**
 * `node -r <this repository>/scripts/register-ts.js`: how cdk8s.yaml runs the app, and the cheapest way for a test to
 * run a TypeScript app or script (esbuild's cached transform of the .ts files alone; tsx would start slower). Absolute,
 * so it works from a copied project too.
 */
export const TYPESCRIPT_NODE: readonly [string, ...string[]] = [process.execPath, '-r', REGISTER_TS];

/** cdk8s-cli's own entry point: `cdk8s` without npx's start-up, for the tests that are about the CLI and not about npx. */
export const CDK8S_CLI = join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s');
