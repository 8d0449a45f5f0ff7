import { Testing } from 'cdk8s';
import { RestrictedNamespace } from '../../lib';
import { one } from '../support/manifests';

describe('RestrictedNamespace', () => {
  const chart = Testing.chart();
  new RestrictedNamespace(chart, 'Namespace', { name: 'team-a', metadata: { labels: { team: 'a' } } });
  const namespace = one(Testing.synth(chart), 'Namespace', 'team-a');

  test('renders a Namespace', () => {
    expect(namespace).toMatchSnapshot();
  });

  test('enforces Pod Security restricted and keeps the labels it is given', () => {
    expect(namespace.metadata.labels).toMatchObject({ 'pod-security.kubernetes.io/enforce': 'restricted', 'team': 'a' });
  });

  test('refuses a name that is no DNS label', () => {
    expect(() => new RestrictedNamespace(Testing.chart(), 'Namespace', { name: 'Team_A' })).toThrow(/^test\/Namespace: name "Team_A" must be a DNS-1123 label/);
  });
});

describe('RestrictedNamespace props keys', () => {
  test('a misspelt prop (JavaScript, or a transpile-only app) fails, naming the prop meant', () => {
    expect(() => new RestrictedNamespace(Testing.chart(), 'Namespace', { name: 'team-a', metdata: { labels: { team: 'a' } } } as any))
      .toThrow(/^test\/Namespace: props field "metdata" is unknown: did you mean "metadata"\?$/);
  });
});
