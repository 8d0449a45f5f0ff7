import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/** The loopback port the consumer's app listens on. */
export const ORDERS_PORT = 5678;

/**
 * A consumer's own Deployment as a cdk8s-plus user writes it, nothing of this library in it: a small HTTP app
 * (hashicorp/http-echo) listening on 127.0.0.1 only, with the pod fsGroup a TLS front needs.
 */
export function ordersDeployment(chart: Chart, namespace: string, props: Partial<kplus.DeploymentProps> = {}): kplus.Deployment {
  const deployment = new kplus.Deployment(chart, 'Orders', {
    metadata: { name: 'orders', namespace, labels: { 'app.kubernetes.io/name': 'orders' } },
    securityContext: { ensureNonRoot: true, fsGroup: 101 },
    ...props,
  });
  deployment.addContainer({
    name: 'orders',
    image: 'docker.io/hashicorp/http-echo:1.0.0',
    args: [`-listen=127.0.0.1:${ORDERS_PORT}`, '-text=orders'],
    ports: [{ name: 'app', number: ORDERS_PORT }],
    securityContext: {
      ensureNonRoot: true, user: 65532, group: 65532, readOnlyRootFilesystem: true, capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    },
    resources: { cpu: { limit: kplus.Cpu.millis(100) }, memory: { limit: Size.mebibytes(32) } },
  });
  return deployment;
}
