import { Testing } from 'cdk8s';
import { ReferenceGrant } from '../../lib';
import { one } from '../support/manifests';

describe('ReferenceGrant', () => {
  const chart = Testing.chart();
  new ReferenceGrant(chart, 'Grant', {
    name: 'routes-from-edge', namespace: 'payments',
    from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service', name: 'billing' }],
  });
  const grant = one(Testing.synth(chart), 'ReferenceGrant', 'routes-from-edge', 'payments');

  test('renders a Gateway API ReferenceGrant', () => {
    expect(grant).toMatchSnapshot();
  });

  test('lets the referrers of another namespace reach the named target in its own namespace', () => {
    expect(grant.apiVersion).toBe('gateway.networking.k8s.io/v1');
    expect(grant.spec.from).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }]);
    expect(grant.spec.to).toEqual([{ group: '', kind: 'Service', name: 'billing' }]);
  });

  test('ReferenceGrant needs referrers from another namespace and at least one target', () => {
    const c = Testing.chart();
    expect(() => new ReferenceGrant(c, 'G', { name: 'g', namespace: 'a', from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'a' }], to: [{ group: '', kind: 'Service' }] }))
      .toThrow(/G: from\[0\].namespace "a" is the grant's own namespace/);
    expect(() => new ReferenceGrant(c, 'H', { name: 'h', namespace: 'a', from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'b' }], to: [] }))
      .toThrow(/H: to 0 must list 1 to 16 targets/);
  });
});

describe('ReferenceGrant props keys', () => {
  const grant = (props: object) => () => new ReferenceGrant(Testing.chart(), 'Grant', {
    name: 'routes-from-edge', namespace: 'payments',
    from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namespace: 'edge' }], to: [{ group: '', kind: 'Service' }], ...props,
  });

  test('a misspelt prop, referrer or target field (JavaScript, or a transpile-only app) fails, naming the one meant', () => {
    expect(grant({ namespaces: 'payments' })).toThrow(/^test\/Grant: props field "namespaces" is unknown: did you mean "namespace"\?$/);
    expect(grant({ from: [{ group: 'gateway.networking.k8s.io', kind: 'HTTPRoute', namepsace: 'edge' }] }))
      .toThrow(/^test\/Grant: from\[0\] field "namepsace" is unknown: did you mean "namespace"\?$/);
    expect(grant({ to: [{ group: '', kind: 'Service', names: ['billing'] }] })).toThrow(/^test\/Grant: to\[0\] field "names" is unknown: did you mean "name"\?$/);
  });
});
