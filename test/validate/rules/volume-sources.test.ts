// Volume-type rules (tools/validate/rules/volume-sources.ts), each case named by its inventory id
// (tools/validate/inventory/rules.json) and holding the API server's verdict, field errors as `path: rule`.
// Deprecated volume plugins also draw a warning (pod-warnings.test.ts); the errors are what these rules decide.
import { Validator } from '../../../tools/validate';
import { SUBDOMAIN_MESSAGE } from '../../../tools/validate/metadata';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const at = 'spec.template.spec.volumes[1]';

/** The field errors on a Deployment whose pod template gains the volume `{ name: 'extra', ...volume }`. */
function errors(volume: Record<string, unknown>): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  object.spec.template.spec.volumes.push({ name: 'extra', ...volume });
  return verdictsOn(validator, object, { errorsOnly: true });
}

const refused: Array<[string, Record<string, unknown>, string[]]> = [
  ['core.validateVolumeSource.9: an iSCSI volume with an initiator name whose <volume name>:<targetPortal> exceeds 64 characters', {
    iscsi: { targetPortal: `${'portal'.repeat(9)}.example.com:3260`, iqn: 'iqn.2001-04.com.example:storage', initiatorName: 'iqn.1994-05.com.redhat:client' },
  }, ['spec.template.spec.volumes[1].name: Invalid value: "extra": Total length of <volume name>:<iscsi.targetPortal> must be under 64 characters if iscsi.initiatorName is specified.']],
  ['core.validateObjectFieldSelector.3 and .5: a downward API file of a field it cannot convert, of one a volume cannot show', {
    downwardAPI: { items: [{ path: 'a', fieldRef: { fieldPath: 'metadata.generation' } }, { path: 'b', fieldRef: { apiVersion: 'v1', fieldPath: 'spec.nodeName' } }] },
  }, [`${at}.downwardAPI.fieldRef.fieldPath: Invalid value: "metadata.generation": error converting fieldPath: field label not supported: metadata.generation`,
    `${at}.downwardAPI.fieldRef.fieldPath: Unsupported value: "spec.nodeName": supported values: "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid"`]],
  ['core.validateObjectFieldSelector.2 and .3 and core.ValidateQualifiedName.1: no fieldPath, another apiVersion, a subscript that is no qualified name', {
    downwardAPI: { items: [{ path: 'a', fieldRef: { apiVersion: 'v1' } }, { path: 'b', fieldRef: { apiVersion: 'apps/v1', fieldPath: 'metadata.name' } },
      { path: 'c', fieldRef: { fieldPath: "metadata.annotations['Not OK']" } }] },
  }, [`${at}.downwardAPI.fieldRef.fieldPath: Required value`,
    `${at}.downwardAPI.fieldRef.fieldPath: Invalid value: "metadata.name": error converting fieldPath: unsupported pod version: apps/v1`,
    `${at}.downwardAPI.fieldRef: Invalid value: "not ok": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')`]],
  ['core.validateContainerResourceDivisor.1, .2, .3 and .4: divisors the resource does not take (compared in canonical form)', {
    downwardAPI: { items: [['limits.cpu', '2m'], ['requests.memory', '1024'], ['limits.ephemeral-storage', '1e3'], ['limits.hugepages-2Mi', '2Mi']]
      .map(([resource, divisor], index) => ({ path: `f${index}`, resourceFieldRef: { containerName: 'nginx', resource, divisor } })) },
  }, [`${at}.downwardAPI.resourceFieldRef.divisor: Invalid value: "limits.cpu": only divisor's values 1m and 1 are supported with the cpu resource`,
    `${at}.downwardAPI.resourceFieldRef.divisor: Invalid value: "requests.memory": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the memory resource`,
    `${at}.downwardAPI.resourceFieldRef.divisor: Invalid value: "limits.ephemeral-storage": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the local ephemeral storage resource`,
    `${at}.downwardAPI.resourceFieldRef.divisor: Invalid value: "limits.hugepages-2Mi": only divisor's values 1, 1k, 1M, 1G, 1T, 1P, 1E, 1Ki, 1Mi, 1Gi, 1Ti, 1Pi, 1Ei are supported with the hugepages resource`]],
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
  ['core.validateContainerResourceFieldSelector.1: a downwardAPI resourceFieldRef without containerName', {
    downwardAPI: { items: [{ path: 'cpu', resourceFieldRef: { resource: 'limits.cpu' } }] },
  }, [`${at}.downwardAPI.resourceFieldRef.containerName: Required value`]],
  ['core.validateContainerResourceFieldSelector.2 and .3: resourceFieldRefs without resource, of an unknown one (in an env var too)', {
    downwardAPI: { items: [{ path: 'a', resourceFieldRef: { containerName: 'backend' } }, { path: 'b', resourceFieldRef: { containerName: 'backend', resource: 'limits.gpu' } }] },
  }, [`${at}.downwardAPI.resourceFieldRef.resource: Required value`,
    `${at}.downwardAPI.resourceFieldRef.resource: Unsupported value: "limits.gpu": supported values: "limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"`]],
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
  ['core.validateQuobyteVolumeSource.1 and .4: a quobyte without registry and volume', { quobyte: {} },
    [`${at}.quobyte.registry: Required value: must be a host:port pair or multiple pairs separated by commas`, `${at}.quobyte.volume: Required value`]],
  ['core.validateQuobyteVolumeSource.2: a tenant of 65 characters', { quobyte: { registry: 'r:7861', volume: 'v', tenant: 't'.repeat(65) } },
    [`${at}.quobyte.tenant: Required value: must be a UUID and may not exceed a length of 64 characters`]],
  ['core.validateQuobyteVolumeSource.3: registry pairs without port or with too many colons', { quobyte: { registry: 'r1,fd00::1:7861,[fd00::1]:7861', volume: 'v' } },
    [`${at}.quobyte.registry: Invalid value: "r1,fd00::1:7861,[fd00::1]:7861": must be a host:port pair or multiple pairs separated by commas`,
      `${at}.quobyte.registry: Invalid value: "r1,fd00::1:7861,[fd00::1]:7861": must be a host:port pair or multiple pairs separated by commas`]],
  ['core.validateHostPathType.1: an unknown hostPath type', { hostPath: { path: '/var/log', type: 'Folder' } },
    [`${at}.hostPath.type: Unsupported value: "Folder": supported values: "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"`]],
  ['core.validateFCVolumeSource.1: an fc without targetWWNs or wwids', { fc: {} },
    [`${at}.fc.targetWWNs: Required value: must specify either targetWWNs or wwids, but not both`]],
  ['core.validateFCVolumeSource.2 and .3: targetWWNs beside wwids, without lun', { fc: { targetWWNs: ['500a0982991b8dc5'], wwids: ['3600508b400105e210000900000490000'] } },
    [`${at}.fc.targetWWNs: Invalid value: ["500a0982991b8dc5"]: targetWWNs and wwids can not be specified simultaneously`,
      `${at}.fc.lun: Required value: lun is required if targetWWNs is specified`]],
  ['core.validateFCVolumeSource.4: an fc lun of 256', { fc: { targetWWNs: ['500a0982991b8dc5'], lun: 256 } },
    [`${at}.fc.lun: Invalid value: 256: must be between 0 and 255, inclusive`]],
  ['core.validateISCSIVolumeSource.1, .2, .7 and .8: an iscsi without portal and iqn, lun 300, CHAP without secretRef', { iscsi: { lun: 300, chapAuthSession: true } },
    [`${at}.iscsi.targetPortal: Required value`, `${at}.iscsi.iqn: Required value`, `${at}.iscsi.lun: Invalid value: 300: must be between 0 and 255, inclusive`,
      `${at}.iscsi.secretRef: Required value`]],
  ['core.validateISCSIVolumeSource.3 and .9: an iqn and initiator name of no known prefix', { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'x', lun: 0, initiatorName: 'y' } },
    [`${at}.iscsi.iqn: Invalid value: "x": must be valid format starting with iqn, eui, or naa`,
      `${at}.iscsi.initiatorname: Invalid value: "y": must be valid format starting with iqn, eui, or naa`]],
  ['core.validateISCSIVolumeSource.4 and .10: an iqn and initiator name that start with iqn but do not match', {
    iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001', lun: 0, initiatorName: 'iqn.x' },
  }, [`${at}.iscsi.iqn: Invalid value: "iqn.2001": must be valid format`, `${at}.iscsi.initiatorname: Invalid value: "iqn.x": must be valid format`]],
  ['core.validateISCSIVolumeSource.5 and .11: eui names of the wrong length', { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'eui.02004567A425678', lun: 0, initiatorName: 'eui.1' } },
    [`${at}.iscsi.iqn: Invalid value: "eui.02004567A425678": must be valid format`, `${at}.iscsi.initiatorname: Invalid value: "eui.1": must be valid format`]],
  ['core.validateISCSIVolumeSource.6 and .12: naa names of the wrong length', { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'naa.1', lun: 0, initiatorName: 'naa.2' } },
    [`${at}.iscsi.iqn: Invalid value: "naa.1": must be valid format`, `${at}.iscsi.initiatorname: Invalid value: "naa.2": must be valid format`]],
  ['core.validateAzureFile.1 and .2: an azureFile without secretName and shareName', { azureFile: { readOnly: true } },
    [`${at}.azureFile.secretName: Required value`, `${at}.azureFile.shareName: Required value`]],
  ['core.validateAzureDisk.1, .2 and .6: an azureDisk without name and URI (kind defaults to Shared, a blob URI)', { azureDisk: {} },
    [`${at}.azureDisk.diskName: Required value`, `${at}.azureDisk.diskURI: Required value`,
      `${at}.azureDisk.diskURI: Unsupported value: "": supported values: "https://{account-name}.blob.core.windows.net/{container-name}/{disk-name}.vhd"`]],
  ['core.validateAzureDisk.3 and .4: an unknown cachingMode and kind', { azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd', cachingMode: 'Fast', kind: 'Big' } },
    [`${at}.azureDisk.cachingMode: Unsupported value: "Fast": supported values: "None", "ReadOnly", "ReadWrite"`,
      `${at}.azureDisk.kind: Unsupported value: "Big": supported values: "Dedicated", "Managed", "Shared"`]],
  ['core.validateAzureDisk.5: a Managed disk with a blob URI', { azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd', kind: 'Managed' } },
    [`${at}.azureDisk.diskURI: Unsupported value: "https://a.blob.core.windows.net/c/d.vhd": supported values: "/subscriptions/{sub-id}/resourcegroups/{group-name}/providers/microsoft.compute/disks/{disk-id}"`]],
  ['core.ValidateCSIDriverName.1 and .3: a csi volume without driver', { csi: {} },
    [`${at}.csi.driver: Required value`, `${at}.csi.driver: Invalid value: "": ${SUBDOMAIN_MESSAGE}`]],
  ['core.ValidateCSIDriverName.2: a csi driver name of 64 bytes', { csi: { driver: `${'a'.repeat(60)}.com` } },
    [`${at}.csi.driver: Too long: may not be more than 63 bytes`]],
  ['core.validateCSIVolumeSource.1: a nodePublishSecretRef without name', { csi: { driver: 'csi.example.com', nodePublishSecretRef: {} } },
    [`${at}.csi.nodePublishSecretRef.name: Required value`]],
  ['core.validateCSIVolumeSource.2: a nodePublishSecretRef name that is no DNS subdomain (reported at csi.name)', { csi: { driver: 'CSI.Example.com', nodePublishSecretRef: { name: 'Bad_Name' } } },
    [`${at}.csi.name: Invalid value: "Bad_Name": ${SUBDOMAIN_MESSAGE}`]],
];

const accepted: Array<[string, Record<string, unknown>]> = [
  ['core.validateObjectFieldSelector.5 and core.validateContainerResourceDivisor.1 and .2: labels, annotations, a defaulted apiVersion, divisors in canonical form', {
    downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }, { path: 'team', fieldRef: { apiVersion: 'v1', fieldPath: "metadata.annotations['example.com/Team']" } },
      { path: 'cpu', resourceFieldRef: { containerName: 'nginx', resource: 'limits.cpu', divisor: '1000m' } },
      { path: 'mem', resourceFieldRef: { containerName: 'nginx', resource: 'limits.memory', divisor: '1024Ki' } }] },
  }],
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
  ['core.validateContainerResourceFieldSelector.1, .2 and .3: resourceFieldRefs of a container\'s memory limit and hugepages', {
    downwardAPI: { items: [{ path: 'mem', resourceFieldRef: { containerName: 'backend', resource: 'limits.memory' } },
      { path: 'huge', resourceFieldRef: { containerName: 'backend', resource: 'requests.hugepages-2Mi' } }] },
  }],
  ['core.validateVsphereVolumeSource.1: a vsphereVolume with volumePath', { vsphereVolume: { volumePath: '[ds] vol.vmdk' } }],
  ['core.validatePhotonPersistentDiskVolumeSource.1: a photon disk with pdID', { photonPersistentDisk: { pdID: 'pd' } }],
  ['core.validatePortworxVolumeSource.1: a portworx volume with volumeID', { portworxVolume: { volumeID: 'v' } }],
  ['core.validateScaleIOVolumeSource.1, .2 and .3: a scaleIO with gateway, system and volumeName',
    { scaleIO: { gateway: 'https://gw', system: 'sys', volumeName: 'vol', secretRef: { name: 's' } } }],
  ['core.validateStorageOSVolumeSource.1 and .2: a storageos with volumeName and a named secretRef', { storageos: { volumeName: 'vol', secretRef: { name: 's' } } }],
  ['core.validateQuobyteVolumeSource.1, .2, .3 and .4: a quobyte with two registries (one IPv6), a tenant and a volume',
    { quobyte: { registry: 'quobyte.local:7861,[fd00::1]:7861', volume: 'v', tenant: '6e7f8b9a-0000-4000-8000-000000000000' } }],
  ['core.validateHostPathType.1: a hostPath of type DirectoryOrCreate', { hostPath: { path: '/var/log', type: 'DirectoryOrCreate' } }],
  ['core.validateFCVolumeSource.1, .2, .3 and .4: an fc with targetWWNs and lun 0', { fc: { targetWWNs: ['500a0982991b8dc5'], lun: 0 } }],
  ['core.validateISCSIVolumeSource.1, .2, .3, .4, .7, .8, .9 and .10: an iscsi with a valid iqn and initiator name', {
    iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage.disk1', lun: 0, initiatorName: 'iqn.1994-05.com.redhat:client', chapAuthSession: true, secretRef: { name: 's' } },
  }],
  ['core.validateISCSIVolumeSource.5 and .11: eui names of 16 characters', { iscsi: { targetPortal: '10.0.0.1:3260', iqn: 'eui.02004567A425678D', initiatorName: 'eui.02004567A425678D' } }],
  ['core.validateAzureFile.1 and .2: an azureFile with secretName and shareName', { azureFile: { secretName: 's', shareName: 'share' } }],
  ['core.validateAzureDisk.1, .2 and .6: a disk of the default kind (Shared) with a blob URI', { azureDisk: { diskName: 'd', diskURI: 'https://a.blob.core.windows.net/c/d.vhd' } }],
  ['core.validateAzureDisk.5: a Managed disk with a subscription URI', { azureDisk: { diskName: 'd', diskURI: '/subscriptions/s/resourcegroups/g/providers/microsoft.compute/disks/d', kind: 'Managed' } }],
  ['core.ValidateCSIDriverName.1, .2 and .3, core.validateCSIVolumeSource.1 and .2: an upper-case driver name, a named secret', {
    csi: { driver: 'CSI.Example.com', nodePublishSecretRef: { name: 'csi-secret' } },
  }],
];

describe('volume-type rules give the API server\'s verdict', () => {
  test.each(refused)('%s', (_id, volume, expected) => {
    expect(errors(volume)).toEqual(expected);
  });

  test.each(accepted)('accepted: %s', (_id, volume) => {
    expect(errors(volume)).toEqual([]);
  });
});
