/** A pod path the rehearsal places somewhere else on this machine. */
export interface PathRewrite {
  /** The absolute path inside the pod (a volume's mountPath). */
  readonly podPath: string;
  /** Where the rehearsal put that volume's files. */
  readonly hostPath: string;
  /** Whether the conf must mention the path; a missing required path means the conf and the Deployment disagree. */
  readonly required: boolean;
}

/** The only three things the rehearsal changes in the chart's nginx.conf. */
export interface NginxConfRewrite {
  /** Volume mount paths → the folders holding the same files here. */
  readonly paths: readonly PathRewrite[];
  /** Container port → the free loopback port nginx listens on instead; every `listen` must be in it. */
  readonly listenPorts: Readonly<Record<number, number>>;
  /** Pod-local port of a sibling container → the loopback port of the stand-in serving for it. */
  readonly upstreamPorts: Readonly<Record<number, number>>;
}

const LOOPBACK_HOSTS = ['127.0.0.1', 'localhost'];

/**
 * Rewrites the chart's nginx.conf to run on this machine and nothing else: mount paths become the folders
 * the rehearsal filled, every `listen` binds 127.0.0.1 on a free port, and upstreams on the pod's loopback
 * point at the stand-in. Throws when the conf does not have what the Deployment implies, so a drift between
 * the two fails the rehearsal instead of being papered over.
 */
export function rewriteNginxConf(conf: string, rewrite: NginxConfRewrite): string {
  return rewriteUpstreams(rewriteListens(rewritePaths(conf, rewrite.paths), rewrite.listenPorts), rewrite.upstreamPorts);
}

function rewritePaths(conf: string, paths: readonly PathRewrite[]): string {
  if (paths.length === 0) return conf;
  const byPodPath = new Map(paths.map((entry) => [entry.podPath.replace(/\/+$/, ''), entry]));
  // One pass over all mount paths, longest first, so a rewritten path is never rewritten again (e.g. /tmp).
  const alternatives = [...byPodPath.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp).join('|');
  const pattern = new RegExp(`(?<=^|[\\s"'=])(${alternatives})(?=[/\\s;"']|$)`, 'gm');
  const seen = new Set<string>();
  const rewritten = conf.replace(pattern, (podPath: string) => {
    seen.add(podPath);
    return byPodPath.get(podPath)!.hostPath;
  });
  const missing = [...byPodPath.values()].filter((entry) => entry.required && !seen.has(entry.podPath.replace(/\/+$/, '')));
  if (missing.length > 0) {
    throw new Error(`nginx.conf never mentions ${missing.map((entry) => entry.podPath).join(', ')}, where the Deployment mounts files the front needs; the conf and the Deployment disagree`);
  }
  return rewritten;
}

function rewriteListens(conf: string, listenPorts: Readonly<Record<number, number>>): string {
  let listens = 0;
  const rewritten = conf.replace(/^(\s*listen\s+)([^\s;]+)/gm, (_match, prefix: string, address: string) => {
    listens += 1;
    const port = listenPort(address);
    const loopbackPort = listenPorts[port];
    if (loopbackPort === undefined) {
      throw new Error(`nginx.conf listens on "${address}", but port ${port} is not a containerPort of the TLS front (${Object.keys(listenPorts).join(', ') || 'none'}); declare it in the Deployment or drop the listen`);
    }
    return `${prefix}127.0.0.1:${loopbackPort}`;
  });
  if (listens === 0) throw new Error('nginx.conf has no listen directive: the TLS front would not serve anything');
  return rewritten;
}

function listenPort(address: string): number {
  if (address.startsWith('unix:')) throw new Error(`nginx.conf listens on "${address}"; the rehearsal can only move TCP listens to loopback`);
  if (address.startsWith('[')) throw new Error(`nginx.conf listens on IPv6 "${address}"; the rehearsal moves IPv4 listens to 127.0.0.1 only`);
  const port = Number(address.includes(':') ? address.slice(address.lastIndexOf(':') + 1) : address);
  if (!Number.isInteger(port)) throw new Error(`nginx.conf listens on "${address}"; the rehearsal needs an explicit port`);
  return port;
}

function rewriteUpstreams(conf: string, upstreamPorts: Readonly<Record<number, number>>): string {
  const hosts = LOOPBACK_HOSTS.map(escapeRegExp).join('|');
  // `server host:port;` inside an upstream block, or `proxy_pass http(s)://host:port...`.
  const pattern = new RegExp(`^(\\s*(?:server\\s+|proxy_pass\\s+https?://))(${hosts}):(\\d+)(?=[\\s;/])`, 'gm');
  let matched = 0;
  const rewritten = conf.replace(pattern, (_match, prefix: string, host: string, port: string) => {
    const standIn = upstreamPorts[Number(port)];
    if (standIn === undefined) {
      throw new Error(`nginx.conf forwards to ${host}:${port}, where no other container of the pod listens (they listen on ${Object.keys(upstreamPorts).join(', ') || 'nothing'}); the conf and the Deployment disagree`);
    }
    matched += 1;
    return `${prefix}127.0.0.1:${standIn}`;
  });
  if (Object.keys(upstreamPorts).length > 0 && matched === 0) {
    throw new Error(`nginx.conf forwards to none of the pod's other containers (ports ${Object.keys(upstreamPorts).join(', ')} on 127.0.0.1); the front would have nothing to proxy to`);
  }
  return rewritten;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
