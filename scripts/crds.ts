// npm run crds                            checks crds/ against crds.sha256 (offline)
// npm run crds -- refresh                 downloads every pinned file again from upstream and records its sha256
// npm run crds -- pin <source> <version>  pins another release of one source, e.g. `pin gateway-api v1.7.0`
import { relative } from 'node:path';
import { CRD_DIR, pinnedCrdFiles, pinnedCrds, pinVersion, refreshPins, sourceOf, type PinChange } from '../tools/validate/crd-sources';

const USAGE = 'usage: npm run crds [-- refresh | -- pin <source> <version>]';

function check(): void {
  const files = pinnedCrdFiles();
  const sources = [...new Set(pinnedCrds().map((pin) => { const { source, version } = sourceOf(pin); return `${source} ${version}`; }))];
  console.log(`crds: ${files.length} pinned files in ${relative(process.cwd(), CRD_DIR) || '.'}/ match crds.sha256 (${sources.join(', ')})`);
}

function report(changes: readonly PinChange[]): void {
  for (const { path, change } of changes) console.log(`crds: ${change.padEnd(9)} ${path}`);
  if (changes.some(({ change }) => change !== 'unchanged')) {
    console.log('crds: crds.sha256 updated; next: `npm run import`, the version table in docs/operations.md and crds/SOURCES.md, `npm run synth`, `npm test`');
  }
}

async function main([command, ...args]: string[]): Promise<void> {
  if (command === undefined) return check();
  if (command === 'refresh' && args.length === 0) return report(await refreshPins());
  if (command === 'pin' && args.length === 2) return report(await pinVersion(args[0], args[1]));
  throw new Error(USAGE);
}

main(process.argv.slice(2)).catch((error: Error) => {
  console.error(`crds: ${error.message}`);
  process.exitCode = 1;
});
