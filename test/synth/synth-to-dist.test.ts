import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthToDist } from '../../tools/synth';

// What `npm run synth` does with a failing or passing app is in test/failed-synth.test.ts; these are its refusals,
// made before cdk8s synth runs and before anything is written.
describe('synthToDist refuses, before cdk8s synth runs', () => {
  let project: string;
  beforeEach(() => { project = mkdtempSync(join(tmpdir(), 'backend-mtls-staging-')); });
  afterEach(() => rmSync(project, { recursive: true, force: true }));

  test('a cdk8s.yaml whose output lies outside the project', () => {
    writeFileSync(join(project, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\noutput: ../elsewhere\n');
    expect(() => synthToDist(project)).toThrow(/^cdk8s\.yaml: output \.\.\/elsewhere lies outside the project: npm run synth stages beside it and swaps it in whole, so it must be a folder inside the project such as dist$/);
    expect(readdirSync(project)).toEqual(['cdk8s.yaml']);
  });

  test.each(['--output', '-o', '--stdout', '-p', '--output=out'])('%s, which would write elsewhere than the output of cdk8s.yaml', (option) => {
    writeFileSync(join(project, 'cdk8s.yaml'), 'language: typescript\napp: node main.js\n');
    expect(() => synthToDist(project, [option, 'out'])).toThrow(`${option}: npm run synth writes dist/, the output of cdk8s.yaml; run \`npx cdk8s synth ${option} ...\` to write elsewhere`);
    expect(readdirSync(project)).toEqual(['cdk8s.yaml']);
  });
});
