import { isDeepStrictEqual } from 'node:util';
import { App, Chart } from 'cdk8s';
import { CORE_SCHEMA, loadAll, YAML11_SCHEMA } from 'js-yaml';
import {
  BackendMtlsChart, BackendMtlsChartProps, BackendServiceAttributes, CaTrust, Certificate, ClientCertificateMode, ExistingBackendService,
  ExistingIssuer, Gateway, GatewayClass, SelfSignedCa, CaDistribution,
} from '../../lib';
import { readAsKubectl } from '../support/kubectl-reader';
import { expectEqualObjects } from '../support/manifests';
import { seeded } from '../support/seeded';
import { synthesize } from './synthesize';

/**
 * Every free-text prop, fed generated hostile strings through the real synth path: each must be refused with a
 * message that names the prop and the value, or come out as YAML that kubectl's own reader (test/oracle), YAML 1.1
 * and YAML 1.2 readers all read back as exactly what the chart rendered.
 */

const SEED = 0x5eed_2026;
const CASES = 200;
/** Fed to every prop before the generated strings: one of each hostile class. */
const CORPUS = ['0o17', 'on', '~', '', 'a\u2028b', 'a\x85b', 'a\tb', 'a\ud800', 'a: b', 'é', 'a'.repeat(64), 'a'.repeat(70_000)];

const YAML_INDICATORS = ['-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"', '%', '@', '`', '- ', ': ', ' #', '---', '...', '<<'];
const YAML11_SCALARS = [
  'y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE', 'on', 'On', 'ON', 'off', 'Off', 'OFF',
  '~', 'null', 'Null', 'NULL', '', '0', '00', '017', '08', '0o17', '0O17', '0x1F', '0X1F', '0x_1f', '0_x1f', '0b101', '0B101', '1_000', '1e3', '1E3', '1e_3',
  '+1', '-1', '.5', '.5e3', '1.', '1.e3', '.inf', '-.inf', '+.Inf', '.nan', '.NaN', '1:20', '12:30:45', '2001-12-14', '2001-1-2', '2001-12-14t21:59:43.10-05:00',
];
const CONTROL = ['\0', '\t', '\n', '\r', '\x07', '\x1b', '\x7f', '\x85', '\u2028', '\u2029', '\ufeff', '\ud800', '\udfff'];
const UNICODE = ['é', 'ß', 'İ', 'ﬁ', '日本', '🙂', '👩‍💻', 'ש', '\u0301', 'Ω', '\u00a0', '\u200b', 'Ａ'];
const VALID = ['a', 'app', 'httpbin', 'team-a', 'x1', 'demo.int', 'a.b.c'];
const POOL = [...'abcxyz09-._/:*@', ...YAML_INDICATORS.filter((s) => s.length === 1), ...CONTROL, ...UNICODE, ' ', 'A', 'Z'];

function hostileString(random: () => number): string {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
  switch (Math.floor(random() * 7)) {
    case 0: return pick(YAML11_SCALARS);
    case 1: return pick(YAML_INDICATORS) + pick(VALID);
    case 2: return `${pick(VALID)}${pick([...YAML_INDICATORS, ...CONTROL, ...UNICODE])}${pick(VALID)}`;
    case 3: return pick(VALID) + pick([...CONTROL, ...UNICODE, ' ', ':', '#']);
    case 4: return Array.from({ length: 1 + Math.floor(random() * 12) }, () => pick(POOL)).join('');
    case 5: return pick(['a', 'x', 'a-', '0']).repeat(pick([62, 63, 64, 253, 254, 1024, 1025, 70_000])) + pick(['', 'a']);
    default: return pick(YAML11_SCALARS).replace(/[a-z]/, (letter) => (random() < 0.5 ? letter.toUpperCase() : letter));
  }
}

/** A free-text prop: how to set it, and the fields a refusal may name (the text between the path and the value). */
interface FreeTextProp {
  readonly name: string;
  readonly build: (app: App, value: string) => void;
  readonly fields: readonly string[];
  /** False for a prop that only steers checks (trust-manager's namespace is not rendered). @default true */
  readonly rendered?: boolean;
}

const chart = (app: App, props: BackendMtlsChartProps = {}) => new BackendMtlsChart(app, 'backend-mtls', props);
const wildcard = (app: App, props: BackendMtlsChartProps = {}) => chart(app, { hostname: '*.demo.int', issuer: ExistingIssuer.fromClusterIssuerName(app, 'Corp', 'corp'), ...props });
const existing = (app: App, attrs: Partial<BackendServiceAttributes> = {}, name = 'legacy', trust?: (scope: BackendMtlsChart) => CaTrust) => {
  const c = wildcard(app);
  const service = ExistingBackendService.fromServiceAttributes(c, 'LegacyService', { serviceName: name, namespace: 'legacy', port: 443, hostname: 'legacy.legacy.svc', ...attrs });
  const defaultTrust = () => CaTrust.fromSecretAttributes(c, 'LegacyCa', { name: 'legacy-ca', authority: c.backendMtls.issuer });
  c.backendMtls.addBackend('Legacy', service, { hostname: 'legacy.demo.int', trust: trust?.(c) ?? defaultTrust() });
};

const PROPS: FreeTextProp[] = [
  { name: 'chart namespace', build: (app, v) => chart(app, { namespace: v }), fields: ['namespace'] },
  { name: 'chart hostname', build: (app, v) => chart(app, { hostname: v }), fields: ['hostname'] },
  { name: 'clientCertificateName', build: (app, v) => chart(app, { clientCertificateName: v }), fields: ['name'] },
  { name: 'clientCommonName', build: (app, v) => chart(app, { clientCommonName: v }), fields: ['commonName'] },
  { name: 'envoyProxyName', build: (app, v) => chart(app, { envoyProxyName: v }), fields: ['name'] },
  { name: 'gatewayClassName', build: (app, v) => chart(app, { gatewayClassName: v }), fields: ['name'] },
  { name: 'gatewayName', build: (app, v) => chart(app, { gatewayName: v }), fields: ['name', 'gatewayName'] },
  { name: 'routeName', build: (app, v) => chart(app, { routeName: v }), fields: ['name'] },
  { name: 'policyName', build: (app, v) => chart(app, { policyName: v }), fields: ['name'] },
  { name: 'labels key', build: (app, v) => chart(app, { labels: { [v]: 'a' } }), fields: ['labels key'] },
  { name: 'labels value', build: (app, v) => chart(app, { labels: { team: v } }), fields: ['labels["team"]'] },
  { name: 'envoyProxyPods.namespace', build: (app, v) => chart(app, { envoyProxyPods: { namespace: v } }), fields: ['envoyProxyPods.namespace'] },
  { name: 'envoyProxyPods.labels key', build: (app, v) => chart(app, { envoyProxyPods: { labels: { [v]: 'envoy' } } }), fields: ['envoyProxyPods.labels key'] },
  { name: 'envoyProxyPods.labels value', build: (app, v) => chart(app, { envoyProxyPods: { labels: { app: v } } }), fields: ['envoyProxyPods.labels["app"]'] },
  { name: 'backend.name', build: (app, v) => chart(app, { httpbin: { name: v } }), fields: ['name'] },
  { name: 'backend.certificateName', build: (app, v) => chart(app, { httpbin: { certificateName: v } }), fields: ['name'] },
  { name: 'backend.secretName', build: (app, v) => chart(app, { httpbin: { secretName: v } }), fields: ['secretName'] },
  { name: 'backend.portName', build: (app, v) => chart(app, { httpbin: { portName: v } }), fields: ['portName'] },
  { name: 'backend.httpbinImage', build: (app, v) => chart(app, { httpbin: { httpbinImage: v } }), fields: ['httpbinImage'] },
  { name: 'backend.nginxImage', build: (app, v) => chart(app, { httpbin: { nginxImage: v } }), fields: ['nginxImage'] },
  { name: 'backend.certificateDuration', build: (app, v) => chart(app, { httpbin: { certificateDuration: v } }), fields: ['duration', 'renewBefore'] },
  { name: 'backend.certificateRenewBefore', build: (app, v) => chart(app, { httpbin: { certificateRenewBefore: v } }), fields: ['renewBefore'] },
  {
    name: 'trustNamespace',
    build: (app, v) => wildcard(app, { caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, bundleSource: CaTrust.fromSecretAttributes(new Chart(app, 'sources'), 'Source', { name: 'root-ca' }), trustNamespace: v }),
    fields: ['trustNamespace'],
    rendered: false,
  },
  { name: 'ExistingIssuer.fromClusterIssuerName', build: (app, v) => chart(app, { issuer: ExistingIssuer.fromClusterIssuerName(app, 'Issuer', v) }), fields: ['name'] },
  { name: 'ExistingIssuer.fromIssuerAttributes name', build: (app, v) => chart(app, { issuer: ExistingIssuer.fromIssuerAttributes(app, 'Issuer', { name: v, namespace: 'httpbin-tls' }) }), fields: ['name'] },
  { name: 'ExistingIssuer.fromIssuerAttributes namespace', build: (app, v) => chart(app, { issuer: ExistingIssuer.fromIssuerAttributes(app, 'Issuer', { name: 'ca', namespace: v }), namespace: v }), fields: ['namespace'] },
  { name: 'addHttpbin name', build: (app, v) => wildcard(app).addHttpbin('B', { name: v, hostname: 'b.demo.int' }), fields: ['name'] },
  { name: 'addHttpbin namespace', build: (app, v) => wildcard(app).addHttpbin('B', { name: 'b', namespace: v, hostname: 'b.demo.int' }), fields: ['addHttpbin("B") namespace'] },
  { name: 'addHttpbin hostname', build: (app, v) => wildcard(app).addHttpbin('B', { name: 'b', hostname: v }), fields: ['hostname'] },
  { name: 'addHttpbin pathPrefix', build: (app, v) => wildcard(app).addHttpbin('B', { name: 'b', pathPrefix: v }), fields: ['rules[0].pathPrefix'] },
  { name: 'addHttpbin routeName', build: (app, v) => wildcard(app).addHttpbin('B', { name: 'b', hostname: 'b.demo.int', routeName: v }), fields: ['name'] },
  { name: 'addHttpbin policyName', build: (app, v) => wildcard(app).addHttpbin('B', { name: 'b', hostname: 'b.demo.int', policyName: v }), fields: ['name'] },
  {
    name: 'addHttpbin clientCommonName',
    build: (app, v) => wildcard(app, { clientCertificateMode: ClientCertificateMode.PER_BACKEND }).addHttpbin('B', { name: 'b', hostname: 'b.demo.int', clientCommonName: v }),
    fields: ['commonName'],
  },
  { name: 'existing service name', build: (app, v) => existing(app, {}, v), fields: ['serviceName', 'service name'] },
  { name: 'existing service namespace', build: (app, v) => existing(app, { namespace: v }), fields: ['namespace'] },
  { name: 'existing service hostname', build: (app, v) => existing(app, { hostname: v }), fields: ['hostname'] },
  { name: 'existing service portName', build: (app, v) => existing(app, { portName: v }), fields: ['portName'] },
  { name: 'existing service podLabels key', build: (app, v) => existing(app, { podLabels: { [v]: 'legacy' } }), fields: ['podLabels key'] },
  { name: 'existing service podLabels value', build: (app, v) => existing(app, { podLabels: { app: v } }), fields: ['podLabels["app"]'] },
  { name: 'CaTrust.fromSecretAttributes', build: (app, v) => existing(app, {}, 'legacy', (c) => CaTrust.fromSecretAttributes(c, 'Trust', { name: v, authority: c.backendMtls.issuer })), fields: ['name'] },
  { name: 'CaTrust.fromConfigMapAttributes', build: (app, v) => existing(app, {}, 'legacy', (c) => CaTrust.fromConfigMapAttributes(c, 'Trust', { name: v, authority: c.backendMtls.issuer })), fields: ['name'] },
  {
    name: 'CaTrust.fromSecretAttributes name (bundle source)',
    build: (app, v) => wildcard(app, { caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE, bundleSource: CaTrust.fromSecretAttributes(new Chart(app, 'sources'), 'Source', { name: v }) }),
    fields: ['name'],
  },
  {
    name: 'CaTrust.fromSecretAttributes key (bundle source)',
    build: (app, v) => wildcard(app, {
      caDistribution: CaDistribution.TRUST_MANAGER_BUNDLE,
      bundleSource: CaTrust.fromSecretAttributes(new Chart(app, 'sources'), 'Source', { name: 'root-ca', key: v }),
    }),
    fields: ['key'],
  },
  { name: 'SelfSignedCa commonName', build: (app, v) => new SelfSignedCa(new Chart(app, 'ca'), 'Ca', { namespace: 'ns', commonName: v }), fields: ['commonName'] },
  { name: 'SelfSignedCa namePrefix', build: (app, v) => new SelfSignedCa(new Chart(app, 'ca'), 'Ca', { namespace: 'ns', namePrefix: v }), fields: ['namePrefix'] },
  {
    name: 'Certificate dnsNames',
    build: (app, v) => {
      const scope = new Chart(app, 'certs');
      new Certificate(scope, 'Leaf', { issuer: ExistingIssuer.fromClusterIssuerName(scope, 'Corp', 'corp'), name: 'leaf', namespace: 'ns', dnsNames: [v] });
    },
    fields: ['dnsNames[0]'],
  },
  { name: 'GatewayClass controllerName', build: (app, v) => new GatewayClass(new Chart(app, 'classes'), 'Class', { controllerName: v }), fields: ['controllerName'] },
  {
    name: 'Gateway listener name',
    build: (app, v) => {
      const scope = new Chart(app, 'gateways');
      new Gateway(scope, 'Gateway', { namespace: 'ns', gatewayClass: new GatewayClass(scope, 'Class') }).addListener({ name: v, port: 80 });
    },
    fields: ['listeners[0].name'],
  },
];

/** Every string anywhere in a value, keys included. */
function strings(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (typeof value === 'object' && value !== null) return Object.entries(value).flatMap(([key, item]) => [key, ...strings(item)]);
  return [];
}

interface Outcome { readonly prop: string; readonly value: string; readonly refused: boolean }

/** A refusal names the construct path (or factory), the prop and the value, then the rule: `<where>: <field> "<value>" <rule>`. */
function expectClearRefusal(prop: FreeTextProp, value: string, error: Error): void {
  expect(error.constructor).toBe(Error);
  const quoted = ` ${JSON.stringify(value)} `;
  const at = error.message.indexOf(quoted);
  expect(at).toBeGreaterThan(0);
  const head = error.message.slice(0, at);
  expect(prop.fields.filter((field) => head.endsWith(`: ${field}`))).not.toEqual([]);
  expect(error.message.slice(at + quoted.length)).toMatch(/^(must|would|is|applies) /);
}

describe(`hostile strings in every free-text prop (a corpus of ${CORPUS.length}, then ${CASES} generated with seed ${SEED.toString(16)})`, () => {
  const random = seeded(SEED);
  const cases = [
    ...PROPS.flatMap((prop) => CORPUS.map((value) => ({ prop, value }))),
    ...Array.from({ length: CASES }, (_, index) => ({ prop: PROPS[index % PROPS.length], value: hostileString(random) })),
  ];
  const outcomes: Outcome[] = [];
  const written: { readonly prop: string; readonly value: string; readonly text: string; readonly rendered: unknown[] }[] = [];

  test('each is refused with a message naming the prop and value, or written as YAML that kubectl, YAML 1.1 and 1.2 read back as rendered', () => {
    for (const { prop, value } of cases) {
      const result = synthesize((app) => prop.build(app, value));
      try {
        if (result.error) {
          expectClearRefusal(prop, value, result.error);
          expect(result.written).toEqual([]);
          outcomes.push({ prop: prop.name, value, refused: true });
          continue;
        }
        const rendered = JSON.parse(JSON.stringify(result.objects));
        expect(Object.keys(result.files).sort()).toEqual(Object.keys(rendered).sort());
        for (const [file, text] of Object.entries(result.files)) {
          // js-yaml parses YAML 1.2 syntax under either schema; YAML 1.1 readers (Kubernetes') also break lines at these.
          expect(text).not.toMatch(/[\u0085\u2028\u2029]/);
          expectEqualObjects(loadAll(text, { schema: YAML11_SCHEMA }), rendered[file]);
          expectEqualObjects(loadAll(text, { schema: CORE_SCHEMA }), rendered[file]);
          written.push({ prop: prop.name, value, text, rendered: rendered[file] });
        }
        // The value really reached the output (as itself or inside a derived name).
        if (prop.rendered !== false) expect(strings(rendered).some((item) => item.includes(value))).toBe(true);
        outcomes.push({ prop: prop.name, value, refused: false });
      } catch (error) {
        throw new Error(`${prop.name} = ${JSON.stringify(value).slice(0, 200)}: ${(error as Error).message}`);
      }
    }
  });

  test('kubectl\'s own reader reads back every written manifest as rendered (one batch)', () => {
    const read = readAsKubectl(written.map((file) => file.text).join('---\n'));
    let at = 0;
    const misread = written.flatMap(({ prop, value, rendered }) => {
      const documents = read.slice(at, at += rendered.length);
      return isDeepStrictEqual(documents, rendered.map((json) => ({ json }))) ? [] : [`${prop} = ${JSON.stringify(value).slice(0, 200)}`];
    });
    expect(misread).toEqual([]);
    expect(at).toBe(read.length);
  });

  test('the generator reaches every prop with strings that are refused and strings that are written', () => {
    expect(new Set(outcomes.map((outcome) => outcome.prop))).toEqual(new Set(PROPS.map((prop) => prop.name)));
    expect(outcomes.filter((outcome) => outcome.refused).length).toBeGreaterThan(cases.length / 4);
    expect(outcomes.filter((outcome) => !outcome.refused).length).toBeGreaterThan(cases.length / 20);
  });
});
