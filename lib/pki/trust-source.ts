import { Construct } from 'constructs';
import { checkDataKey, checkDnsSubdomain } from '../checks/rules';
import { ICertificate } from './certificate';

/** What the chart must know about an existing Secret trust-manager reads a CA from. */
export interface TrustSourceAttributes {
  /** The Secret's name, in trust-manager's trust namespace. */
  readonly secretName: string;
  /** The key holding the PEM CA. @default 'ca.crt' */
  readonly key?: string;
}

/**
 * The Secret key trust-manager reads a CA from, in trust-manager's trust namespace.
 * @see https://cert-manager.io/docs/trust/trust-manager/api-reference/#bundle
 */
export abstract class TrustSource extends Construct {
  /** The `ca.crt` of a CA Certificate the chart issues; it must live in trust-manager's trust namespace. */
  public static fromCertificate(certificate: ICertificate): TrustSource {
    const source = sourceOf.get(certificate)
      ?? new SecretTrustSource(certificate, 'TrustSource', certificate.secretName, 'ca.crt', certificate.namespace, certificate);
    sourceOf.set(certificate, source);
    return source;
  }

  /** A Secret that already exists in trust-manager's trust namespace, with the CA under `ca.crt`. */
  public static fromSecretName(scope: Construct, id: string, secretName: string): TrustSource {
    return new SecretTrustSource(scope, id, secretName, 'ca.crt');
  }

  /** A Secret that already exists in trust-manager's trust namespace, e.g. the CA Secret of a ClusterIssuer. */
  public static fromSecretAttributes(scope: Construct, id: string, attrs: TrustSourceAttributes): TrustSource {
    return new SecretTrustSource(scope, id, attrs.secretName, attrs.key ?? 'ca.crt');
  }

  /** The Secret's name. */
  public abstract readonly secretName: string;
  /** The key holding the PEM CA. */
  public abstract readonly key: string;
  /** The namespace the Secret is known to live in; undefined for an existing Secret, assumed to be in the trust namespace. */
  public abstract readonly namespace?: string;
  /** The chart's Certificate that writes the Secret, when there is one. */
  public abstract readonly certificate?: ICertificate;
}

const sourceOf = new WeakMap<ICertificate, TrustSource>();

class SecretTrustSource extends TrustSource {
  public readonly secretName: string;

  constructor(
    scope: Construct,
    id: string,
    secretName: string,
    public readonly key: string,
    public readonly namespace?: string,
    public readonly certificate?: ICertificate,
  ) {
    super(scope, id);
    this.secretName = checkDnsSubdomain(this, 'secretName', secretName);
    checkDataKey(this, 'key', key);
  }
}
