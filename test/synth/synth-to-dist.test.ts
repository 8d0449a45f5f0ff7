import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthToDist } from '../../tools/synth';

// What `npm run synth` does with a failing or passing app is in test/failed-synth.test.ts; these are its refusals.
describe('synthToDist refuses a cdk8s.yaml whose output is not a staging folder, before cdk8s synth runs', () => {
  let project: string;
  beforeEach(() => { project = mkdtempSync(join(tmpdir(), 'backend-mtls-staging-')); });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  test.each([
    ['no output', ''],
    ['output: dist, which cdk8s synth would delete first', 'output: dist\n'],
    ['output outside the project', 'output: ../elsewhere\n'],
  ])('%s', (_case, output) => {
    writeFileSync(join(project, 'cdk8s.yaml'), `language: typescript\napp: node main.js\n${output}`);
    expect(() => synthToDist(project)).toThrow(/^cdk8s\.yaml: output must name a staging folder inside the project such as \.synth \(found .*\): cdk8s synth deletes it before every run, and only a synth that passed replaces dist\/$/);
  });
});
