// Fields the API server drops from a pod template before validation while their 1.33 gates are off (tools/validate/rules/pod-gates.ts).
import { Validator } from '../../../tools/validate';
import { dropDisabledTemplateFields } from '../../../tools/validate/rules/pod-gates';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();

function verdicts(change: (spec: any) => void): string[] {
  const object: any = structuredClone(validExamples.Deployment);
  change(object.spec.template.spec);
  return verdictsOn(validator, object);
}

describe('fields of gates that are off in 1.33 are dropped before validation', () => {
  test('core.validateImageVolumeSource.1 (not ported): an image volume, even one without a reference or with a second type, is dropped with its mounts (ImageVolume)', () => {
    expect(verdicts((s) => {
      s.volumes.push({ name: 'tools', image: { pullPolicy: 'IfNotPresent' }, emptyDir: {} });
      s.containers[0].volumeMounts.push({ name: 'tools', mountPath: '/tools' });
    })).toEqual([]);
  });

  test('core.validateProjectionSources.9 (not ported): a clusterTrustBundle source is dropped (ClusterTrustBundleProjection)', () => {
    expect(verdicts((s) => {
      s.volumes.push({ name: 'bundle', projected: { sources: [{ configMap: { name: 'ca', items: [{ key: 'ca.crt', path: 'ca.pem' }] }, clusterTrustBundle: { path: 'ca.pem' } }] } });
    })).toEqual([]);
  });

  test('core.validateStopSignal.1 (not ported): a stopSignal without spec.os is dropped (ContainerStopSignals)', () => {
    expect(verdicts((s) => { s.containers[0].lifecycle = { stopSignal: 'SIGTERM' }; })).toEqual([]);
    // an init container's lifecycle left empty is dropped with it, so it is not refused as a lifecycle of an init container
    expect(verdicts((s) => { s.initContainers = [{ name: 'init', image: 'busybox:1.37', lifecycle: { stopSignal: 'SIGTERM' } }]; })).toEqual([]);
    expect(verdicts((s) => { s.initContainers = [{ name: 'init', image: 'busybox:1.37', lifecycle: { stopSignal: 'SIGTERM', preStop: { sleep: { seconds: 1 } } } }]; }))
      .toEqual(['spec.template.spec.initContainers[0].lifecycle: Forbidden: may not be set for init containers without restartPolicy=Always']);
  });

  test('a stopSignal the OpenAPI enum does not list is dropped before the enum check too (ContainerStopSignals off: upstream accepts it)', () => {
    expect(verdicts((s) => { s.containers[0].lifecycle = { stopSignal: 'SIGBOGUS' }; })).toEqual([]);
    expect(verdicts((s) => { s.containers[0].lifecycle = { stopSignal: 'SIGBOGUS', preStop: { exec: { command: ['true'] } } }; })).toEqual([]);
  });

  test('a mount of a volume that is not an image volume is still checked, and the input is left as it was', () => {
    const template = { spec: { volumes: [{ name: 'tools', image: {} }], containers: [{ name: 'c', volumeMounts: [{ name: 'tools' }, { name: 'other' }], lifecycle: { stopSignal: 'SIGTERM' } }] } };
    const before = structuredClone(template);
    expect(dropDisabledTemplateFields(template)).toEqual({ spec: { volumes: [], containers: [{ name: 'c', volumeMounts: [{ name: 'other' }] }] } });
    expect(template).toEqual(before);
    expect(verdicts((s) => { s.volumes.push({ name: 'tools', image: {} }); s.containers[0].volumeMounts.push({ name: 'other', mountPath: '/o' }); }))
      .toEqual(['spec.template.spec.containers[0].volumeMounts[1].name: Not found: "other"']);
  });
});
