import { describeObject, KubeObject, objectArgs } from './manifests';

/** The Envoy Service type Envoy Gateway gives a Gateway's proxies, and where the manifests say so. */
export interface EnvoyServiceOf {
  /** `ClusterIP`, `LoadBalancer` or `NodePort`; undefined when an EnvoyProxy it depends on is not in the manifests. */
  readonly type?: string;
  /** The field that decides it, or why it is unknown. */
  readonly source: string;
}

/** What `npm run deploy` waits for on one applied object. */
export interface ReadinessGate {
  readonly object: KubeObject;
  /** The condition, as people say it ("Ready", "Programmed"). */
  readonly condition: string;
  /** The `kubectl wait --for=...` argument that checks it; absent for a Deployment, whose rollout `kubectl rollout status` follows. */
  readonly waitFor?: string;
  /** For a Gateway: its Envoy Service, which decides what Programmed waits for. */
  readonly envoyService?: EnvoyServiceOf;
}

/**
 * The gates a deploy waits on, in apply order: Certificates Ready, Deployments rolled out, Gateways
 * Programmed, BackendTLSPolicies Accepted (a policy reports per ancestor Gateway, under status.ancestors).
 * A Deployment's Available condition would not do: on a re-deploy that changes the pod template, the old
 * ReplicaSet keeps it True while the new pods may never come up.
 */
export function readinessGates(objects: KubeObject[]): ReadinessGate[] {
  const rules: Record<string, { condition: string; waitFor?: string }> = {
    Certificate: { condition: 'Ready', waitFor: 'condition=Ready' },
    Deployment: { condition: 'rolled out' },
    Gateway: { condition: 'Programmed', waitFor: 'condition=Programmed' },
    BackendTLSPolicy: { condition: 'Accepted', waitFor: 'jsonpath={.status.ancestors[0].conditions[?(@.type=="Accepted")].status}=True' },
  };
  const order = Object.keys(rules);
  return objects
    .filter((object) => rules[object.kind])
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .map((object) => ({ object, ...rules[object.kind], ...(object.kind === 'Gateway' ? { envoyService: envoyServiceOf(objects, object) } : {}) }));
}

/** The kubectl arguments that wait for one gate: `kubectl wait`, or `kubectl rollout status` for a Deployment. */
export function waitArgs(gate: ReadinessGate, timeoutSeconds: number): string[] {
  const args = objectArgs(gate.object);
  const [namespace, target] = [args.slice(0, -1), args[args.length - 1]];
  if (gate.waitFor === undefined) return ['rollout', 'status', ...namespace, `--timeout=${timeoutSeconds}s`, target];
  return ['wait', ...namespace, `--for=${gate.waitFor}`, `--timeout=${timeoutSeconds}s`, target];
}

const SERVICE_TYPE_FIELD = 'spec.provider.kubernetes.envoyService.type';

/**
 * The Envoy Service type of a Gateway as Envoy Gateway v1.9 resolves it: the Gateway's own EnvoyProxy
 * (`spec.infrastructure.parametersRef`) over its GatewayClass's, the more specific one replacing the other unless it
 * sets `mergeType`; unset, Envoy Gateway's default is LoadBalancer.
 */
export function envoyServiceOf(objects: KubeObject[], gateway: KubeObject): EnvoyServiceOf {
  const gatewayClass = objects.find((object) => object.kind === 'GatewayClass' && object.metadata.name === gateway.spec?.gatewayClassName);
  const refs = [
    { ref: gateway.spec?.infrastructure?.parametersRef, namespace: gateway.metadata.namespace },
    { ref: gatewayClass?.spec?.parametersRef, namespace: gatewayClass?.spec?.parametersRef?.namespace },
  ].filter(({ ref }) => ref?.kind === 'EnvoyProxy');
  for (const { ref, namespace } of refs) {
    const proxy = objects.find((object) => object.kind === 'EnvoyProxy' && object.metadata.name === ref.name && object.metadata.namespace === namespace);
    const proxyId = describeObject({ kind: 'EnvoyProxy', metadata: { name: ref.name, namespace } });
    if (!proxy) return { source: `${proxyId} is not in the manifests` };
    const type = proxy.spec?.provider?.kubernetes?.envoyService?.type;
    if (type) return { type, source: `${proxyId} ${SERVICE_TYPE_FIELD}` };
    if ((proxy.spec?.mergeType ?? 'Replace') === 'Replace') return { type: 'LoadBalancer', source: `Envoy Gateway's default; ${proxyId} sets no ${SERVICE_TYPE_FIELD}` };
  }
  return { type: 'LoadBalancer', source: `Envoy Gateway's default; no EnvoyProxy of ${describeObject(gateway)} sets ${SERVICE_TYPE_FIELD}` };
}

/**
 * Why a Gateway is not Programmed, from its live Programmed condition, in the terms of Envoy Gateway v1.9: the
 * Gateway's address comes from its Envoy Service (the cluster IP, the nodes' addresses, or the load balancer's
 * ingress), and Programmed turns True once there is an address and an Envoy replica is available.
 */
export function explainNotProgrammed(gate: ReadinessGate, live: any): string {
  const programmed = (live?.status?.conditions ?? []).find((condition: any) => condition.type === 'Programmed');
  if (!programmed) return 'Envoy Gateway has not reported Programmed: is Envoy Gateway running, and does the GatewayClass name its controller?';
  const said = `Programmed=${programmed.status} ${programmed.reason}: ${programmed.message}`;
  const service = gate.envoyService ?? { source: 'unknown' };
  const serviceId = `the Envoy Service is ${service.type ?? 'of unknown type'} (${service.source})`;
  switch (programmed.reason) {
    case 'AddressNotAssigned':
      if (service.type === 'LoadBalancer') {
        return `${said}; ${serviceId} and no load balancer has assigned it an address. On a cluster without a load-balancer `
          + 'implementation (kind, minikube) set envoyServiceType: EnvoyServiceType.CLUSTER_IP (npm run smoke port-forwards), '
          + 'or run one (cloud-provider-kind, `minikube tunnel`, MetalLB)';
      }
      if (service.type === 'NodePort') {
        return `${said}; ${serviceId}, whose addresses are those of the nodes running a ready Envoy pod (Envoy Gateway's default `
          + 'externalTrafficPolicy Local), and there is none yet: look at the Envoy pods Envoy Gateway runs for this Gateway';
      }
      if (service.type === 'ClusterIP') {
        return `${said}; ${serviceId}, which has an address as soon as it exists: Envoy Gateway has not created it (look at its controller's logs)`;
      }
      return `${said}; ${serviceId}`;
    case 'NoResources':
      return `${said}; ${serviceId} and has an address, but no Envoy replica is available: look at the Envoy pods Envoy Gateway runs for this Gateway`;
    default:
      return `${said}; ${serviceId}`;
  }
}
