import { Testing, Yaml } from 'cdk8s';
import { BackendMtlsChart, ClientCertificateMode, ExistingIssuer, TrustDistribution, TrustSource } from '../../lib';
import { stringifyManifests } from '../../tools/synth/manifest-yaml';

/** What cdk8s writes for one document: the reference every case is held to. */
const cdk8s = (doc: unknown) => Yaml.stringify(doc);

describe('stringifyManifests writes what cdk8s Yaml.stringify writes', () => {
  test.each([
    ['the default chart', () => Testing.synth(new BackendMtlsChart(Testing.app(), 'backend-mtls'))],
    ['per-backend client certificates, Bundle trust, a second namespace', () => {
      const chart = new BackendMtlsChart(Testing.app(), 'variant', {
        hostname: '*.demo.int',
        issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca'),
        clientCertificateMode: ClientCertificateMode.PER_BACKEND,
        trustDistribution: TrustDistribution.TRUST_MANAGER_BUNDLE,
        trustBundleSource: TrustSource.fromSecretName(Testing.chart(), 'Source', 'selfsigned-ca-root'),
      });
      chart.addBackend('Billing', { name: 'billing', namespace: 'payments', hostname: 'billing.demo.int', replicas: 2 });
      return Testing.synth(chart);
    }],
  ])('%s, byte for byte', (_name, synth) => {
    const objects = synth();
    expect(stringifyManifests(objects)).toEqual(Yaml.stringify(...objects));
  });

  test('nested and empty collections, nulls, numbers and booleans', () => {
    const doc = {
      spec: { list: [[1, 2], [], {}, [[]], [{ a: 1, b: [{ c: null }] }]], empty: {}, none: null },
      numbers: { zero: 0, negative: -7, negativeZero: -0, float: 1.5, huge: 1e21, unsafe: 2 ** 60, nan: NaN, infinite: -Infinity },
      flags: { on: true, off: false },
    };
    expect(stringifyManifests([doc])).toEqual(cdk8s(doc));
  });

  test('strings YAML 1.1 would read as something else are quoted as yaml quotes them', () => {
    const values = ['', 'yes', 'Yes', 'NO', 'on', 'Off', 'y', 'N', 'true', 'False', 'null', 'Null', '~', '8080', '0x1F', '0o17', '017', '1:20', '1e3', '.inf', '.NaN',
      '2026-11-28', '+1', '-1', '1_000', ' leading', 'trailing ', 'a: b', 'a #b', '#c', '- x', '---', '...', '*alias', '&anchor', '!tag', '%x', '@x', '`x', "it's", 'say "hi"',
      '${x}', '25%', 'é', 'tab\there', 'http://x.demo.int:8080/path?q=1', '[x]', '{x}', 'x,y', '?x', '|x', '>x', "'", '"'];
    const doc = { values: Object.fromEntries(values.map((value, index) => [`v${index}`, value])), list: values };
    expect(stringifyManifests([doc])).toEqual(cdk8s(doc));
  });

  test('keys YAML 1.1 would read as something else are quoted as yaml quotes them', () => {
    const keys = ['y', 'n', 'Y', 'yes', 'on', 'null', '1', '0x1', 'a: b', 'a b', '', '-x', 'app.kubernetes.io/name', 'nginx.conf', 'ca.crt'];
    const doc = Object.fromEntries(keys.map((key) => [key, key]));
    expect(stringifyManifests([doc])).toEqual(cdk8s(doc));
  });

  test('every string the fast path writes bare is one yaml also writes bare', () => {
    const alphabet = 'aAyYnNoOeEfFtTlLuUsSxXbB0159._/-';
    const strings = new Set<string>(['yEs', 'nULL', 'oN', 'tRUE', 'Infinity', 'NaN', 'inf', 'nan', 'e5', 'E1', 'x1e3', 'a-', 'a/', 'a.', 'a..b', 'ab__', 'ON', 'On', 'oFF']);
    let seed = 42;
    const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    while (strings.size < 6000) {
      const length = 1 + Math.floor(random() * 6);
      strings.add(Array.from({ length }, () => alphabet[Math.floor(random() * alphabet.length)]).join(''));
    }
    const mismatches = [...strings].filter((value) => stringifyManifests([{ [value]: value }]) !== cdk8s({ [value]: value }));
    expect(mismatches).toEqual([]);
  });

  test('multi-line strings, aliases and non-object documents go to the yaml library whole', () => {
    const shared = { a: 1 };
    const docs = [
      { data: { 'nginx.conf': 'events {}\n\n  http {}\n', tail: 'a\nb' }, list: ['x\ny'] },
      { first: shared, second: shared },
      {},
      [1, 2],
      'scalar',
      undefined,
    ];
    expect(stringifyManifests(docs)).toEqual(Yaml.stringify(...docs));
  });
});
