import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

interface PackageJson {
  readonly peerDependencies: Record<string, string>;
  readonly peerDependenciesMeta: Record<string, { readonly optional?: boolean }>;
}

// From tools/validate in a checkout, from build/tools/validate in an installed package.
const PACKAGE_JSON_FILE = [join(__dirname, '..', '..', 'package.json'), join(__dirname, '..', '..', '..', 'package.json')].find(existsSync) as string;
const PACKAGE_JSON = JSON.parse(readFileSync(PACKAGE_JSON_FILE, 'utf8')) as PackageJson;

function isInstalled(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch (error) {
    // A package whose `exports` has no root entry is installed all the same.
    return (error as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND';
  }
}

/**
 * The offline admission needs the optional peer dependencies a consumer who only composes constructs never
 * installs; name the missing ones and the command that installs them, before anything else fails on them.
 */
export function requireOptionalPeers(entryPoint: string): void {
  const optional = Object.keys(PACKAGE_JSON.peerDependenciesMeta).filter((name) => PACKAGE_JSON.peerDependenciesMeta[name].optional);
  const missing = optional.filter((name) => !isInstalled(name));
  if (missing.length === 0) return;
  // Quoted: a range such as `^4.4.0 || ^5.1.0` holds spaces and a pipe the shell would split.
  const specs = missing.map((name) => `'${name}@${PACKAGE_JSON.peerDependencies[name]}'`);
  throw new Error(`${entryPoint} needs the optional peer dependencies ${missing.join(', ')}, which are not installed: `
    + `run \`npm install --save-dev ${specs.join(' ')}\``);
}
