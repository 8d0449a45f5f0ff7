import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { transpileModule } from 'typescript';
import { stringify } from 'yaml';
import { CrdValidation } from '../../tools/validate';
import { validExamples } from './examples';

function run(objects: unknown[]) {
  const dir = mkdtempSync(join(tmpdir(), 'validate-plugin-'));
  const manifest = join(dir, 'chart.k8s.yaml');
  writeFileSync(manifest, objects.map((object) => stringify(object)).join('---\n'));
  const violations: any[] = [];
  const logged: string[] = [];
  let status: string | undefined;
  const context = {
    manifests: [manifest],
    report: { addViolation: (v: any) => violations.push(v), submit: (s: any) => { status = s; } },
    logger: { log: (line: string) => logged.push(line) },
  };
  return new CrdValidation({ channel: 'standard' }).validate(context).then(() => ({ status, violations, manifest, logged })).finally(() => rmSync(dir, { recursive: true, force: true }));
}

describe('cdk8s validation plugin', () => {
  test('a valid chart passes', async () => {
    expect(await run([validExamples.Gateway, validExamples.HTTPRoute])).toMatchObject({ status: 'success', violations: [] });
  });

  test('each problem is a violation naming the resource, field and manifest; the report fails', async () => {
    const route = structuredClone(validExamples.HTTPRoute) as any;
    route.spec.rules[0].timeouts = { request: '1s', backendRequest: '5s' };
    const { status, violations, manifest } = await run([route]);
    expect(status).toBe('failure');
    expect(violations).toEqual([expect.objectContaining({
      ruleName: 'Invalid value: "object": backendRequest timeout cannot be longer than request timeout',
      violatingResources: [{ resourceName: 'HTTPRoute backend-mtls/backend', locations: ['spec.rules[0].timeouts'], manifestPath: manifest }],
    })]);
  });

  test('a warning is logged, not a violation: the synth passes', async () => {
    const service = structuredClone(validExamples.Service) as any;
    delete service.metadata.namespace;
    const { status, violations, logged, manifest } = await run([service]);
    expect({ status, violations }).toEqual({ status: 'success', violations: [] });
    expect(logged[0]).toBe(`${manifest}: Service backend: metadata.namespace: Warning: Service is namespaced and names no namespace: kubectl creates it in its context's namespace (or --namespace)`);
    expect(logged[1]).toMatch(/^backend-mtls CRD validation: 0 problem\(s\), 1 warning\(s\) in \d+ ms$/);
  });
});

/** Two manifests as cdk8s synth leaves them for the plugins, and a context that records what the plugin logs. */
function writtenManifests(dir: string, first: string) {
  const manifests = [join(dir, 'a.k8s.yaml'), join(dir, 'b.k8s.yaml')];
  writeFileSync(manifests[0], first);
  writeFileSync(manifests[1], stringify(validExamples.Gateway));
  const logged: string[] = [];
  const report = { addViolation: () => undefined, submit: () => undefined };
  return { manifests, logged, context: { manifests, report, logger: { log: (line: string) => logged.push(line) } } };
}

describe('a validation that fails before its end removes every manifest it did not check', () => {
  let dir: string;
  beforeEach(() => { dir = mkdtempSync(join(tmpdir(), 'validate-plugin-')); });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  test('a manifest that is not YAML: the synth fails naming it, and no manifest is left', async () => {
    const { manifests, logged, context } = writtenManifests(dir, 'kind: [unclosed\n');
    await expect(new CrdValidation().validate(context)).rejects.toThrow(`${manifests[0]}: not valid YAML`);
    expect(manifests.filter((manifest) => existsSync(manifest))).toEqual([]);
    expect(logged).toEqual(['backend-mtls CRD validation: failed before its end; removed the 2 unchecked manifest file(s)']);
  });

  test('the plugin of cdk8s.yaml, when the validation cannot load (optional peers missing): the synth fails with why, and no manifest is left', async () => {
    // The installed package's layout: scripts/ beside build/, whose validation throws on load as it does without its peers.
    const root = join(__dirname, '..', '..');
    const validate = join(dir, 'package', 'build', 'tools', 'validate');
    mkdirSync(validate, { recursive: true });
    mkdirSync(join(dir, 'package', 'scripts'));
    copyFileSync(join(root, 'scripts', 'cdk8s-validation-plugin.js'), join(dir, 'package', 'scripts', 'cdk8s-validation-plugin.js'));
    writeFileSync(join(validate, 'index.js'), 'throw new Error("backend-mtls/validate needs the optional peer dependencies kubernetes-models");\n');
    const unchecked = readFileSync(join(root, 'tools', 'validate', 'unchecked.ts'), 'utf8');
    writeFileSync(join(validate, 'unchecked.js'), transpileModule(unchecked, { compilerOptions: { module: 1 /* CommonJS */ } }).outputText);
    const { manifests, logged, context } = writtenManifests(dir, stringify(validExamples.HTTPRoute));

    const plugin = require(join(dir, 'package', 'scripts', 'cdk8s-validation-plugin.js'));
    await expect(new plugin.CrdValidation({ channel: 'standard' }).validate(context)).rejects.toThrow('needs the optional peer dependencies kubernetes-models');
    expect(manifests.filter((manifest) => existsSync(manifest))).toEqual([]);
    expect(logged).toEqual(['backend-mtls CRD validation: failed before its end; removed the 2 unchecked manifest file(s)']);
  });
});
