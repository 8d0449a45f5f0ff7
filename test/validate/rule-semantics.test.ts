import { CrdCatalog, formatProblem, Validator, type StructuralSchema } from '../../tools/validate';

/** A validator for one made-up CRD whose `spec` has the given schema. */
function validatorFor(spec: StructuralSchema): Validator {
  const catalog = new CrdCatalog();
  catalog.add({
    apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition',
    spec: {
      group: 'example.com', scope: 'Namespaced', names: { kind: 'Widget', plural: 'widgets' },
      versions: [{ name: 'v1', served: true, storage: true, schema: { openAPIV3Schema: { type: 'object', properties: { apiVersion: { type: 'string' }, kind: { type: 'string' }, metadata: { type: 'object' }, spec } } } }],
    },
  }, 'widgets.yaml');
  return new Validator(catalog);
}

const widget = (spec: unknown) => ({ apiVersion: 'example.com/v1', kind: 'Widget', metadata: { name: 'w', namespace: 'ns' }, spec });
const verdicts = (validator: Validator, spec: unknown) => validator.validate([widget(spec)]).map(formatProblem);

describe('CEL rule semantics', () => {
  test('a rule that cannot be evaluated is reported, not passed', () => {
    const validator = validatorFor({ type: 'object', properties: { items: { type: 'array', items: { type: 'integer' } } }, 'x-kubernetes-validations': [{ rule: 'self.items.isSorted()', message: 'items must be sorted' }] });
    expect(verdicts(validator, { items: [2, 1] })).toEqual([
      'Widget ns/w: spec: Invalid value: "object": unbound function: isSorted evaluating rule: items must be sorted',
    ]);
  });

  test('a rule that does not parse is reported, not passed', () => {
    const validator = validatorFor({ type: 'object', 'x-kubernetes-validations': [{ rule: 'self.?a.orValue(1) == 1' }] });
    expect(verdicts(validator, {})).toEqual([expect.stringMatching(/^Widget ns\/w: spec: Invalid value: "object": rule cannot be evaluated \(.+\): self\.\?a\.orValue\(1\) == 1$/)]);
  });

  test('a runtime error (no such key) is reported with the rule', () => {
    const validator = validatorFor({ type: 'object', properties: { a: { type: 'string' } }, 'x-kubernetes-validations': [{ rule: "self.a == 'x'" }] });
    expect(verdicts(validator, {})).toEqual(['Widget ns/w: spec: Invalid value: "object": field not found: a evaluating rule: self.a == \'x\'']);
  });

  test('transition rules are skipped on create; optionalOldSelf rules are reported as not evaluable', () => {
    const immutable = validatorFor({ type: 'string', 'x-kubernetes-validations': [{ rule: 'self == oldSelf', message: 'immutable' }] });
    expect(verdicts(immutable, 'anything')).toEqual([]);
    const optional = validatorFor({ type: 'string', 'x-kubernetes-validations': [{ rule: '!oldSelf.hasValue() || self == oldSelf.value()', message: 'immutable', optionalOldSelf: true }] });
    expect(verdicts(optional, 'x')).toEqual(['Widget ns/w: spec: Invalid value: "string": rule cannot be evaluated (optionalOldSelf needs CEL optional values, which this evaluator lacks): immutable']);
  });

  test('message, messageExpression, reason and fieldPath shape the verdict', () => {
    const validator = validatorFor({
      type: 'object', properties: { min: { type: 'integer' }, max: { type: 'integer' } },
      'x-kubernetes-validations': [
        { rule: 'self.min <= self.max', messageExpression: "'min ' + string(self.min) + ' exceeds max ' + string(self.max)", fieldPath: '.min' },
        { rule: 'self.max < 100', reason: 'FieldValueForbidden', message: 'max must stay below 100', fieldPath: '.max' },
        { rule: 'self.min >= 0' },
      ],
    });
    expect(verdicts(validator, { min: -5, max: 100 })).toEqual([
      'Widget ns/w: spec.max: Forbidden: max must stay below 100',
      'Widget ns/w: spec: Invalid value: "object": failed rule: self.min >= 0',
    ]);
    expect(verdicts(validator, { min: 7, max: 3 })).toEqual(['Widget ns/w: spec.min: Invalid value: "object": min 7 exceeds max 3']);
  });

  test('rules on list items run at each item, with defaults applied first', () => {
    const validator = validatorFor({
      type: 'array', 'x-kubernetes-list-type': 'map', 'x-kubernetes-list-map-keys': ['name'],
      items: { type: 'object', required: ['name'], properties: { name: { type: 'string' }, weight: { type: 'integer', default: 1 } }, 'x-kubernetes-validations': [{ rule: 'self.weight > 0', message: 'weight must be positive' }] },
    });
    expect(verdicts(validator, [{ name: 'a' }, { name: 'b', weight: 0 }, { name: 'a' }])).toEqual([
      'Widget ns/w: spec[2]: Duplicate value: {"name":"a"}',
      'Widget ns/w: spec[1]: Invalid value: "object": weight must be positive',
    ]);
  });

  test('int-or-string, preserve-unknown-fields, nullable and formats', () => {
    const validator = validatorFor({
      type: 'object',
      properties: {
        port: { 'x-kubernetes-int-or-string': true },
        extra: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
        note: { type: 'string', nullable: true },
        address: { type: 'string', format: 'ipv4' },
        tags: { type: 'array', 'x-kubernetes-list-type': 'set', items: { type: 'string' } },
      },
    });
    expect(verdicts(validator, { port: 'https', extra: { anything: [1] }, note: null, address: '10.0.0.1', tags: ['a', 'b'] })).toEqual([]);
    expect(verdicts(validator, { port: 1.5, address: '10.0.0.256', tags: ['a', 'a'] })).toEqual([
      'Widget ns/w: spec.port: Invalid value: "number": spec.port in body must be of type integer,string: "number"',
      'Widget ns/w: spec.address: Invalid value: "10.0.0.256": spec.address in body must be of type ipv4: "10.0.0.256"',
      'Widget ns/w: spec.tags[1]: Duplicate value: "a"',
    ]);
  });
});
