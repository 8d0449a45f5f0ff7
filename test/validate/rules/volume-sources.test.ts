// Volume-type rules (tools/validate/rules/volume-sources.ts), each case named by its inventory id
// (tools/validate/inventory/rules.json) and holding the API server's verdict, field errors as `path: rule`.
// Deprecated volume plugins also draw a warning (pod-warnings.test.ts); the errors are what these rules decide.
import { formatProblem, Validator } from '../../../tools/validate';
import { validExamples } from '../examples';

const validator = Validator.fromPinnedCrds();
const at = 'spec.template.spec.volumes[1]';

/** The field errors on a Deployment whose pod template gains the volume `{ name: 'extra', ...volume }`. */
function errors(volume: Record<string, unknown>): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  object.spec.template.spec.volumes.push({ name: 'extra', ...volume });
  return validator.validate([object]).filter((problem) => !problem.warning)
    .map((problem) => formatProblem(problem).replace(/^Deployment backend-mtls\/backend: /, ''));
}

const refused: Array<[string, Record<string, unknown>, string[]]> = [
  ['core.validateVolumeSource.1: an emptyDir sizeLimit below zero', { emptyDir: { sizeLimit: '-1Gi' } },
    [`${at}.emptyDir.sizeLimit: Forbidden: SizeLimit field must be a valid resource quantity`]],
  ['core.validateHostPathVolumeSource.1: a hostPath without path', { hostPath: { type: 'Directory' } }, [`${at}.hostPath.path: Required value`]],
  ['core.validateGitRepoVolumeSource.1: a gitRepo without repository', { gitRepo: { directory: 'src' } }, [`${at}.gitRepo.repository: Required value`]],
  ['core.validateGCEPersistentDiskVolumeSource.1 and .2: a GCE disk without pdName, partition 256', { gcePersistentDisk: { partition: 256 } },
    [`${at}.gcePersistentDisk.pdName: Required value`, `${at}.gcePersistentDisk.partition: Invalid value: 256: must be between 1 and 255, inclusive`]],
  ['core.validateAWSElasticBlockStoreVolumeSource.1 and .2: an EBS volume without volumeID, partition -1', { awsElasticBlockStore: { partition: -1 } },
    [`${at}.awsElasticBlockStore.volumeID: Required value`, `${at}.awsElasticBlockStore.partition: Invalid value: -1: must be between 1 and 255, inclusive`]],
  ['core.validateNFSVolumeSource.1, .2 and .3: an empty nfs', { nfs: {} },
    [`${at}.nfs.server: Required value`, `${at}.nfs.path: Required value`, `${at}.nfs.path: Invalid value: "": must be an absolute path`]],
  ['core.validateNFSVolumeSource.3: a relative nfs path', { nfs: { server: 'nfs.local', path: 'exports' } },
    [`${at}.nfs.path: Invalid value: "exports": must be an absolute path`]],
  ['core.validateGlusterfsVolumeSource.1 and .2: an empty glusterfs', { glusterfs: {} },
    [`${at}.glusterfs.endpoints: Required value`, `${at}.glusterfs.path: Required value`]],
  ['core.validateFlockerVolumeSource.1: a flocker without dataset', { flocker: {} },
    [`${at}.flocker: Required value: one of datasetName and datasetUUID is required`]],
  ['core.validateFlockerVolumeSource.2 and .3: a dataset name with / beside a UUID', { flocker: { datasetName: 'a/b', datasetUUID: 'u' } },
    [`${at}.flocker: Invalid value: "resource": datasetName and datasetUUID can not be specified simultaneously`,
      `${at}.flocker.datasetName: Invalid value: "a/b": must not contain '/'`]],
  ['core.validatePersistentClaimVolumeSource.1: a claim without claimName', { persistentVolumeClaim: { readOnly: true } },
    [`${at}.persistentVolumeClaim.claimName: Required value`]],
  ['core.validateRBDVolumeSource.1 and .2: an rbd without monitors and image', { rbd: { monitors: [] } },
    [`${at}.rbd.monitors: Required value`, `${at}.rbd.image: Required value`]],
  ['core.validateCinderVolumeSource.1 and .2: a cinder without volumeID, a secretRef without name', { cinder: { secretRef: {} } },
    [`${at}.cinder.volumeID: Required value`, `${at}.cinder.secretRef.name: Required value`]],
  ['core.validateCephFSVolumeSource.1: a cephfs without monitors', { cephfs: { path: '/' } }, [`${at}.cephfs.monitors: Required value`]],
  ['core.validateFlexVolumeSource.1 and .2: a flexVolume without driver, an option in kubernetes.io', { flexVolume: { options: { 'kubernetes.io/x': 'y', 'example.com/y': 'z' } } },
    [`${at}.flexVolume.driver: Required value`, `${at}.flexVolume.options[kubernetes.io/x]: Invalid value: "kubernetes.io/x": kubernetes.io and k8s.io namespaces are reserved`]],
  ['core.validateDownwardAPIVolumeSource.1, core.validateDownwardAPIVolumeFile.1, .3 and .4: a bad defaultMode, an item without path, source or valid mode',
    { downwardAPI: { defaultMode: 1000, items: [{ mode: 1000 }] } },
    [`${at}.downwardAPI.defaultMode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive`, `${at}.downwardAPI.path: Required value`,
      `${at}.downwardAPI: Required value: one of fieldRef and resourceFieldRef is required`,
      `${at}.downwardAPI.mode: Invalid value: 1000: must be a number between 0 and 0777 (octal), both inclusive`]],
  ['core.validateDownwardAPIVolumeFile.2: an item with fieldRef and resourceFieldRef (a projected one too)', {
    projected: { sources: [{ downwardAPI: { items: [{ path: 'both', fieldRef: { fieldPath: 'metadata.name' }, resourceFieldRef: { containerName: 'backend', resource: 'limits.cpu' } }] } }] },
  }, [`${at}.projected.sources[0].downwardAPI: Invalid value: "resource": fieldRef and resourceFieldRef can not be specified simultaneously`]],
  ['core.validateVsphereVolumeSource.1: a vsphereVolume without volumePath', { vsphereVolume: { fsType: 'ext4' } }, [`${at}.vsphereVolume.volumePath: Required value`]],
  ['core.validatePhotonPersistentDiskVolumeSource.1: a photon disk without pdID', { photonPersistentDisk: { fsType: 'ext4' } },
    [`${at}.photonPersistentDisk.pdID: Required value`]],
  ['core.validatePortworxVolumeSource.1: a portworx volume without volumeID', { portworxVolume: { fsType: 'ext4' } }, [`${at}.portworxVolume.volumeID: Required value`]],
  ['core.validateScaleIOVolumeSource.1, .2 and .3: an empty scaleIO', { scaleIO: {} },
    [`${at}.scaleIO.gateway: Required value`, `${at}.scaleIO.system: Required value`, `${at}.scaleIO.volumeName: Required value`]],
  ['core.validateStorageOSVolumeSource.1 and .2: a storageos without volumeName, a secretRef without name', { storageos: { secretRef: {} } },
    [`${at}.storageos.volumeName: Required value`, `${at}.storageos.secretRef.name: Required value`]],
  ['core.validateEphemeralVolumeSource.1: an ephemeral volume without volumeClaimTemplate', { ephemeral: {} },
    [`${at}.ephemeral.volumeClaimTemplate: Required value`]],
];

const accepted: Array<[string, Record<string, unknown>]> = [
  ['core.validateVolumeSource.1: an emptyDir sizeLimit of 1Gi', { emptyDir: { sizeLimit: '1Gi' } }],
  ['core.validateHostPathVolumeSource.1: a hostPath with path', { hostPath: { path: '/var/log' } }],
  ['core.validateGitRepoVolumeSource.1: a gitRepo with repository', { gitRepo: { repository: 'https://example.com/repo.git' } }],
  ['core.validateGCEPersistentDiskVolumeSource.1 and .2: a GCE disk with partition 0', { gcePersistentDisk: { pdName: 'disk', partition: 0 } }],
  ['core.validateAWSElasticBlockStoreVolumeSource.1 and .2: an EBS volume with partition 255', { awsElasticBlockStore: { volumeID: 'vol-1', partition: 255 } }],
  ['core.validateNFSVolumeSource.1, .2 and .3: an nfs with server and absolute path', { nfs: { server: 'nfs.local', path: '/exports' } }],
  ['core.validateGlusterfsVolumeSource.1 and .2: a glusterfs with endpoints and path', { glusterfs: { endpoints: 'gluster', path: 'vol' } }],
  ['core.validateFlockerVolumeSource.1, .2 and .3: a flocker with a datasetUUID only', { flocker: { datasetUUID: 'u' } }],
  ['core.validatePersistentClaimVolumeSource.1: a claim with claimName', { persistentVolumeClaim: { claimName: 'data' } }],
  ['core.validateRBDVolumeSource.1 and .2: an rbd with monitors and image', { rbd: { monitors: ['10.0.0.1:6789'], image: 'img' } }],
  ['core.validateCinderVolumeSource.1 and .2: a cinder with volumeID and a named secretRef', { cinder: { volumeID: 'v', secretRef: { name: 's' } } }],
  ['core.validateCephFSVolumeSource.1: a cephfs with monitors', { cephfs: { monitors: ['10.0.0.1:6789'] } }],
  ['core.validateFlexVolumeSource.1 and .2: a flexVolume with a driver and a non-reserved option', { flexVolume: { driver: 'example.com/flex', options: { 'example.com/y': 'z' } } }],
  ['core.validateDownwardAPIVolumeSource.1, core.validateDownwardAPIVolumeFile.1, .2, .3 and .4: a downwardAPI item with fieldRef and mode 0644',
    { downwardAPI: { defaultMode: 0o644, items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' }, mode: 0o644 }] } }],
  ['core.validateVsphereVolumeSource.1: a vsphereVolume with volumePath', { vsphereVolume: { volumePath: '[ds] vol.vmdk' } }],
  ['core.validatePhotonPersistentDiskVolumeSource.1: a photon disk with pdID', { photonPersistentDisk: { pdID: 'pd' } }],
  ['core.validatePortworxVolumeSource.1: a portworx volume with volumeID', { portworxVolume: { volumeID: 'v' } }],
  ['core.validateScaleIOVolumeSource.1, .2 and .3: a scaleIO with gateway, system and volumeName',
    { scaleIO: { gateway: 'https://gw', system: 'sys', volumeName: 'vol', secretRef: { name: 's' } } }],
  ['core.validateStorageOSVolumeSource.1 and .2: a storageos with volumeName and a named secretRef', { storageos: { volumeName: 'vol', secretRef: { name: 's' } } }],
];

describe('volume-type rules give the API server\'s verdict', () => {
  test.each(refused)('%s', (_id, volume, expected) => {
    expect(errors(volume)).toEqual(expected);
  });

  test.each(accepted)('accepted: %s', (_id, volume) => {
    expect(errors(volume)).toEqual([]);
  });
});
