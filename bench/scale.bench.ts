// Synthesizes charts (one namespace, the chart's own CA, every other backend with 2 replicas) with 1, 10, 100 and
// 1000 backends, each size in a fresh child process, and prints for each: construct time, synth time (chart.toJson,
// what Testing.synth does), YAML time (cdk8s' Yaml.stringify, the rest of app.synthYaml), the total, and the
// peak resident memory (process.resourceUsage().maxRSS, the whole child process).
import { execFileSync } from 'node:child_process';
import { App, Yaml } from 'cdk8s';
import { BackendMtlsChart } from '../lib';

const SIZES = [1, 10, 100, 1000];

interface Result {
  readonly backends: number;
  readonly objects: number;
  readonly constructMillis: number;
  readonly synthMillis: number;
  readonly yamlMillis: number;
  readonly peakRssMiB: number;
}

/** Builds a chart with `backends` backends spread over a few namespaces, and synthesizes it to YAML. */
function measure(backends: number): Result {
  const started = performance.now();
  const app = new App({ outdir: '/dev/null' });
  const chart = new BackendMtlsChart(app, 'backend-mtls', { hostname: '*.demo.int' });
  for (let index = 1; index < backends; index++) {
    chart.addBackend(`Backend${index}`, { name: `httpbin-${index}`, hostname: `httpbin-${index}.demo.int`, replicas: index % 2 === 0 ? 2 : 1 });
  }
  const constructed = performance.now();
  const objects = chart.toJson();
  const synthesized = performance.now();
  Yaml.stringify(...objects);
  const done = performance.now();
  return {
    backends,
    objects: objects.length,
    constructMillis: constructed - started,
    synthMillis: synthesized - constructed,
    yamlMillis: done - synthesized,
    peakRssMiB: process.resourceUsage().maxRSS / 1024,
  };
}

function main(): void {
  const size = process.argv[2];
  if (size) {
    process.stdout.write(JSON.stringify(measure(Number(size))));
    return;
  }
  const results: Result[] = SIZES.map((backends) => JSON.parse(execFileSync(process.execPath, ['-r', 'tsx/cjs', __filename, String(backends)], { encoding: 'utf8', maxBuffer: 1 << 24 })));
  const toObjects = (r: Result) => r.constructMillis + r.synthMillis;
  const total = (r: Result) => toObjects(r) + r.yamlMillis;
  console.log('| backends | objects | construct (ms) | synth (ms) | construct + synth (ms) | YAML (ms) | total (ms) | peak RSS (MiB) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const cells = [r.backends, r.objects, r.constructMillis, r.synthMillis, toObjects(r), r.yamlMillis, total(r), r.peakRssMiB].map((n) => n.toFixed(0));
    console.log(`| ${cells.join(' | ')} |`);
  }
  const [r100, r1000] = [100, 1000].map((n) => results.find((r) => r.backends === n)!);
  console.log(`\n1000/100 ratio: construct + synth ${(toObjects(r1000) / toObjects(r100)).toFixed(2)}, total ${(total(r1000) / total(r100)).toFixed(2)} (target <= 12)`);
  console.log(`1000 backends: construct + synth ${(toObjects(r1000) / 1000).toFixed(2)} s, total with YAML ${(total(r1000) / 1000).toFixed(2)} s (target < 5 s)`);
}

main();
