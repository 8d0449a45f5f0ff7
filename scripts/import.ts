// Regenerates imports/ from the pinned upstream CRDs in crds/ (one TypeScript module per API group), offline.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pinnedCrdFiles } from '../tools/validate/crd-sources';

// Only the standard channel of Gateway API is imported: it is what a cluster serves by default.
const imported = (path: string) => !path.includes('/experimental/') && !path.includes('trust-manager.io_clusterbundles');

function main(): void {
  const files = pinnedCrdFiles((pin) => imported(pin.path));
  const byGroup = new Map<string, string[]>();
  for (const file of files) {
    const group = file.split('/').pop()!.split('_')[0];
    byGroup.set(group, [...(byGroup.get(group) ?? []), readFileSync(file, 'utf8')]);
  }
  const work = mkdtempSync(join(tmpdir(), 'backend-mtls-import-'));
  try {
    for (const [group, documents] of byGroup) {
      const bundle = join(work, `${group}.yaml`);
      writeFileSync(bundle, documents.map((doc) => doc.replace(/^---\n/, '')).join('\n---\n'));
      // --no-save: cdk8s.yaml keeps `imports: []`; the temporary bundles are no source to record.
      execFileSync('npx', ['cdk8s', 'import', '--no-save', '--language', 'typescript', '--output', 'imports', bundle], {
        stdio: 'inherit',
        env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' },
      });
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

try {
  main();
} catch (error) {
  console.error(`import: ${(error as Error).message}`);
  process.exitCode = 1;
}
