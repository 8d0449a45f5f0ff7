import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { checkDnsSubdomain, checkHostname } from '../checks/rules';
import { CaTrust } from '../pki/ca-trust';
import { defaultTlsHostname, IBackendService } from '../workloads/backend-service';

/** Props for {@link BackendTlsPolicy}. */
export interface BackendTlsPolicyProps {
  /** The policy's name. @default 'backend-mtls-policy' */
  readonly name?: string;
  /** The backend whose TLS port the policy covers; the policy lives in its namespace. */
  readonly backend: IBackendService;
  /**
   * The name Envoy sends as SNI and checks against the server certificate.
   * @default - the backend's fully qualified Service name when its certificate carries it, else its first name
   */
  readonly hostname?: string;
  /** Where Envoy reads the CA that must have signed the backend's server certificate. */
  readonly trust: CaTrust;
}

/** A Gateway API v1 BackendTLSPolicy: Envoy speaks TLS to the backend port and verifies its certificate. */
export class BackendTlsPolicy extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  public readonly backend: IBackendService;
  public readonly hostname: string;
  public readonly trust: CaTrust;

  constructor(scope: Construct, id: string, props: BackendTlsPolicyProps) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'backend-mtls-policy');
    this.backend = props.backend;
    this.namespace = props.backend.namespace;
    this.trust = props.trust;
    this.hostname = checkHostname(this, 'hostname', props.hostname ?? defaultTlsHostname(props.backend));

    new gw.BackendTlsPolicy(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: this.backend.serviceName, sectionName: this.backend.portName }],
        validation: {
          hostname: this.hostname,
          caCertificateRefs: [{ group: '', kind: this.trust.kind, name: this.trust.name }],
        },
      },
    });
  }
}
