// Synthesizes charts (one namespace, the chart's own CA, every other backend with 2 replicas) with 1, 10, 100 and
// 1000 backends, each size in a fresh child process, through the steps `npm run synth` takes after the app is
// built (writeManifests: validate every construct, render the objects, write the YAML), and prints for each the
// time of every step, the total, its CPU time (user + system: what a busy shared machine inflates least), and the
// peak resident memory (process.resourceUsage().maxRSS, the whole child). The last columns build the same app in
// another fresh process and synthesize it with `app.synth()` instead: what writeManifests saves by validating once.
// Then it times `cdk8s synth` end to end on the 1000-backend app: CLI start-up, the app process, and the offline
// admission plugin of cdk8s.yaml.
import { execFileSync, execSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App, Yaml } from 'cdk8s';
import { BackendMtlsChart } from '../lib';
import { synthApp } from '../tools/synth';
import { chartManifests, validateApp } from '../tools/synth/synth';

const SIZES = [1, 10, 100, 1000];

interface Result {
  readonly backends: number;
  readonly objects: number;
  readonly constructMillis: number;
  readonly validateMillis: number;
  readonly renderMillis: number;
  readonly yamlMillis: number;
  readonly cpuMillis: number;
  readonly peakRssMiB: number;
}

/** Building the app and `app.synth()` in a fresh process: wall and CPU time. */
interface AppSynthResult {
  readonly totalMillis: number;
  readonly cpuMillis: number;
}

function build(backends: number, outdir?: string): App {
  const app = new App({ outdir, recordConstructMetadata: false });
  const chart = new BackendMtlsChart(app, 'backend-mtls', { hostname: '*.demo.int' });
  for (let index = 1; index < backends; index++) {
    chart.addHttpbin(`Backend${index}`, { name: `httpbin-${index}`, hostname: `httpbin-${index}.demo.int`, replicas: index % 2 === 0 ? 2 : 1 });
  }
  return app;
}

function measure(backends: number): Result {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-scale-'));
  try {
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    const app = build(backends, outdir);
    const constructed = performance.now();
    validateApp(app);
    const validated = performance.now();
    const [{ objects }] = chartManifests(app);
    const rendered = performance.now();
    writeFileSync(join(outdir, 'backend-mtls.k8s.yaml'), Yaml.stringify(...objects));
    const written = performance.now();
    const cpu = process.cpuUsage(cpuAtStart);
    const peakRssMiB = process.resourceUsage().maxRSS / 1024;
    return {
      backends,
      objects: objects.length,
      constructMillis: constructed - started,
      validateMillis: validated - constructed,
      renderMillis: rendered - validated,
      yamlMillis: written - rendered,
      cpuMillis: (cpu.user + cpu.system) / 1000,
      peakRssMiB,
    };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function measureAppSynth(backends: number): AppSynthResult {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-scale-'));
  try {
    const cpuAtStart = process.cpuUsage();
    const started = performance.now();
    build(backends, outdir).synth();
    const cpu = process.cpuUsage(cpuAtStart);
    return { totalMillis: performance.now() - started, cpuMillis: (cpu.user + cpu.system) / 1000 };
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

/** Runs this file in a fresh process with the given arguments and reads the JSON it prints. */
function child<T>(...args: string[]): T {
  return JSON.parse(execFileSync(process.execPath, ['-r', 'tsx/cjs', __filename, ...args], { encoding: 'utf8', maxBuffer: 1 << 24 })) as T;
}

/** `cdk8s synth` with this file as the app: the CLI, a fresh app process and the admission plugin. */
function cliSeconds(backends: number): number {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-scale-cli-'));
  try {
    const started = performance.now();
    execSync(`npx cdk8s synth --app "node -r tsx/cjs ${__filename} app ${backends}" --output ${outdir}`, {
      cwd: join(__dirname, '..'), env: { ...process.env, CDK8S_CHECK_UPGRADE: 'false' }, stdio: 'pipe',
    });
    return (performance.now() - started) / 1000;
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

function main(): void {
  if (process.argv[2] === 'app') {
    synthApp(() => build(Number(process.argv[3])));
    return;
  }
  if (process.argv[2] === 'app-synth') {
    process.stdout.write(JSON.stringify(measureAppSynth(Number(process.argv[3]))));
    return;
  }
  const size = process.argv[2];
  if (size) {
    process.stdout.write(JSON.stringify(measure(Number(size))));
    return;
  }
  const results = SIZES.map((backends) => ({ ...child<Result>(String(backends)), appSynth: child<AppSynthResult>('app-synth', String(backends)) }));
  const total = (r: Result) => r.constructMillis + r.validateMillis + r.renderMillis + r.yamlMillis;
  console.log('| backends | objects | construct (ms) | validate (ms) | render (ms) | YAML + write (ms) | total (ms) | total CPU (ms) | peak RSS (MiB) '
    + '| app.synth() instead: total (ms) | its CPU (ms) |');
  console.log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of results) {
    const steps = [r.constructMillis, r.validateMillis, r.renderMillis, r.yamlMillis];
    const appSynth = [r.appSynth.totalMillis, r.appSynth.cpuMillis];
    const cells = [r.backends, r.objects, ...steps, total(r), r.cpuMillis, r.peakRssMiB, ...appSynth].map((n) => n.toFixed(0));
    console.log(`| ${cells.join(' | ')} |`);
  }
  const [r100, r1000] = [100, 1000].map((n) => results.find((r) => r.backends === n)!);
  console.log(`\n1000/100 ratio: ${(total(r1000) / total(r100)).toFixed(2)} (target <= 12)`);
  console.log(`1000 backends: ${(total(r1000) / 1000).toFixed(2)} s (target < 5 s)`);
  console.log(`\n\`cdk8s synth\` end to end (CLI, app process, offline admission): 1 backend ${cliSeconds(1).toFixed(1)} s, 1000 backends ${cliSeconds(1000).toFixed(1)} s`);
}

main();
