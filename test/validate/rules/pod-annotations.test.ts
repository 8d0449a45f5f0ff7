// A pod template's labels and annotations (tools/validate/rules/pod-annotations.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const at = 'spec.template.annotations';
const c0 = 'spec.template.spec.containers[0]';
const NAME_PART = "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

/** The errors on the valid Deployment whose template gains `annotations` after `change`. */
function verdicts(annotations: Record<string, string>, change: (template: any) => void = () => undefined): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  object.spec.template.metadata.annotations = annotations;
  change(object.spec.template);
  return verdictsOn(validator, object, { errorsOnly: true });
}

const cases: Array<[string, Record<string, string>, (template: any) => void, string[]]> = [
  ['core.ValidatePodTemplateSpec.1 and meta.ValidateAnnotations.1: a template label and annotation key that are no qualified names (at spec.template, as upstream reports them)',
    { 'bad key': 'x' }, (t) => { t.metadata.labels['also bad'] = 'y'; t.metadata.labels.app = 'backend'; },
    [`spec.template.labels: Invalid value: "also bad": ${NAME_PART}`, `${at}: Invalid value: "bad key": ${NAME_PART}`]],
  ['core.ValidatePodSpecificAnnotations.1: a mirror-pod annotation without spec.nodeName', { 'kubernetes.io/config.mirror': 'abc' }, () => undefined,
    [`${at}[kubernetes.io/config.mirror]: Invalid value: "abc": must set spec.nodeName if mirror pod annotation is set`]],
  ['core.ValidatePodSpecificAnnotations.2: a deletion cost with a plus sign',
    { 'controller.kubernetes.io/pod-deletion-cost': '+10' }, () => undefined,
    [`${at}[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "+10": must be a 32bit integer`]],
  ['core.ValidatePodSpecificAnnotations.2: a deletion cost with a leading zero', { 'controller.kubernetes.io/pod-deletion-cost': '010' }, () => undefined,
    [`${at}[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "010": must be a 32bit integer`]],
  ['core.ValidatePodSpecificAnnotations.2: a deletion cost beyond int32', { 'controller.kubernetes.io/pod-deletion-cost': '2147483648' }, () => undefined,
    [`${at}[controller.kubernetes.io/pod-deletion-cost]: Invalid value: "2147483648": must be a 32bit integer`]],
  ['core.ValidateTolerationsInPodAnnotations.1: a tolerations annotation that is no JSON list', { 'scheduler.alpha.kubernetes.io/tolerations': '{"key":"k"}' }, () => undefined,
    [`${at}: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": json: cannot unmarshal object into Go value of type []core.Toleration`]],
  ['core.ValidateTolerationsInPodAnnotations.1: a tolerations annotation that is no JSON', { 'scheduler.alpha.kubernetes.io/tolerations': 'key=k' }, () => undefined,
    [`${at}: Invalid value: "scheduler.alpha.kubernetes.io/tolerations": invalid character 'k' looking for beginning of value`]],
  ['core.ValidateTolerations.2: tolerations in the annotation are tolerations', { 'scheduler.alpha.kubernetes.io/tolerations': '[{"operator":"Equal","value":"v"}]' }, () => undefined,
    [`${at}.scheduler.alpha.kubernetes.io/tolerations[0].operator: Invalid value: "Equal": operator must be Exists when \`key\` is empty, which means "match all values and all keys"`]],
  ['core.ValidateSeccompProfile.1 and core.validateLocalDescendingPath.2: seccomp annotations of no known profile, of a path with ..',
    { 'seccomp.security.alpha.kubernetes.io/pod': 'default', 'container.seccomp.security.alpha.kubernetes.io/nginx': 'localhost/../p.json' }, () => undefined,
    [`${at}.seccomp.security.alpha.kubernetes.io/pod: Invalid value: "default": must be a valid seccomp profile`,
      `${at}.container.seccomp.security.alpha.kubernetes.io/nginx: Invalid value: "../p.json": must not contain '..'`]],
  ['core.ValidateAppArmorPodAnnotations.1 and .2: an AppArmor annotation of no container, of an unknown profile form',
    { 'container.apparmor.security.beta.kubernetes.io/sidecar': 'enforce' }, () => undefined,
    [`${at}[container.apparmor.security.beta.kubernetes.io/sidecar]: Invalid value: "sidecar": container not found`,
      `${at}[container.apparmor.security.beta.kubernetes.io/sidecar]: Invalid value: "enforce": invalid AppArmor profile name: "enforce"`]],
  ['core.validateSeccompAnnotationsAndFieldsMatch.1 and .2: seccomp annotations that say otherwise than the fields',
    { 'seccomp.security.alpha.kubernetes.io/pod': 'runtime/default', 'container.seccomp.security.alpha.kubernetes.io/nginx': 'unconfined' }, (t) => {
      t.spec.securityContext = { seccompProfile: { type: 'Unconfined' } };
      t.spec.containers[0].securityContext.seccompProfile = { type: 'RuntimeDefault' };
    }, ['spec.template.spec.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match',
      `${c0}.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match`]],
  ['core.validateSeccompAnnotationsAndFieldsMatch.3 and .4: Localhost fields beside other annotations', {
    'container.seccomp.security.alpha.kubernetes.io/nginx': 'runtime/default', 'container.seccomp.security.alpha.kubernetes.io/init': 'localhost/a.json',
  }, (t) => {
    t.spec.containers[0].securityContext.seccompProfile = { type: 'Localhost', localhostProfile: 'b.json' };
    t.spec.initContainers = [{ name: 'init', image: 'busybox:1.37', securityContext: { seccompProfile: { type: 'Localhost', localhostProfile: 'b.json' } } }];
  }, ['spec.template.spec.initContainers[0].securityContext.seccompProfile.localhostProfile: Forbidden: seccomp profile in annotation and field must match',
    `${c0}.securityContext.seccompProfile.type: Forbidden: seccomp type in annotation and field must match`]],
  ['core.validateAppArmorAnnotationsAndFieldsMatchOnCreate.1, .2, .3 and .4: AppArmor annotations that say otherwise than the (pod\'s or container\'s) field', {
    'container.apparmor.security.beta.kubernetes.io/nginx': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/a': 'unconfined',
    'container.apparmor.security.beta.kubernetes.io/b': 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/c': 'localhost/x',
  }, (t) => {
    t.spec.securityContext = { appArmorProfile: { type: 'Unconfined' } };
    t.spec.initContainers = [{ name: 'a', image: 'busybox:1.37', securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } },
      { name: 'b', image: 'busybox:1.37', securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'x' } } },
      { name: 'c', image: 'busybox:1.37', securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'y' } } }];
  }, ['spec.template.spec.initContainers[0].securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match',
    'spec.template.spec.initContainers[1].securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match',
    'spec.template.spec.initContainers[2].securityContext.appArmorProfile.localhostProfile: Forbidden: apparmor profile in annotation and field must match',
    `${c0}.securityContext.appArmorProfile.type: Forbidden: apparmor type in annotation and field must match`]],
];

describe('pod template labels and annotations give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, annotations, change, expected) => {
    expect(verdicts(annotations, change)).toEqual(expected);
  });

  test('accepted: matching annotations and fields, a mirror pod with a node, deletion costs, valid annotation tolerations', () => {
    expect(verdicts({
      'seccomp.security.alpha.kubernetes.io/pod': 'docker/default', 'container.seccomp.security.alpha.kubernetes.io/nginx': 'localhost/profiles/a.json',
      'container.apparmor.security.beta.kubernetes.io/nginx': 'localhost/p', 'kubernetes.io/config.mirror': 'x', 'controller.kubernetes.io/pod-deletion-cost': '-2147483648',
      'scheduler.alpha.kubernetes.io/tolerations': '[{"key":"k","operator":"Exists"}]',
    }, (t) => {
      t.spec.nodeName = 'node-1';
      t.spec.securityContext = { seccompProfile: { type: 'RuntimeDefault' } };
      t.spec.containers[0].securityContext = { seccompProfile: { type: 'Localhost', localhostProfile: 'profiles/a.json' }, appArmorProfile: { type: 'Localhost', localhostProfile: 'p' } };
    })).toEqual([]);
  });
});
