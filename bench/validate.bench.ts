// `npm run bench:validate`: validating a realistic chart (the valid examples, ~20 objects), cold and warm.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { validExamples } from '../test/validate/examples';
import { PARSED_CRD_CACHE } from '../tools/validate/crd-catalog';

const chart = Object.values(validExamples);

/** One fresh-process run: load CRDs, compile rules, validate the chart once; prints JSON timings. */
function coldChild(): void {
  const start = performance.now();
   
  const { Validator } = require('../tools/validate') as typeof import('../tools/validate');
  const validator = Validator.fromPinnedCrds();
  const loaded = performance.now();
  const problems = validator.validate(chart);
  const done = performance.now();
  if (problems.length > 0) throw new Error(`bench chart is not valid: ${JSON.stringify(problems)}`);
  console.log(JSON.stringify({ load: loaded - start, firstValidate: done - loaded, total: done - start }));
}

function cold(): { load: number; firstValidate: number; total: number } {
  const result = spawnSync(process.execPath, [...process.execArgv, __filename, '--cold'], { encoding: 'utf8' });
  if (result.status !== 0) throw new Error(result.stderr);
  return JSON.parse(result.stdout.trim().split('\n').pop()!);
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

function main(): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  // The first run parses the CRDs' YAML and refills the cache the later runs read.
  rmSync(PARSED_CRD_CACHE, { recursive: true, force: true });
  const first = cold();
  console.log(`cold, no parsed-CRD cache: load ${ms(first.load)}, first validate ${ms(first.firstValidate)}, total ${ms(first.total)}`);
  const runs = [0, 1, 2].map(() => cold());
  console.log(`cold, parsed-CRD cache (median of 3): load ${ms(median(runs.map((r) => r.load)))}, first validate ${ms(median(runs.map((r) => r.firstValidate)))}, total ${ms(median(runs.map((r) => r.total)))}`);

   
  const { Validator } = require('../tools/validate') as typeof import('../tools/validate');
  const validator = Validator.fromPinnedCrds();
  validator.validate(chart);
  const iterations = 200;
  const times: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    validator.validate(chart);
    times.push(performance.now() - start);
  }
  console.log(`warm: ${chart.length} objects, ${iterations} runs, median ${ms(median(times))}, p95 ${ms([...times].sort((a, b) => a - b)[Math.floor(iterations * 0.95)])} per run`);
}

if (process.argv.includes('--cold')) coldChild(); else main();
