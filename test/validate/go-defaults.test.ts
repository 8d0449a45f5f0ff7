// An empty enum value is defaulted while the API server decodes the object (SetDefaults_*), before any validation:
// tools/validate/go-defaults.ts, each case with the upstream verdict.
import { Validator } from '../../tools/validate';
import { withGoDefaults } from '../../tools/validate/go-defaults';
import { validExamples, verdictsOn } from './examples';

const validator = Validator.fromPinnedCrds();

function verdicts(kind: 'Deployment' | 'Service' | 'Secret', change: (object: any) => void): string[] {
  const object: any = structuredClone(validExamples[kind] ?? { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'n' }, data: {} });
  change(object);
  return verdictsOn(validator, object, { errorsOnly: true });
}

describe('empty enum values hold their Go default when validation runs', () => {
  test('a pod template\'s restartPolicy "" is Always (SetDefaults_PodSpec), so the ReplicaSet rule and the enum accept it', () => {
    expect(verdicts('Deployment', (o) => { o.spec.template.spec.restartPolicy = ''; })).toEqual([]);
    // a value that is not empty is still judged: by the Go rule's words, Always only
    expect(verdicts('Deployment', (o) => { o.spec.template.spec.restartPolicy = 'Never'; }))
      .toEqual(['spec.template.spec.restartPolicy: Unsupported value: "Never": supported values: "Always"']);
  });

  test('dnsPolicy, imagePullPolicy, terminationMessagePolicy, a port\'s protocol and an httpGet scheme given as "" are defaulted', () => {
    expect(verdicts('Deployment', (o) => {
      const spec = o.spec.template.spec;
      spec.dnsPolicy = '';
      Object.assign(spec.containers[0], { imagePullPolicy: '', terminationMessagePolicy: '', ports: [{ containerPort: 8443, protocol: '' }] });
      spec.containers[0].livenessProbe = { httpGet: { port: 8443, scheme: '' } };
    })).toEqual([]);
    // validateDNSPolicy lists the policies in its own order (validation.go:3760)
    expect(verdicts('Deployment', (o) => { o.spec.template.spec.dnsPolicy = 'Cluster'; }))
      .toEqual(['spec.template.spec.dnsPolicy: Unsupported value: "Cluster": supported values: "ClusterFirstWithHostNet", "ClusterFirst", "Default", "None"']);
  });

  test('a Deployment strategy type "" is RollingUpdate (SetDefaults_Deployment); an unknown type is still refused', () => {
    expect(verdicts('Deployment', (o) => { o.spec.strategy = { type: '' }; })).toEqual([]);
    expect(verdicts('Deployment', (o) => { o.spec.strategy = { type: 'Rolling' }; }))
      .toEqual(['spec.strategy: Unsupported value: {"type":"Rolling"}: supported values: "Recreate", "RollingUpdate"']);
  });

  test('a Service\'s type, sessionAffinity and port protocol "" are defaulted; an internal Service\'s externalTrafficPolicy "" is unset', () => {
    expect(verdicts('Service', (o) => { Object.assign(o.spec, { type: '', sessionAffinity: '', externalTrafficPolicy: '' }); o.spec.ports[0].protocol = ''; })).toEqual([]);
    expect(verdicts('Service', (o) => { Object.assign(o.spec, { type: 'LoadBalancer', externalTrafficPolicy: '' }); })).toEqual([]);
  });

  test('the input is left as it was, and an object without empty values comes back equal', () => {
    const object: any = structuredClone(validExamples.Deployment);
    object.spec.template.spec.restartPolicy = '';
    const before = structuredClone(object);
    expect(withGoDefaults(object, 'Deployment').spec).toMatchObject({ template: { spec: { restartPolicy: 'Always' } } });
    expect(object).toEqual(before);
    const service = validExamples.Service as Record<string, unknown>;
    expect(withGoDefaults(service, 'Service')).toEqual(service);
  });
});
