import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiObject, App, Chart, YamlOutputType } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackendMtlsChart, Certificate, ClientCertificateMode, ExistingIssuer } from '../../lib';
import { writeManifests } from '../../tools/synth';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

/** Builds the same app twice, writes one with writeManifests and one with app.synth(), and returns both folders' files. */
function bothWays(build: (app: App) => void, props: { yamlOutputType?: YamlOutputType } = {}) {
  const written = (write: (app: App) => void) => {
    const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-write-'));
    folders.push(outdir);
    const app = new App({ outdir, recordConstructMetadata: false, ...props });
    build(app);
    write(app);
    return Object.fromEntries(readdirSync(outdir).sort().map((file) => [file, readFileSync(join(outdir, file), 'utf8')]));
  };
  return { ours: written((app) => writeManifests(app)), cdk8s: written((app) => app.synth()) };
}

describe('writeManifests writes the files app.synth() writes', () => {
  test('the default chart', () => {
    const { ours, cdk8s } = bothWays((app) => new BackendMtlsChart(app, 'backend-mtls'));
    expect(Object.keys(ours)).toEqual(['backend-mtls.k8s.yaml']);
    expect(ours).toEqual(cdk8s);
  });

  test('two charts, many backends, per-backend client certificates', () => {
    const { ours, cdk8s } = bothWays((app) => {
      const chart = new BackendMtlsChart(app, 'backend-mtls', {
        hostname: '*.demo.int', issuer: ExistingIssuer.fromClusterIssuerName(app, 'Issuer', 'selfsigned-ca'), clientCertificateMode: ClientCertificateMode.PER_BACKEND,
      });
      for (const name of ['billing', 'orders', 'search']) chart.addHttpbin(name, { name, namespace: name === 'search' ? 'search' : 'httpbin-tls', hostname: `${name}.demo.int`, replicas: 2 });
      new kplus.ConfigMap(new Chart(app, 'extras'), 'Settings', { metadata: { name: 'settings', namespace: 'default' }, data: { 'a.conf': 'x = 1\ny = 2\n' } });
    });
    expect(Object.keys(ours)).toEqual(['backend-mtls.k8s.yaml', 'extras.k8s.yaml']);
    expect(ours).toEqual(cdk8s);
  });

  test('an app whose constructs declare dependencies is handed to app.synth(), which orders by them', () => {
    const { ours, cdk8s } = bothWays((app) => {
      const chart = new BackendMtlsChart(app, 'backend-mtls');
      chart.node.findAll().find((node) => node instanceof Certificate)!.node.addDependency(chart.httpbin);
    });
    expect(ours).toEqual(cdk8s);
  });

  test('other output types are handed to app.synth()', () => {
    const { ours, cdk8s } = bothWays((app) => new BackendMtlsChart(app, 'backend-mtls'), { yamlOutputType: YamlOutputType.FILE_PER_RESOURCE });
    expect(Object.keys(ours).length).toBeGreaterThan(10);
    expect(ours).toEqual(cdk8s);
  });

  test('a broken wiring throws every message before anything is written', () => {
    const outdir = join(mkdtempSync(join(tmpdir(), 'backend-mtls-write-')), 'dist');
    folders.push(outdir);
    const app = new App({ outdir, recordConstructMetadata: false });
    const chart = new BackendMtlsChart(app, 'backend-mtls');
    new Certificate(chart, 'Twin', { issuer: chart.backendMtls.issuer, name: 'envoygateway-client-cert', commonName: 'twin', usages: ['client auth'] });
    expect(() => writeManifests(app)).toThrow(/^Validation failed with the following errors:\n {2}\[backend-mtls\] .*share kind, namespace and name/);
    expect(() => readdirSync(outdir)).toThrow(/ENOENT/);
  });
});

test('writeManifests renders each object once: the checks that read rendered objects and the writer share the rendering', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-write-'));
  folders.push(outdir);
  const app = new App({ outdir, recordConstructMetadata: false });
  const chart = new BackendMtlsChart(app, 'backend-mtls', { hostname: '*.demo.int' });
  chart.addHttpbin('Billing', { name: 'billing', hostname: 'billing.demo.int' });
  const objects = app.node.findAll().filter((node): node is ApiObject => node instanceof ApiObject);
  const render = jest.spyOn(ApiObject.prototype, 'toJson');
  try {
    writeManifests(app);
    const rendered = render.mock.contexts;
    expect(new Set(rendered)).toEqual(new Set(objects));
    expect(rendered).toHaveLength(objects.length);
  } finally {
    render.mockRestore();
  }
  // Outside a synth nothing is remembered: a label added afterwards is in the next rendering.
  ApiObject.of(chart.httpbin.deployment).metadata.addLabel('changed', 'yes');
  writeManifests(app);
  expect(readFileSync(join(outdir, 'backend-mtls.k8s.yaml'), 'utf8')).toMatch(/changed: "yes"/);
});
