import { Construct } from 'constructs';
import { checkDataKey, checkDnsSubdomain } from '../checks/rules';
import { Certificate } from './certificate';

/** The Secret key trust-manager reads a CA from, in trust-manager's trust namespace. */
export abstract class TrustSource {
  /** The `ca.crt` of a CA Certificate the chart issues; it must live in trust-manager's trust namespace. */
  public static fromCertificate(certificate: Certificate): TrustSource {
    return new SecretTrustSource(certificate.secretName, 'ca.crt', certificate.namespace, certificate);
  }

  /** A Secret that already exists in trust-manager's trust namespace, e.g. the CA Secret of a ClusterIssuer. */
  public static fromSecretName(scope: Construct, name: string, key = 'ca.crt'): TrustSource {
    return new SecretTrustSource(checkDnsSubdomain(scope, 'trust source secret name', name), checkDataKey(scope, 'trust source key', key));
  }

  /** The Secret's name. */
  public abstract readonly secretName: string;
  /** The key holding the PEM CA. */
  public abstract readonly key: string;
  /** The namespace the Secret is known to live in; undefined for an existing Secret, assumed to be in the trust namespace. */
  public abstract readonly namespace?: string;
  /** The chart's Certificate that writes the Secret, when there is one. */
  public abstract readonly certificate?: Certificate;
}

class SecretTrustSource extends TrustSource {
  constructor(
    public readonly secretName: string,
    public readonly key: string,
    public readonly namespace?: string,
    public readonly certificate?: Certificate,
  ) {
    super();
  }
}
