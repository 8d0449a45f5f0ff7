import { Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { BackendMtls } from '../../lib';
import { validateManifests } from '../../tools/validate';
import { all, one } from '../support/manifests';

describe('BackendMtls in a chart of the user\'s own', () => {
  const chart = new Chart(Testing.app(), 'team-a');
  new kplus.ConfigMap(chart, 'Settings', { metadata: { namespace: 'team-a' }, data: { mode: 'strict' } });
  const mtls = new BackendMtls(chart, 'Mtls', { namespace: 'team-a', hostname: '*.team-a.example' });
  mtls.addBackend('Orders', { name: 'orders', hostname: 'orders.team-a.example' });
  const objects = Testing.synth(chart);

  test('renders the setup beside the user\'s objects, passing the wiring checks and offline admission', () => {
    expect(all(objects, 'ConfigMap').map((configMap) => configMap.data.mode)).toContain('strict');
    expect(all(objects, 'HTTPRoute')).toHaveLength(2);
    expect(validateManifests(objects)).toEqual([]);
  });

  test('carries none of the reference setup\'s names: the ones left out come from the construct path', () => {
    const names = objects.map((object) => object.metadata.name as string);
    for (const reference of ['backend-mtls-route', 'backend-mtls-policy', 'backend-mtls-gateway', 'custom-proxy-mtls', 'backend-mtls-gw', 'backend-mtls-ca']) {
      expect(names).not.toContain(reference);
    }
    expect(one(objects, 'GatewayClass').metadata.name).toBe(mtls.gatewayClass.name);
    expect(mtls.gatewayClass.name).toMatch(/^team-a-mtls-gatewayclass-[0-9a-f]{8}$/);
    expect(mtls.listener.port).toBe(80);
  });

  test('bad props name the prop the user wrote', () => {
    const other = Testing.chart();
    expect(() => new BackendMtls(other, 'M', { namespace: 'ns', listenerPort: 0 })).toThrow(/^test\/M: listenerPort 0 must be an integer from 1 to 65535/);
    expect(() => new BackendMtls(other, 'N', { namespace: 'ns', hostname: 'a:80' })).toThrow(/^test\/N: hostname "a:80" must be a lower-case DNS hostname/);
  });
});
