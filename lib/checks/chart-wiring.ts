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

/** The routes, server verifiers and rendered Certificates among `scope` and its descendants. */
export function wiringOf(scope: IConstruct): ChartWiring {
  const nodes = scope.node.findAll();
  return {
    routes: nodes.filter((node): node is HttpRoute => node instanceof HttpRoute),
    verifiers: nodes.flatMap(serverVerifierOf),
    certificates: nodes.filter((node): node is Certificate => node instanceof Certificate),
  };
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
