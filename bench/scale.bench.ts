// npm run bench:scale: one chart (one namespace, the chart's own CA, every other backend with 2 replicas) with 1000
// and 10,000 backends, each run a whole fresh process, as a user runs it:
// - the route main.ts takes: the `app:` command of cdk8s.yaml with this file for main.ts, build the app, synthApp
//   (validate once, render, write the YAML);
// - a user's own main.ts that calls `app.synth()` on backend-mtls/synth's App (validates once, writes as synthApp does);
// - the same main.ts on cdk8s' own App (cdk8s validates twice and writes with its own Yaml.stringify).
// Each figure is the median of BENCH_RUNS runs (default 5; 10,000 backends run BENCH_RUNS_LARGE times, default 1),
// wall and CPU (user + system of the whole process, from its own resource usage at exit), beside its target, with
// the load average of the machine, which inflates wall time on a shared machine. Then one in-process run at 1000
// backends shows where the time goes, step by step, and how long cdk8s' own writer takes on the same objects: with
// the other steps, the least cdk8s' App could take if it validated and rendered once. `--cli` adds `cdk8s synth` end to end (CLI, app, admission).
import { execSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cdk8s from 'cdk8s';
import { parse } from 'yaml';
import { BackendMtlsChart } from '../lib';
import { RenderedObjects } from '../lib/core/rendered-objects';
import { App, synthApp } from '../tools/synth';
import { stringifyManifests } from '../tools/synth/manifest-yaml';
import { chartManifests, validateApp } from '../tools/synth/synth';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const RUNS_LARGE = Number(process.env.BENCH_RUNS_LARGE ?? 1);
const ROUTES = { synthApp: 'synthApp (main.ts)', appSynth: 'app.synth(), backend-mtls/synth App', cdk8sAppSynth: 'app.synth(), cdk8s App' } as const;
type Route = keyof typeof ROUTES;

const root = join(__dirname, '..');

/**
 * Node's arguments before main.ts in the `app:` command of cdk8s.yaml (`node <options> main.ts`): every child runs
 * this file with them, from the project folder, so the bench measures what `cdk8s synth` runs.
 */
function appNodeOptions(): string[] {
  const app: unknown = parse(readFileSync(join(root, 'cdk8s.yaml'), 'utf8')).app;
  const words = typeof app === 'string' ? app.split(/\s+/) : [];
  if (words[0] !== 'node' || words[words.length - 1] !== 'main.ts') throw new Error(`cdk8s.yaml: app ${String(app)} is not \`node <options> main.ts\`: update bench/scale.bench.ts`);
  return words.slice(1, -1);
}

/** Runs this file in a fresh process the way cdk8s.yaml runs main.ts. */
const runChild = (args: string[]) =>
  spawnSync(process.execPath, [...appNodeOptions(), __filename, ...args], { cwd: root, encoding: 'utf8', maxBuffer: 1 << 24 });

/** A whole process: wall time measured from outside, CPU and peak memory reported by the process itself at exit. */
interface ProcessRun {
  readonly wallMillis: number;
  readonly cpuMillis: number;
  readonly peakRssMiB: number;
}

function build(backends: number, outdir?: string, AppClass: typeof cdk8s.App = cdk8s.App): cdk8s.App {
  const app = new AppClass({ outdir, recordConstructMetadata: false });
  const chart = new BackendMtlsChart(app, 'backend-mtls', { hostname: '*.demo.int' });
  for (let index = 1; index < backends; index++) {
    chart.addHttpbin(`Backend${index}`, { name: `httpbin-${index}`, hostname: `httpbin-${index}.demo.int`, replicas: index % 2 === 0 ? 2 : 1 });
  }
  return app;
}

/** Runs one route in a fresh process, as cdk8s.yaml runs main.ts. */
function run(route: Route, backends: number): ProcessRun {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-scale-'));
  try {
    const started = performance.now();
    const child = runChild([route, String(backends), outdir]);
    const wallMillis = performance.now() - started;
    if (child.status !== 0) throw new Error(`${route} with ${backends} backends failed: ${child.stderr}`);
    const usage = JSON.parse(child.stdout) as { cpuMillis: number; peakRssMiB: number };
    return { wallMillis, ...usage };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

const median = (values: readonly number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

function medianRun(route: Route, backends: number, runs: number): ProcessRun {
  const samples = Array.from({ length: runs }, () => run(route, backends));
  return {
    wallMillis: median(samples.map((sample) => sample.wallMillis)),
    cpuMillis: median(samples.map((sample) => sample.cpuMillis)),
    peakRssMiB: median(samples.map((sample) => sample.peakRssMiB)),
  };
}

/** One in-process run at 1000 backends, step by step: what each step of synthApp costs, wall and CPU milliseconds. */
function steps(backends: number): { objects: number; steps: [string, number, number][]; cdk8sYaml: [number, number] } {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-scale-'));
  // Start-up: from the process's start to here (Node, loading cdk8s, cdk8s-plus-28, the library and tools/synth).
  const startUp = process.cpuUsage();
  const timed: [string, number, number][] = [['start-up', performance.now(), (startUp.user + startUp.system) / 1000]];
  const step = <T>(name: string, work: () => T): T => {
    const [started, cpu] = [performance.now(), process.cpuUsage()];
    const result = work();
    const used = process.cpuUsage(cpu);
    timed.push([name, performance.now() - started, (used.user + used.system) / 1000]);
    return result;
  };
  try {
    const app = step('construct', () => build(backends, outdir));
    // As writeManifests does: validation and writing share each object's rendering.
    const [{ objects }] = RenderedObjects.during(app, () => {
      step('validate', () => validateApp(app));
      return step('render', () => chartManifests(app));
    });
    step('YAML + write', () => writeFileSync(join(outdir, 'backend-mtls.k8s.yaml'), stringifyManifests(objects)));
    // Not a step of synthApp: what cdk8s' own App spends in its writer alone on the same objects.
    const [started, cpu] = [performance.now(), process.cpuUsage()];
    cdk8s.Yaml.stringify(...objects);
    const used = process.cpuUsage(cpu);
    return { objects: objects.length, steps: timed, cdk8sYaml: [performance.now() - started, (used.user + used.system) / 1000] };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** The child's side: synthesize by one route, then report this process's CPU time and peak memory. */
function child(route: string, backends: number, outdir: string): void {
  if (route === 'synthApp') synthApp(() => build(backends, outdir));
  else if (route === 'appSynth') build(backends, outdir, App).synth();
  else if (route === 'cdk8sAppSynth') build(backends, outdir).synth();
  else if (route === 'steps') process.stdout.write(JSON.stringify(steps(backends)));
  if (route === 'steps') return;
  const usage = process.resourceUsage();
  process.stdout.write(JSON.stringify({ cpuMillis: (usage.userCPUTime + usage.systemCPUTime) / 1000, peakRssMiB: usage.maxRSS / 1024 }));
}

const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;
const load = () => loadavg().map((value) => value.toFixed(2)).join(', ');

function main(): void {
  const [route, backends, outdir] = process.argv.slice(2);
  if (route && route !== '--cli') {
    child(route, Number(backends), outdir);
    return;
  }
  console.log(`load average before: ${load()} (2 cores; wall time grows with load, CPU time much less)`);
  console.log(`each run: node ${appNodeOptions().join(' ')} <this file> (the app command of cdk8s.yaml), in a fresh process`);
  const figures: Record<Route, { small: ProcessRun; large: ProcessRun }> = {
    synthApp: { small: medianRun('synthApp', 1000, RUNS), large: medianRun('synthApp', 10_000, RUNS_LARGE) },
    appSynth: { small: medianRun('appSynth', 1000, RUNS), large: medianRun('appSynth', 10_000, RUNS_LARGE) },
    cdk8sAppSynth: { small: medianRun('cdk8sAppSynth', 1000, RUNS), large: medianRun('cdk8sAppSynth', 10_000, RUNS_LARGE) },
  };
  const targets: Record<Route, number> = { synthApp: 2000, appSynth: 2500, cdk8sAppSynth: 2500 };
  for (const key of Object.keys(ROUTES) as Route[]) {
    const { small, large } = figures[key];
    const verdict = (millis: number) => (millis < targets[key] ? 'within' : 'OVER');
    console.log(`${ROUTES[key]}, 1000 backends, whole process (median of ${RUNS}): wall ${seconds(small.wallMillis)}, CPU ${seconds(small.cpuMillis)}, `
      + `peak ${small.peakRssMiB.toFixed(0)} MiB | target < ${seconds(targets[key])} wall on 2 cores (CPU exceeds wall as V8 collects garbage on `
      + `a second thread): ${verdict(small.wallMillis)}`);
    const ratio = large.wallMillis / small.wallMillis;
    console.log(`${ROUTES[key]}, 10,000 backends (median of ${RUNS_LARGE}): wall ${seconds(large.wallMillis)}, CPU ${seconds(large.cpuMillis)}, `
      + `peak ${large.peakRssMiB.toFixed(0)} MiB | ${ratio.toFixed(1)}x the 1000 figure (CPU ${(large.cpuMillis / small.cpuMillis).toFixed(1)}x), `
      + `target <= 12x: ${ratio <= 12 ? 'within' : 'OVER'}`);
  }
  const stepRun = runChild(['steps', '1000', '']);
  const breakdown = JSON.parse(stepRun.stdout) as ReturnType<typeof steps>;
  console.log(`where synthApp's time goes at 1000 backends (${breakdown.objects} objects, one process, step by step), wall / CPU: `
    + breakdown.steps.map(([name, wall, cpu]) => `${name} ${wall.toFixed(0)} / ${cpu.toFixed(0)} ms`).join(', '));
  // cdk8s' own App cannot take less than synthApp's steps with its own writer in place of the library's.
  const [yamlWall, yamlCpu] = breakdown.cdk8sYaml;
  const [writeWall, writeCpu] = breakdown.steps[breakdown.steps.length - 1].slice(1) as number[];
  const floorWall = breakdown.steps.reduce((sum, [, wall]) => sum + wall, 0) - writeWall + yamlWall;
  const floorCpu = breakdown.steps.reduce((sum, [, , cpu]) => sum + cpu, 0) - writeCpu + yamlCpu;
  console.log(`cdk8s' own App at 1000 backends: its Yaml.stringify alone takes ${yamlWall.toFixed(0)} / ${yamlCpu.toFixed(0)} ms on the same objects; `
    + `with synthApp's other steps that is ${seconds(floorWall)} wall / ${seconds(floorCpu)} CPU, the least that route could take if cdk8s validated `
    + `the app and rendered each object once (its synth() does each twice) | target < ${seconds(targets.cdk8sAppSynth)}: `
    + `${floorWall < targets.cdk8sAppSynth ? 'within' : 'OVER'}`);
  if (process.argv.includes('--cli')) {
    const cliDir = mkdtempSync(join(tmpdir(), 'backend-mtls-scale-cli-'));
    try {
      const started = performance.now();
      execSync(`npx cdk8s synth --app "node ${appNodeOptions().join(' ')} ${__filename} synthApp 1000 ${cliDir}/out" --output ${cliDir}/out`, {
        cwd: join(__dirname, '..'), env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: 'pipe',
      });
      console.log(`cdk8s synth end to end at 1000 backends (CLI, app process, offline admission): ${seconds(performance.now() - started)}`);
    } finally {
      rmSync(cliDir, { recursive: true, force: true });
    }
  }
  console.log(`load average after: ${load()}`);
}

main();
