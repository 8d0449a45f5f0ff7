import { KubeObject } from './manifests';

/** What `npm run deploy` waits for on one applied object. */
export interface ReadinessGate {
  readonly object: KubeObject;
  /** The condition, as people say it ("Ready", "Programmed"). */
  readonly condition: string;
  /** The `kubectl wait --for=...` argument that checks it. */
  readonly waitFor: string;
}

/**
 * The gates a deploy waits on, in apply order: Certificates Ready, Deployments Available, Gateways
 * Programmed, BackendTLSPolicies Accepted (a policy reports per ancestor Gateway, under status.ancestors).
 */
export function readinessGates(objects: KubeObject[]): ReadinessGate[] {
  const rules: Record<string, { condition: string; waitFor: string }> = {
    Certificate: { condition: 'Ready', waitFor: 'condition=Ready' },
    Deployment: { condition: 'Available', waitFor: 'condition=Available' },
    Gateway: { condition: 'Programmed', waitFor: 'condition=Programmed' },
    BackendTLSPolicy: { condition: 'Accepted', waitFor: 'jsonpath={.status.ancestors[0].conditions[?(@.type=="Accepted")].status}=True' },
  };
  const order = Object.keys(rules);
  return objects
    .filter((object) => rules[object.kind])
    .sort((a, b) => order.indexOf(a.kind) - order.indexOf(b.kind))
    .map((object) => ({ object, ...rules[object.kind] }));
}

/** The kubectl arguments that wait for one gate. */
export function waitArgs(gate: ReadinessGate, timeoutSeconds: number): string[] {
  const { kind, metadata } = gate.object;
  const resource = `${kind.toLowerCase()}.${gate.object.apiVersion.split('/')[0]}/${metadata.name}`;
  const namespace = metadata.namespace ? ['-n', metadata.namespace] : [];
  return ['wait', ...namespace, `--for=${gate.waitFor}`, `--timeout=${timeoutSeconds}s`, resource];
}
