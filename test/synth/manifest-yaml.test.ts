import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { App, Chart, Testing, Yaml } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackendMtlsChart, BackendMtlsChartProps, Certificate, ExistingIssuer } from '../../lib';
import { writeManifests } from '../../tools/synth';
import { stringifyManifests, stringifyManifestsWithJsYaml } from '../../tools/synth/manifest-yaml';
import { REFERENCE_MODES, referenceVariant } from '../support/charts';
import { kubectlDocuments, readAsKubectl } from '../support/kubectl-reader';
import { expectEqualObjects } from '../support/manifests';
import { callInWorker } from '../support/worker';
import { misread, SeededRoundTrip } from '../support/yaml-round-trip';
import { YAML_SPECIALS, yamlHostileStrings } from '../support/yaml-strings';

const SEED = 0x0a11_2026;
const FUZZ_DOCUMENTS = 20_000;
const THROUGH_CONSTRUCTS = 600;

/** The rendered objects as kubectl should read them: plain JSON values. */
const asJson = (objects: readonly unknown[]) => JSON.parse(JSON.stringify(objects)) as unknown[];

/** Each reference mode synthesized and written once, for the tests that compare the bytes and read them back. */
const referenceWrites = new Map<string, { objects: unknown[]; written: string }>();
function referenceWrite(mode: string, props: () => BackendMtlsChartProps): { objects: unknown[]; written: string } {
  let write = referenceWrites.get(mode);
  if (!write) {
    const objects = Testing.synth(referenceVariant(props()));
    write = { objects, written: stringifyManifests(objects) };
    referenceWrites.set(mode, write);
  }
  return write;
}

describe('stringifyManifests', () => {
  test.each(REFERENCE_MODES)('writes the bytes js-yaml and cdk8s\' Yaml.stringify write for the reference chart: %s', (mode, props) => {
    const { objects, written } = referenceWrite(mode, props);
    expect(written).toBe(Yaml.stringify(...objects));
    expect(written).toBe(stringifyManifestsWithJsYaml(objects));
  });

  test.each(REFERENCE_MODES)('kubectl reads back every object of the reference chart as rendered: %s', (mode, props) => {
    const { objects, written } = referenceWrite(mode, props);
    expectEqualObjects(kubectlDocuments(written), asJson(objects));
  });

  test('kubectl reads back every committed manifest in dist/ as the app renders it', () => {
    const app = new App({ recordConstructMetadata: false });
    const chart = new BackendMtlsChart(app, 'backend-mtls');
    const dist = readFileSync(join(__dirname, '..', '..', 'dist', 'backend-mtls.k8s.yaml'), 'utf8');
    expectEqualObjects(kubectlDocuments(dist), asJson(Testing.synth(chart)));
  });

  test(`kubectl reads back ${FUZZ_DOCUMENTS} seeded documents of hostile strings (seed ${SEED.toString(16)}) in every key and value exactly`, async () => {
    // Written, read back and compared in a worker thread, outside jest's sandbox, where the YAML writing runs at half speed.
    const fuzz = await callInWorker<SeededRoundTrip>(join(__dirname, '..', 'support', 'yaml-round-trip.ts'), 'seededRoundTrip', SEED, FUZZ_DOCUMENTS);
    expect(fuzz.documents).toBe(FUZZ_DOCUMENTS);
    expect(fuzz.leading).toEqual(YAML_SPECIALS);
    expect(fuzz.misread).toEqual([]);
    // The fast path writes js-yaml's bytes.
    expect(fuzz.writtenAsJsYaml).toBe(true);
  });

  test('quotes what cdk8s\' own writer leaves for kubectl to misread: Go number syntax, line separators, merge keys', () => {
    const values = ['0o17', '0O17', '0B101', '0X1F', '0o_7', 'a\u2028b', 'a\u2029b', '<<'];
    const documents = values.map((value) => ({ metadata: { annotations: { [value]: value } } }));
    const cdk8sRead = readAsKubectl(Yaml.stringify(...documents));
    expect(values.filter((_, index) => !isDeepStrictEqual(cdk8sRead[index], { json: documents[index] }))).toEqual(values);
    expect(misread(values, documents)).toEqual([]);
  });
});

describe(`writeManifests: ${THROUGH_CONSTRUCTS} hostile strings through labels, annotations (keys and values), env values and ConfigMap data`, () => {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-read-back-'));
  afterAll(() => rmSync(outdir, { recursive: true, force: true }));

  test('each is refused naming the value, or read back by kubectl exactly as the chart rendered it', () => {
    const values = yamlHostileStrings(SEED + 1, THROUGH_CONSTRUCTS);
    const app = new App({ outdir, recordConstructMetadata: false });
    const chart = new Chart(app, 'fuzz', { disableResourceNameHashes: true });
    const issuer = ExistingIssuer.fromClusterIssuerName(chart, 'Issuer', 'corp');
    const places: [string, (id: string, value: string) => void][] = [
      ['label key', (id, value) => new Certificate(chart, id, { issuer, name: id.toLowerCase(), namespace: 'ns', dnsNames: ['a.example'], metadata: { labels: { [value]: 'v' } } })],
      ['label value', (id, value) => new Certificate(chart, id, { issuer, name: id.toLowerCase(), namespace: 'ns', dnsNames: ['a.example'], metadata: { labels: { app: value } } })],
      ['annotation key', (id, value) => new Certificate(chart, id, { issuer, name: id.toLowerCase(), namespace: 'ns', dnsNames: ['a.example'], metadata: { annotations: { [value]: 'v' } } })],
      ['annotation value', (id, value) => new Certificate(chart, id, { issuer, name: id.toLowerCase(), namespace: 'ns', dnsNames: ['a.example'], metadata: { annotations: { note: value } } })],
      ['ConfigMap key', (id, value) => new kplus.ConfigMap(chart, id, { data: { [value]: 'v' } })],
      ['ConfigMap value', (id, value) => new kplus.ConfigMap(chart, id, { data: { datum: value } })],
      ['env value', (id, value) => new kplus.Deployment(chart, id, {
        containers: [{ image: 'busybox', envVariables: { VALUE: kplus.EnvValue.fromValue(value) }, securityContext: { user: 1000, group: 1000 } }],
      })],
    ];
    const refused: string[] = [];
    values.forEach((value, index) => places.forEach(([place, build], at) => {
      const id = `V${index}P${at}`;
      try {
        build(id, value);
      } catch (error) {
        chart.node.tryRemoveChild(id);
        const message = (error as Error).message;
        expect({ place, value, message }).toEqual({ place, value, message: expect.stringContaining(JSON.stringify(value).slice(1, 40)) });
        refused.push(`${place} ${JSON.stringify(value)}`);
      }
    }));
    writeManifests(app);
    const rendered = asJson(Testing.synth(chart));
    const files = readdirSync(outdir);
    expect(files).toEqual(['fuzz.k8s.yaml']);
    expectEqualObjects(kubectlDocuments(readFileSync(join(outdir, files[0]), 'utf8')), rendered);
    // Most strings reach the output: the check is not passing on refusals alone.
    expect(rendered.length).toBeGreaterThan(values.length * 3);
  });
});
