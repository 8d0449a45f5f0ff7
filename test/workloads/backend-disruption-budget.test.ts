import { Testing } from 'cdk8s';
import { BackendDisruptionBudget } from '../../lib';
import { legacyService as existing } from '../support/charts';
import { one } from '../support/manifests';

describe('BackendDisruptionBudget', () => {
  const chart = Testing.chart();
  new BackendDisruptionBudget(chart, 'Budget', { backend: { ...existing({ podLabels: { app: 'legacy' } }), node: chart.node, replicas: 3 } });
  const budget = one(Testing.synth(chart), 'PodDisruptionBudget', undefined, 'legacy');

  test('renders a PodDisruptionBudget in the backend\'s namespace', () => {
    expect(budget).toMatchSnapshot();
  });

  test('selects the backend\'s pods and lets a drain take at most one at a time', () => {
    expect(budget.apiVersion).toBe('policy/v1');
    expect(budget.spec).toEqual({ maxUnavailable: 1, selector: { matchLabels: { app: 'legacy' } } });
  });

  test('needs more than one replica', () => {
    const c = Testing.chart();
    expect(() => new BackendDisruptionBudget(c, 'P', { backend: existing({ podLabels: { app: 'x' } }) })).toThrow(/P: backend.replicas 0 must exceed 1/);
  });
});

describe('BackendDisruptionBudget props keys', () => {
  test('a misspelt prop (JavaScript, or a transpile-only app) fails, naming the prop meant', () => {
    const c = Testing.chart();
    expect(() => new BackendDisruptionBudget(c, 'P', { backend: { ...existing({ podLabels: { app: 'x' } }), node: c.node, replicas: 3 }, nmae: 'x' } as any))
      .toThrow(/^test\/P: props field "nmae" is unknown: did you mean "name"\?$/);
  });
});
