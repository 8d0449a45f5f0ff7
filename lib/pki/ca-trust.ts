import { Construct, IConstruct } from 'constructs';
import { checkDnsSubdomain } from '../checks/rules';
import { ICertificate } from './certificate';
import { ICertificateIssuer } from './issuer';
import type { TrustBundle } from './trust-bundle';

/** The kinds a BackendTLSPolicy's `caCertificateRefs` can name: ConfigMap (core) or Secret (Envoy Gateway). */
export type CaTrustKind = 'ConfigMap' | 'Secret';

/** What the chart must know about an existing Secret or ConfigMap that holds a CA as `ca.crt`. */
export interface CaTrustAttributes {
  /** The object's name; it must exist in the verifier's namespace. */
  readonly name: string;
  /** The issuer whose CA the object holds, so the wiring checks can tell whether it signed the peer's certificate. */
  readonly authority: ICertificateIssuer;
}

/**
 * Where a verifier reads the CA it trusts: the `ca.crt` key of a Secret or ConfigMap, together with the
 * issuer whose CA that is, so the chart can check it is the CA that signed the peer's certificate.
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
 */
export abstract class CaTrust extends Construct {
  /**
   * The `ca.crt` that cert-manager writes into an issued certificate's Secret: the CA of that certificate's
   * issuer. The reference is local, so the verifier must be in the certificate's namespace.
   */
  public static fromCertificateSecret(certificate: ICertificate): CaTrust {
    return once(certificate, () =>
      new LocalCaTrust(certificate, 'CaTrust', 'Secret', certificate.secretName, certificate.issuer, certificate.namespace));
  }

  /** An existing Secret with a `ca.crt` key holding `authority`'s CA, in the verifier's namespace. */
  public static fromSecretAttributes(scope: Construct, id: string, attrs: CaTrustAttributes): CaTrust {
    return new LocalCaTrust(scope, id, 'Secret', attrs.name, attrs.authority);
  }

  /** An existing ConfigMap with a `ca.crt` key holding `authority`'s CA, in the verifier's namespace. */
  public static fromConfigMapAttributes(scope: Construct, id: string, attrs: CaTrustAttributes): CaTrust {
    return new LocalCaTrust(scope, id, 'ConfigMap', attrs.name, attrs.authority);
  }

  /**
   * The ConfigMap a trust-manager Bundle writes into every target namespace. The verifier's namespace must be
   * one of the Bundle's targets (see {@link TrustBundle.addTargetNamespace}).
   */
  public static fromBundle(bundle: TrustBundle): CaTrust {
    return once(bundle, () => new LocalCaTrust(bundle, 'CaTrust', 'ConfigMap', bundle.name, bundle.authority, undefined, bundle));
  }

  /** Secret or ConfigMap. */
  public abstract readonly kind: CaTrustKind;
  /** The object's name. */
  public abstract readonly name: string;
  /** The issuer whose CA the object holds; undefined when not known. */
  public abstract readonly authority?: ICertificateIssuer;
  /** The one namespace the object is known to exist in, or undefined when it exists wherever it is read. */
  public abstract readonly namespace?: string;
  /** The trust-manager Bundle that writes the object, when it is a Bundle's ConfigMap. */
  public abstract readonly bundle?: TrustBundle;
  /** The key the verifier reads. */
  public readonly key = 'ca.crt';
}

const trustOf = new WeakMap<IConstruct, CaTrust>();

/** The one CaTrust of a certificate's Secret or a Bundle's ConfigMap, however often it is asked for. */
function once(owner: IConstruct, create: () => CaTrust): CaTrust {
  const trust = trustOf.get(owner) ?? create();
  trustOf.set(owner, trust);
  return trust;
}

class LocalCaTrust extends CaTrust {
  public readonly name: string;

  constructor(
    scope: Construct,
    id: string,
    public readonly kind: CaTrustKind,
    name: string,
    public readonly authority?: ICertificateIssuer,
    public readonly namespace?: string,
    public readonly bundle?: TrustBundle,
  ) {
    super(scope, id);
    this.name = checkDnsSubdomain(this, 'name', name);
  }
}
