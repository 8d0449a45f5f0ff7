import { ApiObject, JsonPatch, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { MtlsFront, SelfSignedCa } from '../../lib';
import { podSecurityFindings } from '../../lib/workloads/pod-security';
import { ORDERS_PORT, ordersDeployment } from './orders-app';

/** A consumer's Deployment behind an MtlsFront, with one change to its rendered pod template. */
function frontedWith(change: (deployment: kplus.Deployment) => void, deploymentProps: Partial<kplus.DeploymentProps> = {}) {
  const chart = Testing.chart();
  const deployment = ordersDeployment(chart, 'shop', deploymentProps);
  change(deployment);
  new MtlsFront(chart, 'Front', { deployment, appPort: ORDERS_PORT, issuer: new SelfSignedCa(chart, 'Ca', { namespace: 'shop' }) });
  return chart;
}

// Patches name fields as cdk8s-plus's generated classes do (hostPid), which render them as Kubernetes names (hostPID).
const POD = '/spec/template/spec';
const APP = `${POD}/containers/0/securityContext`;
const patch = (...patches: JsonPatch[]) => (deployment: kplus.Deployment) => ApiObject.of(deployment).addJsonPatch(...patches);
const refusal = (where: string, field: string, check: string, fix: string) =>
  new RegExp(`test/Front: deployment test/Orders: ${where} ${field}.* fails Pod Security "restricted" \\(Kubernetes 1\\.33, check ${check}\\), which the front's namespace enforces: ${fix}`);

describe('MtlsFront refuses a Deployment whose pods Pod Security "restricted" (Kubernetes 1.33) would refuse', () => {
  test('a compliant Deployment synthesizes, and the front\'s own container passes every check', () => {
    const chart = frontedWith(() => undefined);
    const deployment = Testing.synth(chart).find((object) => object.kind === 'Deployment')!;
    expect(podSecurityFindings(deployment.spec.template)).toEqual([]);
  });

  test.each([
    ['hostNetwork (always refused: the app\'s loopback would be the node\'s)', frontedWith(() => undefined, { hostNetwork: true }),
      refusal('pod', 'hostNetwork', 'hostNamespaces', 'remove it: with the node\'s network the app\'s 127.0.0.1 is the node\'s')],
    ['hostPID', frontedWith(patch(JsonPatch.add(`${POD}/hostPid`, true))), refusal('pod', 'hostPID', 'hostNamespaces', 'remove it or set it to false')],
    ['hostIPC', frontedWith(patch(JsonPatch.add(`${POD}/hostIpc`, true))), refusal('pod', 'hostIPC', 'hostNamespaces', 'remove it or set it to false')],
    ['privileged', frontedWith(patch(JsonPatch.add(`${APP}/privileged`, true))), refusal('container "orders"', 'securityContext.privileged', 'privileged', 'remove it')],
    ['hostPort', frontedWith(patch(JsonPatch.add(`${POD}/containers/0/ports/0/hostPort`, 80))),
      refusal('container "orders"', 'ports\\[\\]\\.hostPort', 'hostPorts', 'remove the hostPort')],
    ['hostPath volume', frontedWith(patch(JsonPatch.add(`${POD}/volumes/-`, { name: 'node-root', hostPath: { path: '/' } }))),
      refusal('pod', 'volumes\\["node-root"\\]\\.hostPath', 'hostPathVolumes', 'use one of configMap, csi')],
    ['a volume type restricted does not allow', frontedWith(patch(JsonPatch.add(`${POD}/volumes/-`, { name: 'share', nfs: { server: 'nfs', path: '/' } }))),
      refusal('pod', 'volumes\\["share"\\]\\.nfs', 'restrictedVolumes', 'use one of configMap, csi')],
    ['capabilities not dropping ALL', frontedWith(patch(JsonPatch.replace(`${APP}/capabilities`, { drop: ['NET_RAW'] }))),
      refusal('container "orders"', 'securityContext\\.capabilities\\.drop', 'capabilities_restricted', 'drop \\["ALL"\\]')],
    ['a capability added besides NET_BIND_SERVICE', frontedWith(patch(JsonPatch.replace(`${APP}/capabilities`, { drop: ['ALL'], add: ['NET_BIND_SERVICE', 'NET_ADMIN'] }))),
      refusal('container "orders"', 'securityContext\\.capabilities\\.add \\["NET_ADMIN"\\]', 'capabilities_restricted', 'add none but NET_BIND_SERVICE')],
    ['allowPrivilegeEscalation not false', frontedWith(patch(JsonPatch.replace(`${APP}/allowPrivilegeEscalation`, true))),
      refusal('container "orders"', 'securityContext\\.allowPrivilegeEscalation', 'allowPrivilegeEscalation', 'set it to false')],
    ['runAsNonRoot false', frontedWith(patch(JsonPatch.replace(`${APP}/runAsNonRoot`, false))),
      refusal('container "orders"', 'securityContext\\.runAsNonRoot false', 'runAsNonRoot', 'set it to true')],
    ['runAsUser 0', frontedWith(patch(JsonPatch.replace(`${APP}/runAsUser`, 0))), refusal('container "orders"', 'securityContext\\.runAsUser 0', 'runAsUser', 'set a non-zero uid')],
    ['no seccomp profile', frontedWith(patch(JsonPatch.remove(`${APP}/seccompProfile`))),
      refusal('container "orders"', 'securityContext\\.seccompProfile\\.type unset', 'seccompProfile_restricted', 'set it \\(or the pod\'s\\) to "RuntimeDefault"')],
    ['seccomp Unconfined', frontedWith(patch(JsonPatch.replace(`${APP}/seccompProfile`, { type: 'Unconfined' }))),
      refusal('container "orders"', 'securityContext\\.seccompProfile\\.type "Unconfined"', 'seccompProfile_restricted', 'set it to "RuntimeDefault" or "Localhost"')],
    ['procMount Unmasked', frontedWith(patch(JsonPatch.add(`${APP}/procMount`, 'Unmasked'))),
      refusal('container "orders"', 'securityContext\\.procMount "Unmasked"', 'procMount', 'remove it or set it to "Default"')],
    ['a sysctl baseline does not allow', frontedWith(patch(JsonPatch.add(`${POD}/securityContext/sysctls`, [{ name: 'kernel.msgmax', value: '65536' }]))),
      refusal('pod', 'securityContext\\.sysctls "kernel\\.msgmax"', 'sysctls', 'remove it; allowed: kernel\\.shm_rmid_forced')],
    // AppArmor's appArmorProfile field (Kubernetes 1.30+): cdk8s-plus-28 cannot render it; mtls-front.test.ts checks it on a cdk8s-plus-33 Deployment.
    ['an AppArmor annotation unconfined', frontedWith(patch(JsonPatch.add(`/spec/template/metadata/annotations`, { 'container.apparmor.security.beta.kubernetes.io/orders': 'unconfined' }))),
      refusal('pod', 'metadata\\.annotations\\["container\\.apparmor\\.security\\.beta\\.kubernetes\\.io/orders"\\]', 'appArmorProfile', 'remove the annotation')],
    ['an SELinux type restricted does not allow', frontedWith(patch(JsonPatch.add(`${APP}/seLinuxOptions`, { type: 'spc_t' }))),
      refusal('container "orders"', 'securityContext\\.seLinuxOptions\\.type "spc_t"', 'seLinuxOptions', 'use one of container_t')],
    ['an SELinux user', frontedWith(patch(JsonPatch.add(`${POD}/securityContext/seLinuxOptions`, { user: 'system_u' }))),
      refusal('pod', 'securityContext\\.seLinuxOptions\\.user "system_u"', 'seLinuxOptions', 'leave it unset')],
    ['a Windows HostProcess container', frontedWith(patch(JsonPatch.add(`${APP}/windowsOptions`, { hostProcess: true }))),
      refusal('container "orders"', 'securityContext\\.windowsOptions\\.hostProcess true', 'windowsHostProcess', 'remove it or set it to false')],
  ])('%s', (_case, chart, message) => {
    expect(() => Testing.synth(chart)).toThrow(message);
  });

  test('an init container is checked too, named as one', () => {
    const chart = frontedWith((deployment) => deployment.addInitContainer({
      name: 'migrate', image: 'docker.io/library/busybox:1.37', securityContext: { ensureNonRoot: true, user: 1000, privileged: true },
    }));
    expect(() => Testing.synth(chart)).toThrow(refusal('initContainer "migrate"', 'securityContext\\.privileged', 'privileged', 'remove it'));
  });

  test('a container added to the Deployment after the front is checked too, naming it', () => {
    const chart = Testing.chart();
    const deployment = ordersDeployment(chart, 'shop');
    new MtlsFront(chart, 'Front', { deployment, appPort: ORDERS_PORT, issuer: new SelfSignedCa(chart, 'Ca', { namespace: 'shop' }) });
    deployment.addContainer({ name: 'sidecar', image: 'docker.io/library/busybox:1.37', securityContext: { ensureNonRoot: true, user: 1000 } });
    expect(() => Testing.synth(chart)).toThrow(refusal('container "sidecar"', 'securityContext\\.capabilities\\.drop', 'capabilities_restricted', 'drop \\["ALL"\\]'));
  });
});
