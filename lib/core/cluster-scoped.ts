import { ApiObject, JsonPatch } from 'cdk8s';

/** The cluster-scoped kinds the library renders, by API group and kind (the core group is ''). */
const CLUSTER_SCOPED_KINDS = new Set([
  '/Namespace', 'gateway.networking.k8s.io/GatewayClass', 'trust.cert-manager.io/Bundle', 'cert-manager.io/ClusterIssuer',
]);

function groupKind(apiObject: ApiObject): string {
  return `${apiObject.apiVersion.split('/').slice(0, -1).join('/')}/${apiObject.kind}`;
}

/**
 * Keeps a cluster-scoped object free of `metadata.namespace`, which cdk8s fills in from a chart-wide
 * namespace and the API server rejects on such objects (kubectl apply refuses them).
 */
export function clusterScoped(apiObject: ApiObject): void {
  if (!CLUSTER_SCOPED_KINDS.has(groupKind(apiObject))) {
    throw new Error(`${apiObject.node.path}: ${groupKind(apiObject)} is not among the cluster-scoped kinds the library knows; add it to `
      + `CLUSTER_SCOPED_KINDS`);
  }
  if (apiObject.metadata.namespace) apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

/** Whether the object renders without a namespace: a cluster-scoped kind, or given none. */
export function isClusterScoped(apiObject: ApiObject): boolean {
  return CLUSTER_SCOPED_KINDS.has(groupKind(apiObject)) || apiObject.metadata.namespace === undefined;
}
