import { IConstruct } from 'constructs';
import type { CaTrust } from '../pki/ca-trust';
import { ICertificate } from '../pki/certificate';

/** A TLS backend a route sends traffic to and a BackendTLSPolicy secures: a Service port that speaks TLS. */
export interface IBackendService extends IConstruct {
  /** The Service's name. */
  readonly serviceName: string;
  /** The Service's namespace. */
  readonly namespace: string;
  /** The name of the Service port that speaks TLS; the BackendTLSPolicy's sectionName. */
  readonly portName: string;
  /** The number of that Service port; the route's backendRef port. */
  readonly port: number;
  /** The server certificate the backend presents, when the chart issues it. */
  readonly serverCertificate?: ICertificate;
  /** The CA whose client certificates the backend requires; undefined when it requires none or it is not known. */
  readonly clientTrust?: CaTrust;
  /** The DNS names the backend's server certificate carries. */
  readonly tlsHostnames: readonly string[];
  /** The labels of the pods behind the Service, which a NetworkPolicy selects; undefined when unknown. */
  readonly podLabels?: Readonly<Record<string, string>>;
  /** How many pods serve the backend, when the chart runs them. */
  readonly replicas?: number;
  /**
   * How long the backend keeps an idle keep-alive connection open before it closes it, in seconds; the route's
   * BackendTrafficPolicy then makes Envoy close idle connections first. Undefined when not known.
   */
  readonly keepAliveTimeoutSeconds?: number;
  /**
   * The client subjects the backend admits (RFC 2253, as nginx reports them): empty while it admits every
   * certificate of its client CA. Undefined for a backend that pins no identity, or whose pins are not known.
   */
  readonly admittedClientSubjects?: readonly string[];
  /**
   * Admits a client certificate's identity, for a backend that pins its callers by subject (an MtlsFront); the
   * chart gives it Envoy's client certificate. Absent on a backend that pins no identity.
   */
  allowClient?(certificate: ICertificate): void;
}

/** The DNS names a Service answers to inside the cluster, shortest first. */
export function serviceDnsNames(name: string, namespace: string, clusterDomain = 'cluster.local'): string[] {
  return [name, `${name}.${namespace}`, `${name}.${namespace}.svc`, `${name}.${namespace}.svc.${clusterDomain}`];
}

/** The name Envoy verifies (and sends as SNI) by default: the certificate's cluster FQDN, else its first name. */
export function defaultTlsHostname(backend: IBackendService): string {
  const names = backend.tlsHostnames;
  return names.find((name) => name.endsWith('.svc.cluster.local')) ?? names[0] ?? '';
}
