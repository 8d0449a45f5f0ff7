import { IConstruct } from 'constructs';
import { BackendTlsPolicy } from '../gateway/backend-tls-policy';
import { EnvoyBackend } from '../gateway/envoy-backend';
import { HttpRoute } from '../gateway/http-route';
import { CaTrust } from '../pki/ca-trust';
import { Certificate } from '../pki/certificate';
import { IBackendService } from '../workloads/backend-service';

/** What Envoy checks a backend's server certificate against: a BackendTLSPolicy's validation or a Backend's tls. */
export interface ServerVerifier {
  readonly kind: 'BackendTLSPolicy' | 'Backend';
  readonly construct: IConstruct & { readonly name: string; readonly namespace?: string };
  readonly field: string;
  readonly hostname: string;
  readonly trust: CaTrust;
  readonly namespace: string;
  readonly backend: IBackendService;
}

/** The links the wiring checks follow below a scope, read from the constructs in tree order. */
export interface ChartWiring {
  readonly routes: HttpRoute[];
  readonly verifiers: ServerVerifier[];
  readonly certificates: Certificate[];
}

/** The routes, server verifiers and rendered Certificates among `nodes` (a scope's `node.findAll()`), in their order. */
export function wiringOf(nodes: readonly IConstruct[]): ChartWiring {
  const wiring: ChartWiring = { routes: [], verifiers: [], certificates: [] };
  for (const node of nodes) {
    if (node instanceof HttpRoute) wiring.routes.push(node);
    else if (node instanceof Certificate) wiring.certificates.push(node);
    else wiring.verifiers.push(...serverVerifierOf(node));
  }
  return wiring;
}

function serverVerifierOf(node: IConstruct): ServerVerifier[] {
  if (node instanceof BackendTlsPolicy) {
    return [{
      kind: 'BackendTLSPolicy', construct: node, field: 'validation.hostname', hostname: node.hostname,
      trust: node.trust, namespace: node.namespace, backend: node.backend,
    }];
  }
  if (node instanceof EnvoyBackend) {
    return [{
      kind: 'Backend', construct: node, field: 'tls.sni', hostname: node.sni, trust: node.trust, namespace: node.namespace, backend: node.service,
    }];
  }
  return [];
}
