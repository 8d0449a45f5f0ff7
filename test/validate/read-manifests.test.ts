import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Yaml } from 'cdk8s';
import { parseAllDocuments } from 'yaml';
import { parseYamlDocuments } from '../../tools/validate/manifests';

/** What the yaml library (the one cdk8s writes with) reads from a text. */
const yamlLibrary = (text: string) => parseAllDocuments(text).map((document) => document.toJS()).filter((document) => document !== null);

/** The value kubectl sends for `key: <scalar>`. */
const kubectlReads = (scalar: string) => (parseYamlDocuments(`key: ${scalar}\n`, 'x.yaml')[0] as { key: unknown }).key;

describe('parseYamlDocuments reads manifests as kubectl does (sigs.k8s.io/yaml, goyaml.v2 resolve.go `resolve`)', () => {
  test('reads the committed dist/ exactly as the yaml library does: nothing in it depends on the YAML version', () => {
    const text = readFileSync(join(__dirname, '..', '..', 'dist', 'backend-mtls.k8s.yaml'), 'utf8');
    const objects = parseYamlDocuments(text, 'dist/backend-mtls.k8s.yaml');
    expect(objects.length).toBeGreaterThan(10);
    expect(objects).toEqual(yamlLibrary(text));
  });

  test.each([
    // resolveMapList: YAML 1.1 booleans in the three spellings Go lists, and nothing else
    ['yes', true], ['Yes', true], ['YES', true], ['y', true], ['Y', true], ['on', true], ['ON', true], ['true', true],
    ['no', false], ['n', false], ['N', false], ['off', false], ['Off', false], ['FALSE', false],
    ['yEs', 'yEs'], ['oN', 'oN'],
    // nulls
    ['~', null], ['null', null], ['Null', null], ['', null],
    // strconv.ParseInt(plain, 0, 64) after removing '_': Go's prefixes, octal with a leading 0
    ['0o17', 15], ['0O17', 15], ['017', 15], ['0x1F', 31], ['0b101', 5], ['-0x10', -16], ['+12', 12], ['1_000', 1000],
    // yamlStyleFloat where ParseInt fails
    ['08', 8], ['1e3', 1000], ['1.5e3', 1500], ['.5', 0.5], ['-.inf', -Infinity],
    // what Go does not parse stays a string: sexagesimal, timestamps (kept as strings for interface{}), bare prefixes
    ['1:20', '1:20'], ['2026-11-28', '2026-11-28'], ['2001-12-14t21:59:43.10-05:00', '2001-12-14t21:59:43.10-05:00'], ['0o', '0o'], ['0x', '0x'],
    ['=', '='], ['1.2.3', '1.2.3'],
    // quoted scalars are strings whatever they look like
    ['"0o17"', '0o17'], ["'yes'", 'yes'], ['"8080"', '8080'],
  ] as Array<[string, unknown]>)('%s reads as %p', (scalar, expected) => {
    expect(kubectlReads(scalar)).toEqual(expected);
  });

  test('cdk8s quotes the YAML 1.1 look-alikes, but writes `0o17` bare, which kubectl sends as the integer 15', () => {
    const written = Yaml.stringify({ yes: 'yes', on: 'on', octal: '017', float: '1e3', goOctal: '0o17' });
    expect(parseYamlDocuments(written, 'written.yaml')).toEqual([{ yes: 'yes', on: 'on', octal: '017', float: '1e3', goOctal: 15 }]);
  });

  test('keys are resolved too, then turned into strings: `n: 1` is the key "false"', () => {
    expect(parseYamlDocuments('n: 1\non: 2\n017: 3\n', 'keys.yaml')).toEqual([{ false: 1, true: 2, 15: 3 }]);
  });

  test('merge keys are applied, as go-yaml does', () => {
    expect(parseYamlDocuments('base: &b {a: 1}\nmerged:\n  <<: *b\n  c: 2\n', 'merge.yaml')).toEqual([{ base: { a: 1 }, merged: { a: 1, c: 2 } }]);
  });

  test('empty documents are skipped; block scalars and flow collections read as usual', () => {
    expect(parseYamlDocuments('i: |\n  x\n  y\n---\n---\nj: [1, {k: v}]\n', 'x.yaml')).toEqual([{ i: 'x\ny\n' }, { j: [1, { k: 'v' }] }]);
  });

  test('invalid YAML names the file', () => {
    expect(() => parseYamlDocuments('a: [1, 2\nb: 3\n', 'broken.yaml')).toThrow(/^broken\.yaml: not valid YAML: /);
  });

  test('a key given twice is invalid, as the API server would have it', () => {
    expect(() => parseYamlDocuments('kind: Service\nkind: Secret\n', 'twice.yaml')).toThrow(/twice\.yaml: not valid YAML: .*duplicat/i);
  });
});
