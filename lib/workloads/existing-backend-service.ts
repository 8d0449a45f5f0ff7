import { Construct } from 'constructs';
import { checkDnsLabel, checkHostname, checkLabels, checkPort, checkPortName, checkServiceName } from '../checks/rules';
import { IBackendService } from './backend-service';

/** What the chart must know about a TLS Service it does not deploy. */
export interface ExistingBackendServiceOptions {
  /** The Service's namespace. */
  readonly namespace: string;
  /** The Service's TLS port. */
  readonly port: number;
  /** The name of that port, which the BackendTLSPolicy's sectionName names. @default 'https' */
  readonly portName?: string;
  /** The hostname the backend's server certificate carries; Envoy sends it as SNI and verifies it. */
  readonly hostname: string;
  /** The labels of the Service's pods, for the NetworkPolicy. @default - unknown; no NetworkPolicy is rendered */
  readonly podLabels?: Record<string, string>;
}

/** A TLS Service that already exists in the cluster: the chart routes to it and secures it, but does not deploy it. */
export class ExistingBackendService implements IBackendService {
  /** An existing Service, named by the user; `scope` names the construct in error messages. */
  public static fromServiceName(scope: Construct, name: string, options: ExistingBackendServiceOptions): IBackendService {
    return new ExistingBackendService(
      checkServiceName(scope, 'existing service name', name),
      checkDnsLabel(scope, 'existing service namespace', options.namespace),
      checkPort(scope, 'existing service port', options.port),
      checkPortName(scope, 'existing service portName', options.portName ?? 'https'),
      [checkHostname(scope, 'existing service hostname', options.hostname)],
      checkLabels(scope, 'existing service podLabels', options.podLabels),
    );
  }

  private constructor(
    public readonly serviceName: string,
    public readonly namespace: string,
    public readonly port: number,
    public readonly portName: string,
    public readonly tlsHostnames: readonly string[],
    public readonly podLabels?: Readonly<Record<string, string>>,
  ) {}
}
