import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiObject, App, Chart, Names, YamlOutputType } from 'cdk8s';
import { stringifyManifests } from './manifest-yaml';

/**
 * Builds and synthesizes an app for `cdk8s synth`. A bad prop or a broken wiring ends the process with
 * exit code 1 and the messages alone, no stack trace; validation runs before any manifest is written.
 */
export function synthApp(build: () => App): void {
  try {
    writeManifests(build());
  } catch (error) {
    const message = (error as Error).message.replace(/^Validation failed with the following errors:\n\s*/, '');
    process.stderr.write(`synth failed:\n  ${message.split('\n').map((line) => line.trim()).join('\n  ')}\n`);
    process.exitCode = 1;
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
  // cdk8s keeps recordConstructMetadata private; when it is on, app.synth() also writes construct-metadata.json.
  if (app.yamlOutputType !== YamlOutputType.FILE_PER_CHART || app['recordConstructMetadata'] || declaresDependencies(app)) {
    app.synth();
    return;
  }
  validateApp(app);
  fs.mkdirSync(app.outdir, { recursive: true });
  for (const { chart, objects } of chartManifests(app)) {
    fs.writeFileSync(path.join(app.outdir, `${Names.toDnsLabel(chart)}${app.outputFileExtension}`), stringifyManifests(objects), { encoding: 'utf8' });
  }
}

/** Runs every construct's validations and throws them all at once, in the words `app.synth()` uses. */
export function validateApp(app: App): void {
  const errors = app.node.findAll().flatMap((construct) => construct.node.validate().map((error) => `[${construct.node.path}] ${error}`));
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
}

/**
 * Each chart with its rendered objects, in the order `app.synth()` writes them when nothing declares a dependency:
 * the construct tree's pre-order. Unlike `chart.toJson()`, this does not validate the whole app again per chart.
 */
export function chartManifests(app: App): { chart: Chart; objects: unknown[] }[] {
  return app.node.findAll().filter((construct): construct is Chart => construct instanceof Chart).map((chart) => ({
    chart,
    objects: chart.node.findAll().filter((construct): construct is ApiObject => construct instanceof ApiObject).map((object) => object.toJson()),
  }));
}

function declaresDependencies(app: App): boolean {
  return app.node.findAll().some((construct) =>
    construct.node.dependencies.length > 0 || (construct instanceof Chart && construct.node.children.some((child) => child instanceof Chart)));
}

