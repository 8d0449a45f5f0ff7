import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as gw from '../../imports/gateway.networking.k8s.io';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkHostname, checkKnownKeys, checkVerifierCaKey } from '../core/validate-props';
import { CaTrust } from '../pki/ca-trust';
import { defaultTlsHostname, IBackendService } from '../workloads/backend-service';

/** Props for {@link BackendTlsPolicy}. */
export interface BackendTlsPolicyProps extends ResourceProps {
  /** The policy's name. @default - derived from the construct path */
  readonly name?: string;
  /**
   * The backend whose TLS port the policy covers; the policy lives in its namespace.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendtlspolicyspec
   */
  readonly backend: IBackendService;
  /**
   * The name Envoy sends as SNI and checks against the server certificate.
   * @default - the backend's fully qualified Service name when its certificate carries it, else its first name
   * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
   */
  readonly hostname?: string;
  /**
   * Where Envoy reads the CA that must have signed the backend's server certificate.
   * @see https://gateway-api.sigs.k8s.io/reference/spec/#backendtlspolicyvalidation
   */
  readonly trust: CaTrust;
}

const BACKEND_TLS_POLICY_PROPS_KEYS = {
  metadata: true, name: true, backend: true, hostname: true, trust: true,
} satisfies Record<keyof BackendTlsPolicyProps, true>;

/**
 * A Gateway API v1 BackendTLSPolicy: Envoy speaks TLS to the backend port and verifies its certificate.
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
 */
export class BackendTlsPolicy extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The backend whose TLS port the policy covers. */
  public readonly backend: IBackendService;
  /** The name Envoy sends as SNI and checks against the server certificate. */
  public readonly hostname: string;
  /** Where Envoy reads the CA that must have signed the backend's server certificate. */
  public readonly trust: CaTrust;

  constructor(scope: Construct, id: string, props: BackendTlsPolicyProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, BACKEND_TLS_POLICY_PROPS_KEYS);
    this.backend = props.backend;
    this.namespace = props.backend.namespace;
    this.trust = props.trust;
    checkVerifierCaKey(this, 'trust.key', this.trust.key);
    this.hostname = checkHostname(this, 'hostname', props.hostname ?? defaultTlsHostname(props.backend));

    this.apiObject = new gw.BackendTlsPolicy(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: {
        targetRefs: [{ group: '', kind: 'Service', name: this.backend.serviceName, sectionName: this.backend.portName }],
        validation: {
          hostname: this.hostname,
          caCertificateRefs: [{ group: '', kind: this.trust.kind, name: this.trust.name }],
        },
      },
    });
    this.name = this.apiObject.name;
  }
}
