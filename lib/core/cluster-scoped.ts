import { ApiObject, JsonPatch } from 'cdk8s';

/**
 * Keeps a cluster-scoped object free of `metadata.namespace`, which cdk8s fills in from a chart-wide
 * namespace and the API server rejects on such objects (kubectl apply refuses them).
 */
export function clusterScoped(apiObject: ApiObject): void {
  if (apiObject.metadata.namespace) apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}
