import { Testing } from 'cdk8s';
import { BackendMtlsChart, MtlsFront } from '../../lib';
import { resolveRehearsalModel } from '../../tools/rehearsal/chart-model';
import { K8sObject } from '../../tools/rehearsal/chart-objects';
import { CASE_NAMES, rehearse, RehearsalResult } from '../../tools/rehearsal/rehearsal';
import { ORDERS_PORT, ordersDeployment } from '../workloads/orders-app';

/** A consumer's chart: the library's setup, and their own Deployment (not httpbin) behind an MtlsFront. */
function consumerChart(): K8sObject[] {
  const chart = new BackendMtlsChart(Testing.app(), 'shop', { namespace: 'shop' });
  const front = new MtlsFront(chart, 'OrdersFront', { deployment: ordersDeployment(chart, 'shop'), appPort: ORDERS_PORT, appHealthPath: '/health', issuer: chart.backendMtls.issuer });
  chart.backendMtls.addBackend('OrdersBackend', front, { pathPrefix: '/orders' });
  return JSON.parse(JSON.stringify(Testing.synth(chart)));
}

const ORDERS_SERVICE = 'Service shop/orders port https';

describe('the rehearsal of a consumer\'s own Deployment behind an MtlsFront', () => {
  const objects = consumerChart();
  let result: RehearsalResult;

  beforeAll(async () => {
    result = await rehearse(objects);
  });

  const orders = () => result.backends.find((backend) => backend.service === ORDERS_SERVICE)!;
  const outcomeOf = (name: (typeof CASE_NAMES)[number]) => orders().cases.find((outcome) => outcome.name === name)!;

  test('finds the front in the consumer\'s pods, the app beside it on its loopback port, and the app\'s health path', () => {
    const model = resolveRehearsalModel(objects).backends.find((backend) => backend.service === ORDERS_SERVICE)!;
    expect(model.front.id).toBe('Deployment shop/orders container tls-front');
    expect(model.front.siblingPorts).toEqual({ [ORDERS_PORT]: 'orders' });
    expect(model.front.upstreamHealthPath).toBe('/health');
    expect(model.clientCertificate?.certificate.commonName).toBe('envoygateway-client');
  });

  test('every case passes for the consumer\'s backend', () => {
    expect(orders().cases.map((outcome) => [outcome.name, outcome.passed])).toEqual(CASE_NAMES.map((name) => [name, true]));
  });

  test('a caller without a client certificate is refused and never reaches the app', () => {
    expect(outcomeOf('no client certificate').outcome).toMatchObject({ kind: 'response', status: 400, reason: 'No required SSL certificate was sent' });
    expect(outcomeOf('no client certificate').got).toMatch(/upstream saw nothing$/);
  });

  test('Envoy\'s client certificate is admitted, with its verified subject at the app', () => {
    expect(outcomeOf('valid path').got).toBe('200; upstream saw subject "CN=envoygateway-client", verify SUCCESS');
  });

  test('another certificate from the same CA gets 403: the front pins Envoy\'s identity', () => {
    expect(outcomeOf('client certificate from the CA with another identity').outcome).toMatchObject({ kind: 'response', status: 403 });
  });
});
