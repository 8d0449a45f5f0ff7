import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { IConstruct } from 'constructs';
import { RenderedObjects } from '../../lib/core/rendered-objects';
import { stringifyManifests } from './manifest-yaml';

/**
 * Builds and synthesizes an app for `cdk8s synth`. A bad prop or a broken wiring ends the process with
 * exit code 1 and the messages alone, no stack trace; validation runs before any manifest is written. A fault in the
 * app's own code (a TypeError, a ReferenceError: any error but a plain `Error`) is printed with its stack, which
 * names the file and line.
 */
export function synthApp(build: () => App): void {
  let app: App | undefined;
  let before = new Map<string, number>();
  try {
    app = build();
    before = filesIn(app.outdir);
    writeManifests(app);
  } catch (error) {
    // Whatever this run wrote before it failed goes: a failed synth leaves no manifest that could be applied.
    if (app) removeWrittenSince(app.outdir, before);
    process.stderr.write(`synth failed:\n  ${failureLines(error).join('\n  ')}\n`);
    process.exitCode = 1;
  }
}

/**
 * What a failed synth prints: the messages of a prop or wiring error (a plain `Error`, cdk8s' validation summary
 * unwrapped), or a programming fault with the stack that locates it.
 */
function failureLines(error: unknown): string[] {
  if (!(error instanceof Error)) return [`${String(error)} (thrown by the app, not an Error)`];
  if (error.constructor !== Error && error.stack) return error.stack.split('\n').map((line) => line.trimEnd());
  const message = error.message.replace(/^Validation failed with the following errors:\n\s*/, '');
  return message.split('\n').map((line) => line.trim());
}

/** The files of `dir` with their modification times; none when it does not exist. */
function filesIn(dir: string): Map<string, number> {
  if (!fs.existsSync(dir)) return new Map();
  return new Map(fs.readdirSync(dir).map((file) => [file, fs.statSync(path.join(dir, file)).mtimeMs]));
}

function removeWrittenSince(dir: string, before: Map<string, number>): void {
  for (const [file, modified] of filesIn(dir)) {
    if (before.get(file) !== modified) fs.rmSync(path.join(dir, file), { force: true, recursive: true });
  }
}

/**
 * Does what `app.synth()` does and writes the bytes cdk8s' own writer (`Yaml.stringify`) writes, except that strings
 * kubectl would misread are quoted (see stringifyManifests), and validates every construct once: `app.synth()`
 * validates the whole app again inside each `chart.toJson()`. Takes that path
 * for the default output, one file per chart, when no construct declares a dependency and no chart nests another,
 * which is when cdk8s adds no ordering of its own; any other app is handed to `app.synth()`.
 */
export function writeManifests(app: App): void {
  writeManifestsOr(app, () => app.synth());
}

/**
 * {@link writeManifests}, handing any app it does not write itself to `cdk8sSynth` (cdk8s' own `App.synth`).
 * @internal
 */
export function writeManifestsOr(app: App, cdk8sSynth: () => void): void {
  const nodes = app.node.findAll();
  if (!writesItself(app, nodes)) {
    cdk8sSynth();
    return;
  }
  const manifests = validatedManifests(app, nodes);
  fs.mkdirSync(app.outdir, { recursive: true });
  for (const { chart, objects } of manifests) {
    fs.writeFileSync(path.join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`), stringifyManifests(objects), { encoding: 'utf8' });
  }
}

/**
 * Validates every construct once, then renders each chart's objects ({@link chartManifests}); each object is rendered
 * once, the checks that read rendered objects and the writer sharing what it rendered to. For an app
 * {@link writesItself}; `nodes` is its `node.findAll()`.
 * @internal
 */
export function validatedManifests(app: App, nodes: readonly IConstruct[]): { chart: Chart; objects: unknown[] }[] {
  return RenderedObjects.during(app, () => {
    validateApp(app, nodes);
    return chartManifests(app, nodes);
  });
}

/**
 * Runs every construct's validations and throws them all at once, in the words `app.synth()` uses. `nodes` is the
 * app's `node.findAll()`, when the caller has it.
 */
export function validateApp(app: App, nodes: readonly IConstruct[] = app.node.findAll()): void {
  const errors = nodes.flatMap((construct) => construct.node.validate().map((error) => `[${construct.node.path}] ${error}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Each chart with its rendered objects, in the order `app.synth()` writes them when nothing declares a dependency and
 * no chart nests another: the construct tree's pre-order. Unlike `chart.toJson()`, this does not validate the whole
 * app again per chart. `nodes` is the app's `node.findAll()`, when the caller has it.
 */
export function chartManifests(app: App, nodes: readonly IConstruct[] = app.node.findAll()): { chart: Chart; objects: unknown[] }[] {
  const byChart = new Map<Chart, unknown[]>();
  for (const node of nodes) {
    if (node instanceof Chart) byChart.set(node, []);
    else if (node instanceof ApiObject) byChart.get(node.chart)!.push(RenderedObjects.jsonOf(node));
  }
  return [...byChart].map(([chart, objects]) => ({ chart, objects }));
}

/**
 * Whether {@link writeManifests} writes the app itself: the default output, one file per chart, no construct metadata
 * (cdk8s keeps `recordConstructMetadata` private; when it is on, `app.synth()` also writes construct-metadata.json),
 * and nothing that makes cdk8s order objects by dependencies.
 * @internal
 */
export function writesItself(app: App, nodes: readonly IConstruct[]): boolean {
  return app.yamlOutputType === YamlOutputType.FILE_PER_CHART && !app['recordConstructMetadata'] && !declaresDependencies(nodes);
}

function declaresDependencies(nodes: readonly IConstruct[]): boolean {
  return nodes.some((construct) =>
    construct.node.dependencies.length > 0 || (construct instanceof Chart && construct.node.children.some((child) => child instanceof Chart)));
}
