import { Construct } from 'constructs';
import { checkDnsLabel, checkHostname, checkLabels, checkPort, checkPortName, checkServiceName, fail } from '../core/validate-props';
import type { CaTrust } from '../pki/ca-trust';
import { ICertificate } from '../pki/certificate';
import { IBackendService } from './backend-service';

/** What the chart must know about a TLS Service it does not deploy. */
export interface BackendServiceAttributes {
  /** The Service's name. */
  readonly serviceName: string;
  /** The Service's namespace. */
  readonly namespace: string;
  /** The Service's TLS port. */
  readonly port: number;
  /** The name of that port, which the BackendTLSPolicy's sectionName names. @default 'https' */
  readonly portName?: string;
  /** The hostname the backend's server certificate carries; Envoy sends it as SNI and verifies it. @default - the server certificate's DNS names */
  readonly hostname?: string;
  /** The server certificate the backend presents, when a chart issues it. @default - not known */
  readonly serverCertificate?: ICertificate;
  /** The labels of the Service's pods, for the NetworkPolicy. @default - unknown; no NetworkPolicy is rendered */
  readonly podLabels?: Record<string, string>;
  /** The CA whose client certificates the backend requires, so the wiring checks compare it with Envoy's. @default - not known */
  readonly clientTrust?: CaTrust;
}

/** A TLS Service that already exists in the cluster: the chart routes to it and secures it, but does not deploy it. */
export class ExistingBackendService extends Construct implements IBackendService {
  /** An existing TLS Service, described by the user. */
  public static fromServiceAttributes(scope: Construct, id: string, attrs: BackendServiceAttributes): IBackendService {
    return new ExistingBackendService(scope, id, attrs);
  }

  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly port: number;
  public readonly portName: string;
  public readonly tlsHostnames: readonly string[];
  public readonly podLabels?: Readonly<Record<string, string>>;
  public readonly clientTrust?: CaTrust;
  public readonly serverCertificate?: ICertificate;

  private constructor(scope: Construct, id: string, attrs: BackendServiceAttributes) {
    super(scope, id);
    this.serviceName = checkServiceName(this, 'serviceName', attrs.serviceName);
    this.namespace = checkDnsLabel(this, 'namespace', attrs.namespace);
    this.port = checkPort(this, 'port', attrs.port);
    this.portName = checkPortName(this, 'portName', attrs.portName ?? 'https');
    this.serverCertificate = attrs.serverCertificate;
    if (attrs.hostname === undefined && !attrs.serverCertificate) {fail(this, 'hostname', undefined, 'must be set when no serverCertificate is '
      + 'given: Envoy sends it as SNI and verifies it');}
    this.tlsHostnames = attrs.hostname === undefined ? attrs.serverCertificate!.dnsNames : [checkHostname(this, 'hostname', attrs.hostname)];
    this.podLabels = checkLabels(this, 'podLabels', attrs.podLabels);
    this.clientTrust = attrs.clientTrust;
  }
}
