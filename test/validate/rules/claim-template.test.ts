// The claim template of an ephemeral volume (tools/validate/rules/claim-template.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { SUBDOMAIN_MESSAGE } from '../../../tools/validate/metadata';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const at = 'spec.template.spec.volumes[1].ephemeral.volumeClaimTemplate';
const claim = (spec: Record<string, unknown>, metadata?: Record<string, unknown>) =>
  ({ name: 'scratch', ephemeral: { volumeClaimTemplate: { ...(metadata ? { metadata } : {}), spec } } });
const valid = { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } };

/** The problems (errors and warnings) on the valid Deployment with one more volume. */
function verdicts(volume: Record<string, unknown>): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  object.spec.template.spec.volumes.push(volume);
  return verdictsOn(validator, object);
}

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ['core.ValidateTemplateObjectMeta.1 and core.validateFieldAllowList.1: template labels, and ObjectMeta fields a claim template may not set',
    claim(valid, { name: 'x', labels: { 'bad key': 'v' }, finalizers: [], creationTimestamp: null }),
    [`${at}.metadata.labels: Invalid value: "bad key": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`,
      `${at}.metadata.name: Forbidden: cannot be set`, `${at}.metadata.finalizers: Forbidden: cannot be set`]],
  ['core.ValidatePersistentVolumeClaimSpec.1, .2 and .5: no access mode, a bad selector, no storage request',
    claim({ accessModes: [], selector: { matchExpressions: [{ key: 'a', operator: 'In' }] } }),
    [`${at}.spec.accessModes: Required value: at least 1 access mode is required`,
      `${at}.spec.selector.matchExpressions[0].values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`,
      `${at}.spec.resources[storage]: Required value`]],
  ['core.ValidatePersistentVolumeClaimSpec.4 and .7 and core.ValidatePositiveQuantityValue.1: ReadWriteOncePod with another mode, a zero request, an unknown volumeMode',
    claim({ accessModes: ['ReadWriteOncePod', 'ReadWriteOnce'], resources: { requests: { storage: '0' } }, volumeMode: 'Raw' }),
    [`${at}.spec.accessModes: Forbidden: may not use ReadWriteOncePod with other access modes`,
      `${at}.spec.resources[storage]: Invalid value: "0": must be greater than zero`,
      `${at}.spec.volumeMode: Unsupported value: "Raw": supported values: "Block", "Filesystem"`]],
  ['core.ValidatePersistentVolumeClaimSpec.6: a storageClassName that is no DNS subdomain', claim({ ...valid, storageClassName: 'Fast_SSD' }),
    [`${at}.spec.storageClassName: Invalid value: "Fast_SSD": ${SUBDOMAIN_MESSAGE}`]],
  ['core.validateDataSource.3 and core.ValidatePersistentVolumeClaimSpec.9: a core-group source that is no PVC, and a dataSourceRef that differs',
    claim({ ...valid, dataSource: { kind: 'Snapshot', name: 's' }, dataSourceRef: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: 's' } }),
    [`${at}.spec.dataSource: Invalid value: "Snapshot": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
      `${at}.spec: Invalid value: "${at}.spec.dataSource": must match dataSourceRef`]],
  ['core.validateDataSource.1, .2 and .4, core.validateDataSourceRef.1, .2, .3, .4 and .5, core.ValidatePersistentVolumeClaimSpec.8: empty sources, a bad group and namespace',
    claim({ ...valid, dataSource: { apiGroup: 'Bad_Group' }, dataSourceRef: { namespace: 'a.b' } }),
    [`${at}.spec.dataSource.name: Required value`, `${at}.spec.dataSource.kind: Required value`, `${at}.spec.dataSource.apiGroup: Invalid value: "Bad_Group": ${SUBDOMAIN_MESSAGE}`,
      `${at}.spec.dataSourceRef.name: Required value`, `${at}.spec.dataSourceRef.kind: Required value`,
      `${at}.spec.dataSourceRef: Invalid value: "": must be 'PersistentVolumeClaim' when referencing the default apiGroup`,
      `${at}.spec.dataSourceRef.namespace: Invalid value: "a.b": must not contain dots`,
      `${at}.spec: Invalid value: "${at}.spec.dataSource": may not be specified when dataSourceRef.namespace is specified`]],
  ['pod-warnings.warningsForPodSpecAndMeta.14: a fractional storage limit of a claim template', claim({ ...valid, resources: { requests: { storage: '1Gi' }, limits: { storage: '1.5' } } }),
    [`${at}.spec.resources.limits[storage]: Warning: fractional byte value "1500m" is invalid, must be an integer`]],
];

describe('ephemeral volume claim templates give the API server\'s verdict', () => {
  test.each(cases)('%s', (_id, volume, expected) => {
    expect(verdicts(volume)).toEqual(expected);
  });

  test('core.ValidatePersistentVolumeClaimSpec.3: an unknown access mode, reported at the list as upstream does', () => {
    expect(verdicts(claim({ ...valid, accessModes: ['ReadWriteOnce', 'Bogus'] })))
      .toContain(`${at}.spec.accessModes: Unsupported value: "Bogus": supported values: "ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"`);
  });

  test('accepted: a claim template with labels, a matching PVC source pair and a class', () => {
    expect(verdicts(claim({ ...valid, storageClassName: 'fast', volumeMode: 'Block', dataSource: { kind: 'PersistentVolumeClaim', name: 'src' },
      dataSourceRef: { kind: 'PersistentVolumeClaim', name: 'src' } }, { labels: { app: 'backend' }, annotations: { note: 'x' } }))).toEqual([]);
  });
});
