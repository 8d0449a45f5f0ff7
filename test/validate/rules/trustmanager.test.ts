// trust-manager's webhook on Bundles (tools/validate/rules/trustmanager.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();

function verdicts(change: (spec: any) => void): string[] {
  const object: any = structuredClone(validExamples.Bundle);
  change(object.spec);
  return verdictsOn(validator, object);
}

const cases: Array<[string, (spec: any) => void, string[]]> = [
  ['trust-manager.validate.8: a Secret source without key', (s) => { s.sources = [{ secret: { name: 'backend-ca' } }]; },
    ['spec.sources[0].secret: Invalid value: "key: \' \', includeAllKeys: false": source secret key must be defined when includeAllKeys is false']],
  ['trust-manager.validate.3: a ConfigMap source without key', (s) => { s.sources = [{ configMap: { name: 'ca' } }]; },
    ['spec.sources[0].configMap: Invalid value: "key: \' \', includeAllKeys: false": source configMap key must be defined when includeAllKeys is false']],
  ['trust-manager.validate.4 and .9: a key with includeAllKeys', (s) => {
    s.sources = [{ configMap: { name: 'ca', key: 'ca.crt', includeAllKeys: true } }, { secret: { name: 'ca', key: 'ca.crt', includeAllKeys: true } }];
  }, ['spec.sources[0].configMap: Invalid value: "key: ca.crt, includeAllKeys: true": source configMap key cannot be defined when includeAllKeys is true',
    'spec.sources[1].secret: Invalid value: "key: ca.crt, includeAllKeys: true": source secret key cannot be defined when includeAllKeys is true']],
  ['trust-manager.validate.5 and .10: source selectors with a bad operator', (s) => {
    const selector = { matchExpressions: [{ key: 'app', operator: 'Near', values: ['x'] }] };
    s.sources = [{ configMap: { selector, includeAllKeys: true } }, { secret: { selector, includeAllKeys: true } }];
  }, ['spec.sources[0].configMap.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator',
    'spec.sources[1].secret.selector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator']],
  ['trust-manager.validate.12: only useDefaultCAs: false', (s) => { s.sources = [{ useDefaultCAs: false }]; },
    ['spec.sources: Forbidden: must define at least one source']],
  ['trust-manager.validate.13: default CAs requested twice', (s) => { s.sources = [{ useDefaultCAs: true }, { useDefaultCAs: true }]; },
    ['spec.sources: Forbidden: must request default CAs either once or not at all but got 2 requests']],
  ['trust-manager.validate.14: a ConfigMap source that is the target', (s) => { s.sources = [{ configMap: { name: 'backend-ca', key: 'ca.crt' } }]; s.target = { configMap: { key: 'ca.crt' } }; },
    ['spec.sources[0].configMap.backend-ca.ca.crt: Forbidden: cannot define the same source as target']],
  ['trust-manager.validate.15: a Secret source that is the target', (s) => { s.sources = [{ secret: { name: 'backend-ca', key: 'ca.crt' } }]; s.target = { secret: { key: 'ca.crt' } }; },
    ['spec.sources[0].secret.backend-ca.ca.crt: Forbidden: cannot define the same source as target']],
  ['trust-manager.validate.16: an additional format on the target key', (s) => { s.target = { configMap: { key: 'ca.crt' }, additionalFormats: { pkcs12: { key: 'ca.crt' } } }; },
    ['spec.target.additionalFormats.pkcs12.key: Invalid value: "ca.crt": key must be unique across all target output keys']],
  ['trust-manager.validate.17: a namespaceSelector with a bad operator', (s) => { s.target.namespaceSelector = { matchExpressions: [{ key: 'a', operator: 'Near' }] }; },
    ['spec.target.namespaceSelector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator']],
  ['trust-manager.validateTargetMetadata.1, .2, .3 and .4: trust-manager keys in the target metadata', (s) => {
    s.target.configMap.metadata = { annotations: { 'trust.cert-manager.io/a': 'x', 'trust-manager.io/b': 'y' }, labels: { 'trust.cert-manager.io/c': 'z', 'trust-manager.io/d': 'w' } };
  }, ['spec.target.configMap.metadata.annotations: Invalid value: "trust.cert-manager.io/a": trust.cert-manager.io/* annotations are not allowed',
    'spec.target.configMap.metadata.annotations: Invalid value: "trust-manager.io/b": trust-manager.io/* annotations are not allowed',
    'spec.target.configMap.metadata.labels: Invalid value: "trust.cert-manager.io/c": trust.cert-manager.io/* labels are not allowed',
    'spec.target.configMap.metadata.labels: Invalid value: "trust-manager.io/d": trust-manager.io/* labels are not allowed']],
  ['trust-manager.validateTargetMetadata.5: a bad label value in the target metadata', (s) => { s.target.configMap.metadata = { labels: { app: '-x' } }; },
    ['spec.target.configMap.metadata.labels[app]: Invalid value: "-x": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')']],
];

describe('trust-manager\'s webhook on Bundles', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test('the valid Bundle passes; the CRD\'s CEL rules answer before the webhook (trust-manager.validate.1, .2, .6, .7, .11)', () => {
    expect(verdicts(() => undefined)).toEqual([]);
    expect(verdicts((s) => { s.sources = [{ configMap: { key: 'ca.crt' } }]; }))
      .toEqual(['spec.sources[0].configMap: Invalid value: "object": exactly one of the fields in [name selector] must be set']);
    expect(verdicts((s) => { s.sources = [{ inLine: 'x', useDefaultCAs: true }]; }))
      .toEqual(['spec.sources[0]: Invalid value: "object": exactly one of the fields in [configMap secret inLine useDefaultCAs] must be set']);
  });
});
