import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { pinnedCrds } from '../../tools/validate/crd-sources';
import {
  cdk8sSynth, compile, installConsumer, installedCopies, LIBRARY, OPTIONAL_PEERS, REPO_ROOT, REQUIRED_PEERS, run,
} from './consumer-project';

const INSTALL_TIMEOUT = 180_000;

interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  [field: string]: unknown;
}

function manifestsIn(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS() as Manifest);
}

const kindsAndNames = (manifests: Manifest[]): string[] => manifests.map(({ kind, metadata }) => `${kind}/${metadata.name}`);

/** What Node loads for `request`, from the consumer's own code and from inside the installed library. */
function resolutions(project: string, request: string): { consumer: string; library: string } {
  const script = `const { realpathSync } = require('fs');
    const library = require('path').dirname(realpathSync(require.resolve('backend-mtls')));
    const consumer = realpathSync(require.resolve('${request}'));
    console.log(JSON.stringify({ consumer, library: realpathSync(require.resolve('${request}', { paths: [library] })) }));`;
  return JSON.parse(run(process.execPath, ['-e', script], project));
}

const work = realpathSync(mkdtempSync(join(tmpdir(), 'backend-mtls-consumer-')));
afterAll(() => rmSync(work, { recursive: true, force: true }));

describe('npm pack', () => {
  let shipped: string[];
  beforeAll(() => {
    // `prepare` builds the package, as it does for `npm publish` and a git dependency.
    run('npm', ['pack', '--pack-destination', work], REPO_ROOT);
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz'));
    if (!tarball) throw new Error(`npm pack wrote no tarball into ${work}`);
    shipped = execFileSync('tar', ['-tzf', join(work, tarball)], { encoding: 'utf8' }).trim().split('\n')
      .map((file) => file.replace(/^package\//, ''));
  }, INSTALL_TIMEOUT);

  test('ships every entry point package.json names, with its declarations', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8'));
    const targets: string[] = [pkg.main, pkg.types, ...Object.values(pkg.exports as Record<string, string | Record<string, string>>)
      .flatMap((target) => (typeof target === 'string' ? [target] : Object.values(target)))];
    for (const target of targets) expect(shipped).toContain(target.replace(/^\.\//, ''));
    expect(shipped).toEqual(expect.arrayContaining([
      'LICENSE', 'crds.sha256', 'scripts/cdk8s-validation-plugin.js', 'build/imports/gateway.networking.k8s.io.d.ts',
      // the offline admission reads the pinned CRDs from the package, with their license
      'crds/LICENSE', 'crds/NOTICE', 'crds/SOURCES.md', ...pinnedCrds().map((pin) => `crds/${pin.path}`),
    ]));
  });

  test('ships compiled code and declarations only: no sources, tests, bench, manifests or source maps', () => {
    const unexpected = shipped.filter((file) => !/^build\/(lib|imports|tools\/(validate|synth))\/.*\.(js|d\.ts)$/.test(file) && !file.startsWith('crds/'))
      .filter((file) => !['package.json', 'README.md', 'LICENSE', 'crds.sha256', 'scripts/cdk8s-validation-plugin.js'].includes(file));
    expect(unexpected).toEqual([]);
    expect(shipped.filter((file) => file.startsWith('build/lib/'))).not.toEqual([]);
  });
});

describe('a new cdk8s project that installs the tarball and composes the constructs with its own Deployment', () => {
  const project = join(work, 'tarball-consumer');
  let manifests: Manifest[];
  beforeAll(() => {
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz')) as string;
    installConsumer(project, { library: { tarball: join(work, tarball) }, withTooling: false });
    compile(project);
    run(process.execPath, ['main.js'], project);
    manifests = manifestsIn(join(project, 'dist', 'shop.k8s.yaml'));
  }, INSTALL_TIMEOUT);

  test('type-checks under the cdk8s template tsconfig (strict, no skipLibCheck) and synthesizes both', () => {
    expect(kindsAndNames(manifests)).toEqual(expect.arrayContaining([
      'Deployment/storefront', 'Gateway/shop-gateway', 'HTTPRoute/shop-route', 'BackendTLSPolicy/shop-policy',
    ]));
    const policy = manifests.find((object) => object.kind === 'BackendTLSPolicy') as Manifest & { spec: { validation: { hostname: string } } };
    expect(policy.spec.validation.hostname).toEqual('httpbin-tls.shop.svc.cluster.local');
  });

  test('has one copy each of cdk8s, constructs and cdk8s-plus-28, and the library loads the consumer\'s', () => {
    for (const name of REQUIRED_PEERS) {
      expect(installedCopies(project, name)).toEqual([join(project, 'node_modules', name)]);
      const { consumer, library } = resolutions(project, name);
      expect(library).toEqual(consumer);
    }
  });

  test('installs none of the tooling\'s dependencies; `backend-mtls/validate` names the ones to install', () => {
    for (const name of OPTIONAL_PEERS) expect(installedCopies(project, name)).toEqual([]);
    const install = OPTIONAL_PEERS.map((name) => `${name}@${LIBRARY.peerDependencies[name]}`).join(' ');
    expect(() => run(process.execPath, ['-e', 'require("backend-mtls/validate")'], project)).toThrow(`npm install --save-dev ${install}`);
  });
});

describe('the same project with the tooling\'s optional peers: the offline admission from cdk8s.yaml and from code', () => {
  const project = join(work, 'tarball-consumer');
  let synthOutput: string;
  beforeAll(() => {
    const tarball = readdirSync(work).find((file) => file.endsWith('.tgz')) as string;
    installConsumer(project, { library: { tarball: join(work, tarball) }, withTooling: true });
    rmSync(join(project, 'dist'), { recursive: true, force: true });
    synthOutput = cdk8sSynth(project);
  }, INSTALL_TIMEOUT);

  test('`cdk8s synth` runs the validation plugin named by its `package:` path and passes the chart', () => {
    expect(synthOutput).toMatch(/backend-mtls CRD validation: 0 problem\(s\)/);
    expect(kindsAndNames(manifestsIn(join(project, 'dist', 'shop.k8s.yaml')))).toContain('BackendTLSPolicy/shop-policy');
  });

  test('`backend-mtls/validate` accepts the synthesized chart and rejects a listener port the CRD forbids', () => {
    const check = (file: string): { rule: string; path: string }[] => JSON.parse(run(process.execPath, ['check.js', file], project));
    expect(check(join(project, 'dist', 'shop.k8s.yaml'))).toEqual([]);
    const broken = manifestsIn(join(project, 'dist', 'shop.k8s.yaml')).map((object) => {
      if (object.kind !== 'Gateway') return object;
      const spec = object.spec as { listeners: { port: number }[] };
      return { ...object, spec: { ...spec, listeners: spec.listeners.map((listener) => ({ ...listener, port: 0 })) } };
    });
    writeFileSync(join(project, 'broken.yaml'), broken.map((object) => JSON.stringify(object)).join('\n---\n'));
    expect(check(join(project, 'broken.yaml'))).toEqual([
      expect.objectContaining({ object: 'Gateway shop/shop-gateway', path: 'spec.listeners[0].port' }),
    ]);
  });
});

describe('a path dependency: `npm install --install-links <folder>`', () => {
  const project = join(work, 'path-consumer');
  beforeAll(() => {
    installConsumer(project, { library: { folder: REPO_ROOT }, withTooling: false });
    compile(project);
    run(process.execPath, ['main.js'], project);
  }, INSTALL_TIMEOUT);

  test('installs a built copy whose cdk8s, constructs and cdk8s-plus-28 are the consumer\'s, and synthesizes', () => {
    expect(existsSync(join(project, 'node_modules', 'backend-mtls', 'build', 'lib', 'index.js'))).toBe(true);
    for (const name of REQUIRED_PEERS) {
      expect(installedCopies(project, name)).toEqual([join(project, 'node_modules', name)]);
      const { consumer, library } = resolutions(project, name);
      expect(library).toEqual(consumer);
    }
    expect(kindsAndNames(manifestsIn(join(project, 'dist', 'shop.k8s.yaml')))).toContain('Deployment/storefront');
  });
});
