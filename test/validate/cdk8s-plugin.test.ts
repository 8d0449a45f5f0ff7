import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
