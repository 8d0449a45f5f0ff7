import { isDeepStrictEqual } from 'node:util';
import { App } from 'cdk8s';
import { BackendMtlsChart, BackendMtlsChartProps, ClientCertificateMode, ExistingIssuer } from '../../lib';
import { synthesize } from '../checks/synthesize';
import { readAsKubectl } from '../support/kubectl-reader';

/**
 * Strings kubectl's reader takes for numbers when written plain (Go number syntax: 0o17 is 15, 0X1F is 31) are
 * valid names, labels and commonNames to the API server: the chart accepts them and writes them quoted, so kubectl
 * reads back the string. Only the API server's own rules (DNS names are lower case, label keys start with a letter
 * or digit) refuse some of them.
 */
const NUMBER_LIKE = ['0o17', '0O17', '0B101', '0b101', '0X1F', '0x1f', '1_000', '_1', '0o_7', '1e3', '017', '0_1', '+1', '.5'];

const chart = (app: App, props: BackendMtlsChartProps) => new BackendMtlsChart(app, 'backend-mtls', props);
const onWildcard = (app: App) => chart(app, { hostname: '*.demo.int', issuer: ExistingIssuer.fromClusterIssuerName(app, 'Corp', 'corp') });

const PROPS: [string, (app: App, value: string) => void][] = [
  ['namespace', (app, value) => chart(app, { namespace: value })],
  ['clientCertificateName', (app, value) => chart(app, { clientCertificateName: value })],
  ['clientCommonName', (app, value) => chart(app, { clientCommonName: value })],
  ['envoyProxyName', (app, value) => chart(app, { envoyProxyName: value })],
  ['gatewayClassName', (app, value) => chart(app, { gatewayClassName: value })],
  ['gatewayName', (app, value) => chart(app, { gatewayName: value })],
  ['routeName', (app, value) => chart(app, { routeName: value })],
  ['policyName', (app, value) => chart(app, { policyName: value })],
  ['labels key', (app, value) => chart(app, { labels: { [value]: 'a' } })],
  ['labels value', (app, value) => chart(app, { labels: { team: value } })],
  ['hostname', (app, value) => chart(app, { hostname: value })],
  ['addHttpbin hostname', (app, value) => onWildcard(app).addHttpbin('B', { name: 'b', hostname: `${value}.demo.int` })],
  ['addHttpbin clientCommonName', (app, value) => chart(app, { hostname: '*.demo.int', clientCertificateMode: ClientCertificateMode.PER_BACKEND })
    .addHttpbin('B', { name: 'b', hostname: 'b.demo.int', clientCommonName: value })],
];

// The API server's own rules for names and labels; a refusal for YAML's sake would say "number" or "quoted".
const API_SERVER_RULE = /: (?:\w+(?:\.\w+)*|labels key|labels\["team"\]|addHttpbin\("B"\) \w+) ".*" must be (?:a DNS-1123|a Kubernetes label|a lower-case DNS hostname|a DNS-1035|a DNS hostname)/;

describe('number-like strings the API server accepts are accepted and read back by kubectl as strings', () => {
  const cases = PROPS.flatMap(([prop, build]) => NUMBER_LIKE.map((value) => ({ prop, build, value })));
  const accepted: { prop: string; value: string; text: string; rendered: unknown[] }[] = [];

  test.each(cases.map((item) => [item.prop, item.value, item] as const))('%s %j', (_prop, _value, { prop, build, value }) => {
    const result = synthesize((app) => build(app, value));
    if (result.error) {
      expect(result.error.message).toMatch(API_SERVER_RULE);
      expect(result.error.message).not.toMatch(/number|quot|YAML/);
      return;
    }
    const [file] = result.written;
    accepted.push({ prop, value, text: result.files[file], rendered: JSON.parse(JSON.stringify(result.objects?.[file])) });
  });

  test('kubectl reads every accepted chart back exactly, the strings as strings (one batch)', () => {
    expect(accepted.length).toBeGreaterThanOrEqual(47);
    const read = readAsKubectl(accepted.map((item) => item.text).join('---\n'));
    let at = 0;
    const misread = accepted.filter(({ rendered }) => !isDeepStrictEqual(read.slice(at, at += rendered.length), rendered.map((json) => ({ json }))));
    expect(misread.map(({ prop, value }) => `${prop} ${value}`)).toEqual([]);
    expect(at).toBe(read.length);
  });
});
