import { execFileSync } from 'node:child_process';
import {
  existsSync, lstatSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { pinnedCrds } from '../../tools/validate/crd-sources';
import { packedPackage } from '../support/packed-package';
import { killLeftovers } from '../support/processes';
import {
  cdk8sSynth, compileAsync, installConsumer, installedCopies, installPinnedConsumer, LIBRARY, OPTIONAL_PEERS, projectsFolder, REPO_ROOT,
  REQUIRED_PEERS, run, runAsync, transpile,
} from './consumer-project';

/**
 * The package as users install it: one `npm pack` shared by every case, the projects installed one after the other
 * (each from npm's cache where it can), then checked one by one. One install at a time loads one core, as any other
 * test file does, so this file does not take the real-time slot (test/support/real-time.ts) from the rehearsals.
 * Cases: the newest peers with cdk8s-plus-28 and -33 and the offline admission's optional peers; the oldest peers
 * package.json admits, without the optional ones; the lasting folder route (`install-links=true` in `.npmrc`); and the
 * plain folder link that loads two copies of cdk8s and must fail naming both.
 */

const SETUP_TIMEOUT = 600_000;

interface Manifest {
  readonly kind: string;
  readonly metadata: { readonly name: string; readonly namespace?: string };
  [field: string]: unknown;
}

function manifestsIn(file: string): Manifest[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map((doc) => doc.toJS() as Manifest);
}

const kindsAndNames = (manifests: Manifest[]): string[] => manifests.map(({ kind, metadata }) => `${kind}/${metadata.name}`);

/** What Node loads for each of `requests`, from the consumer's own code and from inside the installed library: one node process per project. */
function resolutions(project: string, requests: readonly string[]): Record<string, { consumer: string; library: string }> {
  const script = `const { realpathSync } = require('fs');
    const library = require('path').dirname(realpathSync(require.resolve('backend-mtls')));
    const resolve = (request) => ({
      consumer: realpathSync(require.resolve(request)),
      library: realpathSync(require.resolve(request, { paths: [library] })),
    });
    console.log(JSON.stringify(Object.fromEntries(${JSON.stringify(requests)}.map((request) => [request, resolve(request)]))));`;
  return JSON.parse(run(process.execPath, ['-e', script], project));
}

/** The oldest version each required peer range admits (`^2.68.12` -> 2.68.12), and cdk8s-plus-33's. */
const OLDEST_PEERS = Object.fromEntries(
  [...REQUIRED_PEERS, 'cdk8s-plus-33'].map((name) => [name, LIBRARY.peerDependencies[name].replace(/^\^/, '')]),
);

// Perhaps outside this file's temp folder (on a tmpfs), so afterAll stops what still runs in it, as the environment does there.
const work = projectsFolder('backend-mtls-consumer-');
const project = (name: string) => join(work, name);
let tarball: string;
let shipped: string[];
const failures = new Map<string, Error>();
const seconds = new Map<string, number>();
let linkedRun: string;

/** Runs a case's install and build; its tests rethrow what failed, so one broken case does not hide the others. */
async function setUp(name: string, steps: () => Promise<void>): Promise<void> {
  const started = Date.now();
  await steps().catch((error: Error) => failures.set(name, error));
  seconds.set(name, (Date.now() - started) / 1000);
}

function ready(name: string): void {
  const failure = failures.get(name);
  if (failure) throw failure;
}

/** Compiles the project, then runs its entry points one after the other in one node process (each synthesizes an App of its own). */
const buildAndRun = async (dir: string, ...entries: string[]): Promise<void> => {
  await compileAsync(dir);
  await runAsync(process.execPath, ['-e', entries.map((entry) => `require('./${entry}');`).join('\n')], dir);
};

beforeAll(async () => {
  // One `npm pack` per run, shared with the other files that need the package; its `prepare` builds it, as for
  // `npm publish` and a git dependency (or skips tsc when build/ already holds the output of the same inputs).
  tarball = packedPackage().tarball;
  shipped = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).trim().split('\n').map((file) => file.replace(/^package\//, ''));
  // A clone's folder as a user keeps it beside a project: built, with its own node_modules (this repository's).
  const folder = join(work, 'clone', 'package');
  mkdirSync(join(work, 'clone'));
  execFileSync('tar', ['-xzf', tarball, '-C', join(work, 'clone')]);
  const manifest = JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8'));
  delete manifest.scripts;
  writeFileSync(join(folder, 'package.json'), JSON.stringify(manifest, null, 2));
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(folder, 'node_modules'));

  const cases: [string, () => Promise<void>][] = [
    ['newest', async () => {
      await installConsumer(project('newest'), { library: { tarball }, withTooling: true, withPlus33: true });
      await buildAndRun(project('newest'), 'main.js', 'reference.js', 'front33.js');
    }],
    ['oldest', async () => {
      await installPinnedConsumer(project('oldest'), tarball, { ...OLDEST_PEERS, '@types/node': '^20' });
      await buildAndRun(project('oldest'), 'main.js', 'reference.js', 'front33.js');
    }],
    ['npmrc', async () => {
      await installConsumer(project('npmrc'), { library: { folder, installLinks: true }, withTooling: false });
      // The route lasts: a later plain `npm install` keeps the copy instead of turning it into a link.
      await runAsync('npm', ['install', '--offline', '--no-audit', '--no-fund'], project('npmrc'));
      // Type-checked in the other cases; here only the install differs.
      await transpile(project('npmrc'), 'main.ts');
      await runAsync(process.execPath, ['main.js'], project('npmrc'));
    }],
    ['linked', async () => {
      const newest = Object.fromEntries(REQUIRED_PEERS.map((name) => [name, readInstalledVersion(name)]));
      await installPinnedConsumer(project('linked'), folder, { ...newest, '@types/node': readInstalledVersion('@types/node') });
      await transpile(project('linked'), 'main.ts');
      linkedRun = await runAsync(process.execPath, ['main.js'], project('linked')).then(() => 'ran', (error: Error) => error.message);
    }],
  ];
  for (const [name, steps] of cases) await setUp(name, steps);
}, SETUP_TIMEOUT);

afterAll(async () => {
  console.log(`consumer cases, seconds each: ${[...seconds].map(([name, time]) => `${name} ${time.toFixed(1)}`).join(', ')}`);
  const leftovers = await killLeftovers(work);
  rmSync(work, { recursive: true, force: true });
  if (leftovers.length > 0) {
    throw new Error(`processes still ran in ${work} when the consumer tests ended (now killed):\n  ${leftovers.join('\n  ')}`);
  }
});

function readInstalledVersion(name: string): string {
  return JSON.parse(readFileSync(join(REPO_ROOT, 'node_modules', name, 'package.json'), 'utf8')).version;
}

describe('npm pack', () => {
  test('ships every entry point package.json names, with its declarations, and the LICENSE', () => {
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

describe.each([['newest', 'the newest peers'], ['oldest', `the oldest peers package.json admits (${JSON.stringify(OLDEST_PEERS)})`]])(
  'a new cdk8s project (%s): %s, cdk8s-plus-28 and -33',
  (name) => {
    test('type-checks under the cdk8s template tsconfig (strict, no skipLibCheck) and synthesizes its own Deployment beside the constructs', () => {
      ready(name);
      const manifests = manifestsIn(join(project(name), 'dist', 'shop.k8s.yaml'));
      expect(kindsAndNames(manifests)).toEqual(expect.arrayContaining([
        'Deployment/storefront', 'Gateway/shop-gateway', 'HTTPRoute/shop-route', 'BackendTLSPolicy/shop-policy',
      ]));
    });

    test('renders the reference chart byte for byte as dist/', () => {
      ready(name);
      expect(readFileSync(join(project(name), 'reference', 'backend-mtls.k8s.yaml'), 'utf8'))
        .toBe(readFileSync(join(REPO_ROOT, 'dist', 'backend-mtls.k8s.yaml'), 'utf8'));
    });

    test('puts a cdk8s-plus-33 Deployment behind an MtlsFront', () => {
      ready(name);
      const manifests = manifestsIn(join(project(name), 'front33', 'shop.k8s.yaml'));
      const orders = manifests.find((object) => object.kind === 'Deployment') as Manifest & { spec: { template: { spec: { containers: { name: string }[] } } } };
      expect(orders.spec.template.spec.containers.map((container) => container.name)).toEqual(['orders', 'tls-front']);
      expect(kindsAndNames(manifests)).toEqual(expect.arrayContaining(['Service/orders', 'HTTPRoute/orders-route', 'BackendTLSPolicy/orders-policy']));
    });

    test('has one copy each of cdk8s, constructs and cdk8s-plus-28, and the library loads the consumer\'s', () => {
      ready(name);
      const resolved = resolutions(project(name), REQUIRED_PEERS);
      for (const peer of REQUIRED_PEERS) {
        expect(installedCopies(project(name), peer)).toEqual([join(project(name), 'node_modules', peer)]);
        expect(resolved[peer].library).toEqual(resolved[peer].consumer);
      }
    });
  },
);

test('the oldest project really holds the oldest peers', () => {
  ready('oldest');
  for (const [name, version] of Object.entries(OLDEST_PEERS)) {
    expect(JSON.parse(readFileSync(join(project('oldest'), 'node_modules', name, 'package.json'), 'utf8')).version).toBe(version);
  }
});

test('without the tooling\'s optional peers, `backend-mtls/validate` names the ones to install', () => {
  ready('oldest');
  const missing = OPTIONAL_PEERS.filter((peer) => !(peer in OLDEST_PEERS));
  for (const name of missing) expect(installedCopies(project('oldest'), name)).toEqual([]);
  const install = missing.map((name) => `'${name}@${LIBRARY.peerDependencies[name]}'`).join(' ');
  expect(() => run(process.execPath, ['-e', 'require("backend-mtls/validate")'], project('oldest'))).toThrow(`npm install --save-dev ${install}`);
});

describe('with the tooling\'s optional peers: the offline admission from cdk8s.yaml and from code', () => {
  let synthOutput: string;
  beforeAll(() => {
    ready('newest');
    rmSync(join(project('newest'), 'dist'), { recursive: true, force: true });
    synthOutput = cdk8sSynth(project('newest'));
  }, SETUP_TIMEOUT);

  test('`cdk8s synth` runs the validation plugin named by its `package:` path and passes the chart', () => {
    expect(synthOutput).toMatch(/backend-mtls CRD validation: 0 problem\(s\)/);
    expect(kindsAndNames(manifestsIn(join(project('newest'), 'dist', 'shop.k8s.yaml')))).toContain('BackendTLSPolicy/shop-policy');
  });

  test('`backend-mtls/validate` accepts the synthesized chart and rejects a listener port the CRD forbids', () => {
    const check = (file: string): { rule: string; path: string }[] => JSON.parse(run(process.execPath, ['check.js', file], project('newest')));
    expect(check(join(project('newest'), 'dist', 'shop.k8s.yaml'))).toEqual([]);
    const broken = manifestsIn(join(project('newest'), 'dist', 'shop.k8s.yaml')).map((object) => {
      if (object.kind !== 'Gateway') return object;
      const spec = object.spec as { listeners: { port: number }[] };
      return { ...object, spec: { ...spec, listeners: spec.listeners.map((listener) => ({ ...listener, port: 0 })) } };
    });
    writeFileSync(join(project('newest'), 'broken.yaml'), broken.map((object) => JSON.stringify(object)).join('\n---\n'));
    expect(check(join(project('newest'), 'broken.yaml'))).toEqual([
      expect.objectContaining({ object: 'Gateway shop/shop-gateway', path: 'spec.listeners[0].port' }),
    ]);
  });
});

describe('from a folder', () => {
  test('with install-links=true in .npmrc: a built copy, not a link, even after a later npm install; one cdk8s; it synthesizes', () => {
    ready('npmrc');
    const installed = join(project('npmrc'), 'node_modules', 'backend-mtls');
    expect(lstatSync(installed).isSymbolicLink()).toBe(false);
    expect(existsSync(join(installed, 'build', 'lib', 'index.js'))).toBe(true);
    const resolved = resolutions(project('npmrc'), REQUIRED_PEERS);
    for (const name of REQUIRED_PEERS) expect(resolved[name].library).toEqual(resolved[name].consumer);
    expect(kindsAndNames(manifestsIn(join(project('npmrc'), 'dist', 'shop.k8s.yaml')))).toContain('Deployment/storefront');
  });

  test('linked without it: two copies of cdk8s load, and the first construct fails naming both and the fix', () => {
    ready('linked');
    expect(lstatSync(join(project('linked'), 'node_modules', 'backend-mtls')).isSymbolicLink()).toBe(true);
    const { consumer, library } = resolutions(project('linked'), ['cdk8s']).cdk8s;
    expect(library).not.toEqual(consumer);
    expect(linkedRun).toContain('two copies of cdk8s are loaded');
    expect(linkedRun).toContain(`comes from ${consumer.replace(/\/lib\/index\.js$/, '')}, and backend-mtls uses ${library.replace(/\/lib\/index\.js$/, '')}`);
    expect(linkedRun).toContain('Fix: put install-links=true in your project\'s .npmrc');
  });
});
