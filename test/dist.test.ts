import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { diffManifestFolders, formatManifestDiff, synthesizeFresh } from '../tools/synth/manifest-diff';

const root = join(__dirname, '..');
/** Enough lines of the difference to review in a CI log; `npm run diff` prints them all. */
const MAX_LINES = 40;

describe('the committed dist/', () => {
  // The app exactly as `cdk8s synth` runs it (the `app:` command of cdk8s.yaml), into a fresh folder.
  const fresh = synthesizeFresh(root);
  afterAll(() => rmSync(fresh, { recursive: true, force: true }));

  test('holds exactly the manifests a fresh synth writes; if not, the failure lists what changed, object by object', () => {
    const files = (dir: string) => readdirSync(dir).sort().map((file) => [file, readFileSync(join(dir, file), 'utf8')]);
    if (JSON.stringify(files(join(root, 'dist'))) !== JSON.stringify(files(fresh))) {
      const lines = formatManifestDiff(diffManifestFolders(join(root, 'dist'), fresh), MAX_LINES);
      throw new Error(`dist/ differs from a fresh synth: ${lines.join('\n')}\nRun \`npm run synth\` and commit dist/ (\`npm run diff -- --markdown\` prints this for a PR).`);
    }
    expect(readdirSync(fresh).length).toBeGreaterThan(0);
  });
});
