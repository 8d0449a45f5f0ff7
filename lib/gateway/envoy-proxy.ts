import { Construct } from 'constructs';
import * as eg from '../../imports/gateway.envoyproxy.io';
import { checkDnsLabel, checkDnsSubdomain } from '../checks/rules';
import { Certificate } from '../pki/certificate';

/** Props for {@link EnvoyProxy}. */
export interface EnvoyProxyProps {
  /** The EnvoyProxy's name. @default 'custom-proxy-mtls' */
  readonly name?: string;
  /** The EnvoyProxy's namespace; the client certificate's Secret must be here too. */
  readonly namespace: string;
  /**
   * The client certificate Envoy presents to every TLS backend (`spec.backendTLS.clientCertificateRef`).
   * @default - Envoy presents no client certificate
   */
  readonly clientCertificate?: Certificate;
}

/** Envoy Gateway's EnvoyProxy: the data-plane settings a GatewayClass or Gateway points at. */
export class EnvoyProxy extends Construct {
  public readonly name: string;
  public readonly namespace: string;
  /** The client certificate Envoy presents to backends, if any. */
  public readonly clientCertificate?: Certificate;

  constructor(scope: Construct, id: string, props: EnvoyProxyProps) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', props.name ?? 'custom-proxy-mtls');
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.clientCertificate = props.clientCertificate;
    new eg.EnvoyProxy(this, 'Resource', {
      metadata: { name: this.name, namespace: this.namespace },
      spec: this.clientCertificate
        ? { backendTls: { clientCertificateRef: { group: '', kind: 'Secret', name: this.clientCertificate.secretName } } }
        : {},
    });
  }
}
