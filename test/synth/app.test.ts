import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as cdk8s from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackendMtlsChart, Certificate } from '../../lib';
import { App } from '../../tools/synth';
import { kubectlDocuments } from '../support/kubectl-reader';

const folders: string[] = [];
afterAll(() => folders.forEach((folder) => rmSync(folder, { recursive: true, force: true })));

type AppClass = new (props: cdk8s.AppProps) => cdk8s.App;

/** A fresh app of `Class` writing into a folder of its own, built by `build`. */
function appOf(Class: AppClass, build: (app: cdk8s.App) => void, props: cdk8s.AppProps = {}): cdk8s.App {
  const outdir = mkdtempSync(join(tmpdir(), 'backend-mtls-app-'));
  folders.push(outdir);
  const app = new Class({ outdir, recordConstructMetadata: false, ...props });
  build(app);
  return app;
}

/** The same app built twice, synthesized by cdk8s' App and by backend-mtls/synth's, with the files each wrote. */
function bothApps(build: (app: cdk8s.App) => void, props: cdk8s.AppProps = {}) {
  const files = (app: cdk8s.App) => {
    app.synth();
    return Object.fromEntries(readdirSync(app.outdir).sort().map((file) => [file, readFileSync(join(app.outdir, file), 'utf8')]));
  };
  return { ours: files(appOf(App, build, props)), cdk8s: files(appOf(cdk8s.App, build, props)) };
}

/** A chart whose only object carries strings kubectl reads back as numbers unless they are quoted. */
function numberLikeLabels(app: cdk8s.App): void {
  new kplus.ConfigMap(new cdk8s.Chart(app, 'settings'), 'Settings', {
    metadata: { name: 'settings', namespace: 'default', labels: { octal: '0o17', hex: '0X1F' } },
    data: { binary: '0B101' },
  });
}

describe('App from backend-mtls/synth: app.synth() as cdk8s writes it', () => {
  test('is a cdk8s App', () => {
    const app = new App({ outdir: join(tmpdir(), 'unused') });
    expect(app).toBeInstanceOf(cdk8s.App);
    expect(cdk8s.App.of(new cdk8s.Chart(app, 'chart'))).toBe(app);
  });

  test('writes the reference chart byte for byte as cdk8s\' App does', () => {
    const { ours, cdk8s: theirs } = bothApps((app) => new BackendMtlsChart(app, 'backend-mtls'));
    expect(Object.keys(ours)).toEqual(['backend-mtls.k8s.yaml']);
    expect(ours).toEqual(theirs);
  });

  test('quotes what kubectl would read as a number, where cdk8s\' writer leaves it plain', () => {
    const { ours, cdk8s: theirs } = bothApps(numberLikeLabels);
    const [ourConfigMap] = kubectlDocuments(ours['settings.k8s.yaml']) as { metadata: { labels: object }; data: object }[];
    expect(ourConfigMap.metadata.labels).toEqual({ octal: '0o17', hex: '0X1F' });
    expect(ourConfigMap.data).toEqual({ binary: '0B101' });
    const [theirConfigMap] = kubectlDocuments(theirs['settings.k8s.yaml']) as { metadata: { labels: object } }[];
    expect(theirConfigMap.metadata.labels).toEqual({ octal: 15, hex: 31 });
  });

  test('validates each construct once, where cdk8s\' App validates the app again inside each chart', () => {
    const calls = (Class: AppClass) => {
      let validated = 0;
      const app = appOf(Class, (scope) => new BackendMtlsChart(scope, 'backend-mtls'));
      app.node.addValidation({ validate: () => { validated++; return []; } });
      app.synth();
      return validated;
    };
    expect(calls(App)).toBe(1);
    expect(calls(cdk8s.App)).toBe(2);
  });

  test('hands an app with another output type to cdk8s\' own synth, unchanged', () => {
    const { ours, cdk8s: theirs } = bothApps((app) => new BackendMtlsChart(app, 'backend-mtls'), { yamlOutputType: cdk8s.YamlOutputType.FILE_PER_RESOURCE });
    expect(Object.keys(ours).length).toBeGreaterThan(10);
    expect(ours).toEqual(theirs);
  });

  test('hands an app with declared dependencies to cdk8s\' own synth, which orders by them', () => {
    const { ours, cdk8s: theirs } = bothApps((app) => {
      const chart = new BackendMtlsChart(app, 'backend-mtls');
      chart.node.findAll().find((node) => node instanceof Certificate)!.node.addDependency(chart.httpbin);
    });
    expect(ours).toEqual(theirs);
  });

  test('a broken wiring throws every message in cdk8s\' words, and nothing is written', () => {
    const app = appOf(App, (scope) => {
      const chart = new BackendMtlsChart(scope, 'backend-mtls');
      new Certificate(chart, 'Twin', { issuer: chart.backendMtls.issuer, name: 'envoygateway-client-cert', commonName: 'twin', usages: ['client auth'] });
    });
    expect(() => app.synth()).toThrow(/^Validation failed with the following errors:\n {2}\[backend-mtls\] .*share kind, namespace and name/);
    expect(readdirSync(app.outdir)).toEqual([]);
  });
});

describe('App from backend-mtls/synth: app.synthYaml()', () => {
  test('returns what cdk8s\' App returns for the reference chart and another chart', () => {
    const build = (app: cdk8s.App) => {
      new BackendMtlsChart(app, 'backend-mtls');
      new kplus.ConfigMap(new cdk8s.Chart(app, 'extras'), 'Settings', { metadata: { name: 'settings', namespace: 'default' }, data: { 'a.conf': 'x = 1\n' } });
    };
    expect(appOf(App, build).synthYaml()).toBe(appOf(cdk8s.App, build).synthYaml());
  });

  test('quotes what kubectl would read as a number', () => {
    const [configMap] = kubectlDocuments(appOf(App, numberLikeLabels).synthYaml()) as { metadata: { labels: object } }[];
    expect(configMap.metadata.labels).toEqual({ octal: '0o17', hex: '0X1F' });
  });

  test('hands an app with another output type to cdk8s\' own synthYaml', () => {
    const build = (app: cdk8s.App) => numberLikeLabels(app);
    const props = { yamlOutputType: cdk8s.YamlOutputType.FILE_PER_APP };
    expect(appOf(App, build, props).synthYaml()).toBe(appOf(cdk8s.App, build, props).synthYaml());
  });
});
