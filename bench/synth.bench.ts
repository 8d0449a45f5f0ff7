// npm run bench: the app as cdk8s.yaml runs it (transpile-only) against `ts-node main.ts` (type-checking), side by side.
import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);

function time(command: string): number[] {
  const samples: number[] = [];
  for (let run = 0; run < runs; run++) {
    const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-bench-'));
    const start = process.hrtime.bigint();
    execSync(command, { cwd: root, env: { ...process.env, CDK8S_OUTDIR: outdir }, stdio: 'pipe' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
    rmSync(outdir, { recursive: true, force: true });
  }
  return samples;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const app: string = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')).app;
const baseline = 'npx ts-node main.ts';
console.log(`synth benchmark: ${runs} runs each, median wall time of one synth of the default chart`);
const fast = median(time(app));
console.log(`  cdk8s.yaml app  (${app}): ${fast.toFixed(0)} ms`);
const slow = median(time(baseline));
console.log(`  template app    (${baseline}): ${slow.toFixed(0)} ms`);
console.log(`  speed-up: ${(slow / fast).toFixed(1)}x (target: at least 6x)`);

for (const extra of ['bench:validate', 'bench:scale']) spawnSync('npm', ['run', '--silent', extra], { cwd: root, stdio: 'inherit' });
