/** Whether `hostname` is matched by `pattern`, where a leading `*.` matches one or more labels (Gateway API). */
export function hostnameMatches(pattern: string, hostname: string): boolean {
  if (pattern === hostname) return true;
  return pattern.startsWith('*.') && hostname.endsWith(pattern.slice(1)) && hostname.length > pattern.length - 1;
}

/**
 * Whether a route hostname and a listener hostname intersect as Gateway API defines it: equal, or one is a
 * wildcard that matches the other, or both are wildcards and one's suffix contains the other's. A listener
 * without a hostname accepts every route hostname.
 */
export function hostnamesIntersect(listener: string | undefined, route: string): boolean {
  if (listener === undefined) return true;
  if (hostnameMatches(listener, route) || hostnameMatches(route, listener)) return true;
  return listener.startsWith('*.') && route.startsWith('*.') && (route.endsWith(listener.slice(1)) || listener.endsWith(route.slice(1)));
}
