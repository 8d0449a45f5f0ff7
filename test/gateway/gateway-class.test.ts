import { Testing } from 'cdk8s';
import { EnvoyProxy, GatewayClass } from '../../lib';
import { one } from '../support/manifests';

describe('GatewayClass', () => {
  const chart = Testing.chart();
  const proxy = new EnvoyProxy(chart, 'Proxy', { name: 'proxy', namespace: 'edge' });
  new GatewayClass(chart, 'Class', { name: 'mtls', envoyProxy: proxy });
  const gatewayClass = one(Testing.synth(chart), 'GatewayClass', 'mtls');

  test('renders a cluster-scoped Gateway API GatewayClass', () => {
    expect(gatewayClass).toMatchSnapshot();
    expect(gatewayClass.metadata.namespace).toBeUndefined();
  });

  test('is implemented by Envoy Gateway and hands it the EnvoyProxy as parameters', () => {
    expect(gatewayClass.spec.controllerName).toBe('gateway.envoyproxy.io/gatewayclass-controller');
    expect(gatewayClass.spec.parametersRef).toEqual({ group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'proxy', namespace: 'edge' });
  });

  test.each<[string, () => unknown, RegExp]>([
    ['controller name without a domain', () => new GatewayClass(Testing.chart(), 'Class', { controllerName: 'envoy' }), /^test\/Class: controllerName "envoy" must be a domain-prefixed path/],
  ])('refuses %s', (_case, build, message) => {
    expect(build).toThrow(message);
  });
});

describe('GatewayClass props keys', () => {
  test('a misspelt prop (JavaScript, or a transpile-only app) fails, naming the prop meant', () => {
    expect(() => new GatewayClass(Testing.chart(), 'Class', { envoyproxy: undefined } as any))
      .toThrow(/^test\/Class: props field "envoyproxy" is unknown: did you mean "envoyProxy"\?$/);
  });
});
