// A pod template's affinity (tools/validate/rules/affinity.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const at = 'spec.template.spec.affinity';
const required = `${at}.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms`;

function verdicts(affinity: Record<string, unknown>): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  object.spec.template.spec.affinity = affinity;
  return verdictsOn(validator, object);
}

const terms = (...matchExpressions: unknown[]) => ({
  nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions }] } },
});
const LABEL_VALUE = "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ['core.validateLabelKeys.1 and .2, core.validateMatchLabelKeysAndMismatchLabelKeys.1 and .2: label keys of a pod affinity term', {
    podAntiAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [
      { topologyKey: 'zone', labelSelector: { matchLabels: { app: 'a' }, matchExpressions: [{ key: 'app', operator: 'Exists' }] }, matchLabelKeys: ['app', 'v'], mismatchLabelKeys: ['v', 'bad key'] },
      { topologyKey: 'zone', matchLabelKeys: ['a'] }] },
  }, [`${at}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].mismatchLabelKeys[1]: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
    `${at}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0][0]: Invalid value: "app": exists in both matchLabelKeys and labelSelector`,
    `${at}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].matchLabelKeys[1]: Invalid value: "v": exists in both matchLabelKeys and mismatchLabelKeys`,
    // The null selector's warning is not returned: the API server asks for warnings only of an object it accepts.
    `${at}.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution[1].matchLabelKeys: Forbidden: must not be specified when labelSelector is not set`]],
  ['core.ValidateNodeSelector.1: required node affinity without terms', { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [] } } },
    [`${required}: Required value: must have at least one node selector term`]],
  ['core.ValidateNodeSelectorRequirement.1, .2, .3 and .4: values for each operator', terms(
    { key: 'zone', operator: 'In' }, { key: 'zone', operator: 'Exists', values: ['a'] }, { key: 'cpus', operator: 'Gt', values: ['1', '2'] }, { key: 'zone', operator: 'Near' },
  ), [`${required}[0].matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
    `${required}[0].matchExpressions[1].values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`,
    `${required}[0].matchExpressions[2].values: Required value: must be specified single value when \`operator\` is 'Lt' or 'Gt'`,
    `${required}[0].matchExpressions[3].operator: Invalid value: "Near": not a valid selector operator`]],
  ['core.ValidateNodeSelectorRequirement.5 and .6: a bad key, a bad value in a required term', terms({ key: 'bad key', operator: 'In', values: ['a b'] }),
    [`${required}[0].matchExpressions[0].key: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `${required}[0].matchExpressions[0].values[0]: Invalid value: "a b": ${LABEL_VALUE}`]],
  ['core.ValidateNodeFieldSelectorRequirement.1, .2, .3 and .4: field selectors', {
    nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchFields: [
      { key: 'metadata.name', operator: 'In', values: ['a', 'b'] }, { key: 'metadata.name', operator: 'Exists' }, { key: 'spec.unschedulable', operator: 'In', values: ['x'] },
      { key: 'metadata.name', operator: 'In', values: ['Node_1'] }] }] } },
  }, [`${required}[0].matchFields[0].values: Required value: must be only one value when \`operator\` is 'In' or 'NotIn' for node field selector`,
    `${required}[0].matchFields[1].operator: Invalid value: "Exists": not a valid selector operator`,
    `${required}[0].matchFields[2].key: Invalid value: "spec.unschedulable": not a valid field selector key`,
    `${required}[0].matchFields[3].values[0]: Invalid value: "Node_1": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')`]],
  ['core.ValidatePreferredSchedulingTerms.1: a preferred term of weight 0 (its values are not checked)', {
    nodeAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 0, preference: { matchExpressions: [{ key: 'zone', operator: 'In', values: ['a b'] }] } }] },
  }, [`${at}.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 0: must be in the range 1-100`]],
  ['core.validatePodAffinityTerm.1, .2 and core.ValidatePodAffinityTermSelector.1: a bad namespace, no topologyKey, a bad selector', {
    podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ namespaces: ['Team_A'], labelSelector: { matchExpressions: [{ key: 'app', operator: 'Near' }] } }] },
  }, [`${at}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].labelSelector.matchExpressions[0].operator: Invalid value: "Near": not a valid selector operator`,
    `${at}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].namespace: Invalid value: "Team_A": a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')`,
    `${at}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Required value: can not be empty`,
    `${at}.podAffinity.requiredDuringSchedulingIgnoredDuringExecution[0].topologyKey: Invalid value: "": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`]],
  ['core.validateWeightedPodAffinityTerms.1, core.validatePodAffinityTerm.3 and core.ValidatePodAffinityTermSelector.2: weight 101, a bad topologyKey and namespaceSelector', {
    podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 101, podAffinityTerm: {
      topologyKey: 'a/b/c', labelSelector: {}, namespaceSelector: { matchExpressions: [{ key: 'team', operator: 'In' }] } } }] },
  }, [`${at}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].weight: Invalid value: 101: must be in the range 1-100`,
    `${at}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.namespaceSelector.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
    `${at}.podAntiAffinity.preferredDuringSchedulingIgnoredDuringExecution[0].podAffinityTerm.topologyKey: Invalid value: "a/b/c": a qualified name must consist of alphanumeric characters, '-', '_' or '.', with an optional DNS subdomain prefix and '/'`]],
];

describe('affinity gives the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, affinity, expected) => {
    expect(verdicts(affinity)).toEqual(expected);
  });

  test('accepted: node affinity with every operator, pod anti-affinity spreading replicas', () => {
    expect(verdicts({
      ...terms({ key: 'zone', operator: 'In', values: ['a'] }, { key: 'gpu', operator: 'DoesNotExist' }, { key: 'cpus', operator: 'Gt', values: ['4'] }),
      podAntiAffinity: { preferredDuringSchedulingIgnoredDuringExecution: [{ weight: 100, podAffinityTerm: { topologyKey: 'kubernetes.io/hostname', labelSelector: { matchLabels: { app: 'backend' } } } }] },
    })).toEqual([]);
  });
});
