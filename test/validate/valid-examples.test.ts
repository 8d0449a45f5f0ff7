import { formatProblem, Validator } from '../../tools/validate';
import { validExamples } from './examples';

describe('valid upstream-style objects pass', () => {
  const validator = Validator.fromPinnedCrds({ channel: 'standard' });

  test.each(Object.entries(validExamples))('%s', (_name, object) => {
    expect(validator.validate([object]).map(formatProblem)).toEqual([]);
  });

  test('the examples are not changed by validation (defaults are applied to a copy)', () => {
    const before = JSON.stringify(validExamples);
    validator.validate(Object.values(validExamples));
    expect(JSON.stringify(validExamples)).toEqual(before);
  });

  test('the experimental channel serves v1alpha3 BackendTLSPolicy, with its deprecation warning', () => {
    const experimental = Validator.fromPinnedCrds({ channel: 'experimental' });
    const policy = { ...validExamples.BackendTLSPolicy, apiVersion: 'gateway.networking.k8s.io/v1alpha3' };
    expect(experimental.validate([validExamples.BackendTLSPolicy])).toEqual([]);
    expect(experimental.validate([policy]).map((problem) => problem.rule)).toEqual([
      'Warning: The v1alpha3 version of BackendTLSPolicy has been deprecated and will be removed in a future release of the API. Please upgrade to v1.',
    ]);
  });
});
