import { ApiObject, Testing } from 'cdk8s';
import { GatewayClass } from '../../lib';
import { one } from '../support/manifests';

describe('Resource, the base of every construct that renders one object', () => {
  test('metadata puts labels and annotations on the one object, and apiObject is the rendered child', () => {
    const chart = Testing.chart();
    const gatewayClass = new GatewayClass(chart, 'Class', { name: 'edge', metadata: { labels: { team: 'a' }, annotations: { 'example.com/owner': 'a' } } });
    gatewayClass.metadata.addLabel('tier', 'edge');
    expect(gatewayClass.apiObject).toBe(ApiObject.of(gatewayClass));
    expect(one(Testing.synth(chart), 'GatewayClass', 'edge').metadata).toEqual({
      name: 'edge', labels: { team: 'a', tier: 'edge' }, annotations: { 'example.com/owner': 'a' },
    });
  });
});
