import { ApiObject, JsonPatch } from 'cdk8s';

const marked = new WeakSet<ApiObject>();

/**
 * Keeps a cluster-scoped object free of `metadata.namespace`, which cdk8s fills in from a chart-wide
 * namespace and the API server rejects on such objects (kubectl apply refuses them).
 */
export function clusterScoped(apiObject: ApiObject): void {
  marked.add(apiObject);
  if (apiObject.metadata.namespace) apiObject.addJsonPatch(JsonPatch.remove('/metadata/namespace'));
}

/** Whether the object renders without a namespace: marked by {@link clusterScoped}, or given none. */
export function isClusterScoped(apiObject: ApiObject): boolean {
  return marked.has(apiObject) || apiObject.metadata.namespace === undefined;
}
