import { Testing } from 'cdk8s';
import { Construct } from 'constructs';
import { BackendNetworkPolicy, envoyProxyPodLabels } from '../../lib';
import { legacyService as existing } from '../support/charts';
import { one } from '../support/manifests';

describe('BackendNetworkPolicy', () => {
  const chart = Testing.chart();
  new BackendNetworkPolicy(chart, 'Policy', {
    backend: existing({ podLabels: { app: 'legacy' } }),
    envoyProxyPods: { namespace: 'envoy-gateway-system', labels: envoyProxyPodLabels('edge', 'edge') },
  });
  const policy = one(Testing.synth(chart), 'NetworkPolicy', 'legacy-from-envoy', 'legacy');

  test('renders a NetworkPolicy named after the Service, in its namespace', () => {
    expect(policy).toMatchSnapshot();
  });

  test('isolates the backend\'s pods and admits only the Gateway\'s proxy pods, on the TLS port only', () => {
    expect(policy.spec.podSelector).toEqual({ matchLabels: { app: 'legacy' } });
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: { matchLabels: envoyProxyPodLabels('edge', 'edge') },
      }],
      ports: [{ port: 9443, protocol: 'TCP' }],
    }]);
  });

  test('needs the backend\'s pod labels and labels that select the proxy pods', () => {
    const c = Testing.chart();
    const envoyProxyPods = { namespace: 'envoy-gateway-system', labels: { app: 'envoy' } };
    expect(() => new BackendNetworkPolicy(c, 'N', { backend: existing(), envoyProxyPods })).toThrow(/N: backend.podLabels null must be known to isolate Service legacy\/legacy's pods/);
    expect(() => new BackendNetworkPolicy(c, 'M', { backend: existing({ podLabels: { app: 'x' } }), envoyProxyPods: { ...envoyProxyPods, labels: {} } })).toThrow(/M: envoyProxyPods.labels \{\} must select the proxy pods/);
  });

  test('BackendNetworkPolicy checks the labels it copies into its selectors', () => {
    const c = Testing.chart();
    const envoyProxyPods = { namespace: 'envoy-gateway-system', labels: { app: 'envoy' } };
    expect(() => new BackendNetworkPolicy(c, 'N', { backend: existing({ podLabels: { app: 'x' } }), envoyProxyPods: { ...envoyProxyPods, labels: { 'app name': 'envoy' } } }))
      .toThrow(/^test\/N: envoyProxyPods.labels key "app name" must be a Kubernetes label key/);
    const handWritten = Object.assign(new Construct(c, 'HandWritten'), { serviceName: 'legacy', namespace: 'legacy', port: 443, portName: 'https', tlsHostnames: ['legacy'], podLabels: { app: 'not a value' } });
    expect(() => new BackendNetworkPolicy(c, 'M', { backend: handWritten, envoyProxyPods })).toThrow(/^test\/M: backend.podLabels\["app"\] "not a value" must be a Kubernetes label value/);
  });
});

describe('BackendNetworkPolicy props keys', () => {
  test('a misspelt prop or envoyProxyPods field (JavaScript, or a transpile-only app) fails, naming the one meant', () => {
    const envoyProxyPods = { namespace: 'envoy-gateway-system', labels: envoyProxyPodLabels('edge', 'edge') };
    expect(() => new BackendNetworkPolicy(Testing.chart(), 'Policy', { backend: existing({ podLabels: { app: 'legacy' } }), envoyProxyPods, targetport: 8443 } as any))
      .toThrow(/^test\/Policy: props field "targetport" is unknown: did you mean "targetPort"\?$/);
    expect(() => new BackendNetworkPolicy(Testing.chart(), 'Policy', { backend: existing({ podLabels: { app: 'legacy' } }), envoyProxyPods: { ...envoyProxyPods, namesapce: 'eg' } as any }))
      .toThrow(/^test\/Policy: envoyProxyPods field "namesapce" is unknown: did you mean "namespace"\?$/);
  });
});
