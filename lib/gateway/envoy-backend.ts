import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as eg from '../../imports/gateway.envoyproxy.io';
import { objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkHostname, checkKnownKeys, checkVerifierCaKey, fail } from '../core/validate-props';
import { CaTrust } from '../pki/ca-trust';
import { ICertificate } from '../pki/certificate';
import { defaultTlsHostname, IBackendService } from '../workloads/backend-service';

/** The API group of Envoy Gateway's extension kinds. */
export const ENVOY_GATEWAY_GROUP = 'gateway.envoyproxy.io';

/** Props for {@link EnvoyBackend}. */
export interface EnvoyBackendProps extends ResourceProps {
  /** The Backend's name. @default - the Service's name */
  readonly name?: string;
  /**
   * The Service whose cluster DNS name and TLS port the Backend resolves; the Backend lives in its namespace.
   * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendendpoint
   */
  readonly service: IBackendService;
  /**
   * The client certificate Envoy presents to this backend only; its Secret must be in the Service's namespace.
   * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendtlssettings
   */
  readonly clientCertificate: ICertificate;
  /**
   * Where Envoy reads the CA that must have signed the backend's server certificate; local to the namespace.
   * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendtlssettings
   */
  readonly trust: CaTrust;
  /**
   * The SNI Envoy sends, which the server certificate must carry.
   * @default - the Service's fully qualified name when its certificate carries it, else its first name
   * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendtlssettings
   */
  readonly sni?: string;
  /** The cluster DNS domain of the Service's FQDN. @default 'cluster.local' */
  readonly clusterDomain?: string;
}

const ENVOY_BACKEND_PROPS_KEYS = {
  metadata: true, name: true, service: true, clientCertificate: true, trust: true, sni: true, clusterDomain: true,
} satisfies Record<keyof EnvoyBackendProps, true>;

/**
 * Envoy Gateway's `Backend` (gateway.envoyproxy.io/v1alpha1) in front of an in-cluster Service: an FQDN endpoint
 * with its own TLS settings, so each backend can get its own client certificate (Envoy Gateway v1.6+, Backend API
 * enabled with `extensionApis.enableBackend: true`). A route's backendRef points at it instead of the Service.
 * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backend
 */
export class EnvoyBackend extends Resource {
  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The Service the Backend resolves. */
  public readonly service: IBackendService;
  /** The client certificate Envoy presents to this backend. */
  public readonly clientCertificate: ICertificate;
  /** Where Envoy reads the CA that must have signed the backend's server certificate. */
  public readonly trust: CaTrust;
  /** The SNI Envoy sends, which the server certificate carries. */
  public readonly sni: string;
  /** The endpoint Envoy resolves: the Service's cluster DNS name. */
  public readonly fqdn: string;
  /** The endpoint's port: the Service's TLS port. */
  public readonly port: number;

  constructor(scope: Construct, id: string, props: EnvoyBackendProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, ENVOY_BACKEND_PROPS_KEYS);
    this.service = props.service;
    this.name = props.name ?? props.service.serviceName;
    this.namespace = props.service.namespace;
    this.clientCertificate = props.clientCertificate;
    this.trust = props.trust;
    checkVerifierCaKey(this, 'trust.key', this.trust.key);
    this.port = props.service.port;
    this.fqdn = checkHostname(this, 'fqdn', `${props.service.serviceName}.${this.namespace}.svc.${props.clusterDomain ?? 'cluster.local'}`);
    this.sni = checkHostname(this, 'sni', props.sni ?? defaultTlsHostname(props.service));
    if (this.clientCertificate.namespace !== this.namespace) {
      fail(this, 'clientCertificate.namespace', this.clientCertificate.namespace, `must be the Backend's namespace "${this.namespace}": the chart `
        + `references the client Secret locally`);
    }
    if (this.clientCertificate.usages && !this.clientCertificate.usages.includes('client auth')) {
      fail(this, 'clientCertificate.usages', this.clientCertificate.usages, 'must include "client auth": the backend rejects a certificate '
        + 'without the clientAuth extended key usage');
    }

    this.apiObject = new eg.Backend(this, 'Resource', {
      metadata: objectMetadata(this, { ...props, name: this.name }, this.namespace),
      spec: {
        endpoints: [{ fqdn: { hostname: this.fqdn, port: this.port } }],
        tls: {
          sni: this.sni,
          caCertificateRefs: [{ group: '', kind: this.trust.kind, name: this.trust.name }],
          clientCertificateRef: { group: '', kind: 'Secret', name: this.clientCertificate.secretName },
        },
      },
    });
  }
}
