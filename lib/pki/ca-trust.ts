import { checkDnsSubdomain } from '../checks/rules';
import { Construct } from 'constructs';
import { Certificate } from './certificate';
import { ICertificateIssuer } from './issuer';
import type { TrustBundle } from './trust-bundle';

/** The kinds a BackendTLSPolicy's `caCertificateRefs` can name: ConfigMap (core) or Secret (Envoy Gateway). */
export type CaTrustKind = 'ConfigMap' | 'Secret';

/**
 * Where a verifier reads the CA it trusts: the `ca.crt` key of a Secret or ConfigMap, together with the
 * issuer whose CA that is, so the chart can check it is the CA that signed the peer's certificate.
 */
export abstract class CaTrust {
  /**
   * The `ca.crt` that cert-manager writes into an issued certificate's Secret: the CA of that certificate's
   * issuer. The reference is local, so the verifier must be in the certificate's namespace.
   */
  public static fromCertificateSecret(certificate: Certificate): CaTrust {
    return new LocalCaTrust('Secret', certificate.secretName, certificate.issuer, certificate.namespace);
  }

  /** An existing Secret with a `ca.crt` key holding `authority`'s CA, in the verifier's namespace. */
  public static fromSecretName(scope: Construct, name: string, authority: ICertificateIssuer): CaTrust {
    return new LocalCaTrust('Secret', checkDnsSubdomain(scope, 'trust secret name', name), authority);
  }

  /** An existing ConfigMap with a `ca.crt` key holding `authority`'s CA, in the verifier's namespace. */
  public static fromConfigMapName(scope: Construct, name: string, authority: ICertificateIssuer): CaTrust {
    return new LocalCaTrust('ConfigMap', checkDnsSubdomain(scope, 'trust ConfigMap name', name), authority);
  }

  /**
   * The ConfigMap a trust-manager Bundle writes into every target namespace. The verifier's namespace must be
   * one of the Bundle's targets (see {@link TrustBundle.addTargetNamespace}).
   */
  public static fromBundle(bundle: TrustBundle): CaTrust {
    return new LocalCaTrust('ConfigMap', bundle.name, bundle.authority, undefined, bundle);
  }

  /** Secret or ConfigMap. */
  public abstract readonly kind: CaTrustKind;
  /** The object's name. */
  public abstract readonly name: string;
  /** The issuer whose CA the object holds. */
  public abstract readonly authority: ICertificateIssuer;
  /** The one namespace the object is known to exist in, or undefined when it exists wherever it is read. */
  public abstract readonly namespace?: string;
  /** The trust-manager Bundle that writes the object, when it is a Bundle's ConfigMap. */
  public abstract readonly bundle?: TrustBundle;
  /** The key the verifier reads. */
  public readonly key = 'ca.crt';
}

class LocalCaTrust extends CaTrust {
  constructor(
    public readonly kind: CaTrustKind,
    public readonly name: string,
    public readonly authority: ICertificateIssuer,
    public readonly namespace?: string,
    public readonly bundle?: TrustBundle,
  ) {
    super();
  }
}
