import { Testing } from 'cdk8s';
import { RestrictedNamespace } from '../../lib';

/** A second copy of cdk8s, loaded apart from the one the library uses, as a symlinked folder install loads it. */
function secondCdk8s(): typeof import('cdk8s') {
  let copy: typeof import('cdk8s') | undefined;
  jest.isolateModules(() => {
    copy = jest.requireActual<typeof import('cdk8s')>('cdk8s');
  });
  return copy!;
}

describe('one copy of cdk8s', () => {
  test('a chart of another cdk8s copy is refused at the first construct, naming both copies and the fix', () => {
    const other = secondCdk8s();
    expect(other.Chart).not.toBe(Testing.chart().constructor);
    const chart = new other.Chart(new other.App(), 'shop');
    expect(() => new RestrictedNamespace(chart, 'Namespace', { name: 'shop' }))
      .toThrow(/^shop\/Namespace: two copies of cdk8s are loaded: the app's chart "shop" comes from .+, and backend-mtls uses \/.*cdk8s; .*Fix: put install-links=true in your project's \.npmrc/);
  });

  test('a chart of the library\'s own cdk8s passes', () => {
    expect(Testing.synth(new RestrictedNamespace(Testing.chart(), 'Namespace', { name: 'shop' }).node.scope as never)).toHaveLength(1);
  });
});
