import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as eg from '../../imports/gateway.envoyproxy.io';
import { checkDnsLabel, checkDnsSubdomain } from '../checks/rules';
import { IResource, objectMetadata, Resource, ResourceProps } from '../core/resource';
import { ICertificate } from '../pki/certificate';

/**
 * Envoy Gateway's EnvoyProxy, rendered by the chart or owned by a platform team.
 * @see https://gateway.envoyproxy.io/docs/api/extension_types/#envoyproxy
 */
export interface IEnvoyProxy extends IResource {
  /** The EnvoyProxy's namespace. */
  readonly namespace: string;
  /** The client certificate Envoy presents to every TLS backend, when set and known. */
  readonly clientCertificate?: ICertificate;
}

/** What the chart must know about an EnvoyProxy it does not render. */
export interface EnvoyProxyAttributes {
  /** The EnvoyProxy's name. */
  readonly name: string;
  /** The EnvoyProxy's namespace. */
  readonly namespace: string;
  /** The client certificate its `backendTLS.clientCertificateRef` names. @default - none known */
  readonly clientCertificate?: ICertificate;
}

/** Props for {@link EnvoyProxy}. */
export interface EnvoyProxyProps extends ResourceProps {
  /** The EnvoyProxy's name. @default - derived from the construct path */
  readonly name?: string;
  /** The EnvoyProxy's namespace; the client certificate's Secret must be here too. */
  readonly namespace: string;
  /**
   * The client certificate Envoy presents to every TLS backend (`spec.backendTLS.clientCertificateRef`).
   * @default - Envoy presents no client certificate
   * @see https://gateway.envoyproxy.io/docs/api/extension_types/#backendtlsconfig
   */
  readonly clientCertificate?: ICertificate;
}

/** Envoy Gateway's EnvoyProxy: the data-plane settings a GatewayClass or Gateway points at. */
export class EnvoyProxy extends Resource implements IEnvoyProxy {
  /** An EnvoyProxy the chart does not render, e.g. the platform team's. */
  public static fromEnvoyProxyAttributes(scope: Construct, id: string, attrs: EnvoyProxyAttributes): IEnvoyProxy {
    return new ImportedEnvoyProxy(scope, id, attrs);
  }

  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  /** The client certificate Envoy presents to backends, if any. */
  public readonly clientCertificate?: ICertificate;

  constructor(scope: Construct, id: string, props: EnvoyProxyProps) {
    super(scope, id);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.clientCertificate = props.clientCertificate;
    this.apiObject = new eg.EnvoyProxy(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: this.clientCertificate
        ? { backendTls: { clientCertificateRef: { group: '', kind: 'Secret', name: this.clientCertificate.secretName } } }
        : {},
    });
    this.name = this.apiObject.name;
  }
}

class ImportedEnvoyProxy extends Construct implements IEnvoyProxy {
  public readonly name: string;
  public readonly namespace: string;
  public readonly clientCertificate?: ICertificate;

  constructor(scope: Construct, id: string, attrs: EnvoyProxyAttributes) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', attrs.name);
    this.namespace = checkDnsLabel(this, 'namespace', attrs.namespace);
    this.clientCertificate = attrs.clientCertificate;
  }
}
