import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { parseYamlDocuments } from '../../tools/validate/manifests';

/** What the yaml library (the one cdk8s writes with) reads from a text. */
const yamlLibrary = (text: string) => parseAllDocuments(text).map((document) => document.toJS()).filter((document) => document !== null);

describe('parseYamlDocuments', () => {
  test('reads the committed dist/ exactly as the yaml library does', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'dist', 'backend-mtls.k8s.yaml'), 'utf8');
    const objects = parseYamlDocuments(text, 'dist/backend-mtls.k8s.yaml');
    expect(objects.length).toBeGreaterThan(10);
    expect(objects).toEqual(yamlLibrary(text));
  });

  test('reads YAML 1.2 core scalars as the yaml library does: yes, on and dates stay strings', () => {
    const text = 'a: yes\nb: on\nc: 2026-11-28\nd: 0o17\ne: 017\nf: .inf\ng: ~\nh: "8080"\ni: |\n  x\n  y\n---\n---\nj: [1, {k: v}]\n';
    expect(parseYamlDocuments(text, 'x.yaml')).toEqual(yamlLibrary(text));
  });

  test('invalid YAML names the file', () => {
    expect(() => parseYamlDocuments('a: [1, 2\nb: 3\n', 'broken.yaml')).toThrow(/^broken\.yaml: not valid YAML: /);
  });

  test('a key given twice is invalid, as the API server would have it', () => {
    expect(() => parseYamlDocuments('kind: Service\nkind: Secret\n', 'twice.yaml')).toThrow(/twice\.yaml: not valid YAML: .*duplicat/i);
  });
});
