// `npm run diff [-- --markdown] [--max-lines N]`: what a fresh synth of the app would change in dist/, object by
// object: added and removed objects, and each changed field as `path: old → new` (Secret data never shown).
// `--markdown` prints it for a PR description. Exits 0 whether or not dist/ is current; 1 when the app fails.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { diffManifestFolders, formatManifestDiff, isEmptyDiff, synthesizeFresh } from '../tools/synth/manifest-diff';

const args = process.argv.slice(2);
const maxLinesAt = args.indexOf('--max-lines');
const maxLines = maxLinesAt >= 0 ? Number(args[maxLinesAt + 1]) : Number.POSITIVE_INFINITY;
const markdown = args.includes('--markdown');

try {
  if (Number.isNaN(maxLines) || maxLines < 1) throw new Error(`--max-lines ${args[maxLinesAt + 1]}: give a number of lines, 1 or more`);
  const fresh = synthesizeFresh(process.cwd());
  try {
    const diff = diffManifestFolders(join(process.cwd(), 'dist'), fresh);
    const [summary, ...lines] = formatManifestDiff(diff, maxLines);
    if (isEmptyDiff(diff)) process.stdout.write('dist/ matches a fresh synth: nothing to change.\n');
    else if (markdown) process.stdout.write(`**dist/ after a fresh synth:** ${summary}\n\n\`\`\`diff\n${lines.join('\n')}\n\`\`\`\n`);
    else process.stdout.write(`dist/ after a fresh synth: ${summary}\n${lines.join('\n')}\n`);
  } finally {
    rmSync(fresh, { recursive: true, force: true });
  }
} catch (error) {
  console.error(`diff: ${(error as Error).message}`);
  process.exitCode = 1;
}
