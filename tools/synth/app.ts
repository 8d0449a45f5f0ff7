import * as cdk8s from 'cdk8s';
import { stringifyManifests } from './manifest-yaml';
import { validatedManifests, writeManifestsOr, writesItself } from './synth';

/**
 * cdk8s' `App`, whose `synth()` and `synthYaml()` write as {@link writeManifests} does: the bytes cdk8s' writer writes,
 * except that strings kubectl would misread (`0o17`, a line separator) are quoted, every construct validated once
 * and every object rendered once. A `main.ts` of your own changes one import and keeps `app.synth()`:
 * `import { App } from 'backend-mtls/synth'`. An app this does not write itself (another `yamlOutputType`, construct
 * metadata, declared dependencies or nested charts) is synthesized by cdk8s' own `App` code, unchanged.
 */
export class App extends cdk8s.App {
  public synth(): void {
    writeManifestsOr(this, () => super.synth());
  }

  public synthYaml(): string {
    const nodes = this.node.findAll();
    if (!writesItself(this, nodes)) return super.synthYaml();
    return stringifyManifests(validatedManifests(this, nodes).flatMap(({ objects }) => objects));
  }
}
