import { Construct } from 'constructs';
import { checkDataKey, checkDnsSubdomain } from '../core/validate-props';
import { ICertificate } from './certificate';
import { ICertificateIssuer } from './issuer';
import type { TrustBundle } from './trust-bundle';

/** The kinds a CA can be read from: ConfigMap (Gateway API core, trust-manager) or Secret (Envoy Gateway, trust-manager). */
export type CaTrustKind = 'ConfigMap' | 'Secret';

/** What the chart must know about an existing Secret or ConfigMap that holds a CA. */
export interface CaTrustAttributes {
  /** The object's name; it must exist where it is read (the verifier's namespace, or trust-manager's trust namespace). */
  readonly name: string;
  /**
   * The key holding the PEM CA. A BackendTLSPolicy or Envoy Gateway Backend reads only `ca.crt`; another key suits a
   * trust-manager Bundle source only.
   * @default 'ca.crt'
   */
  readonly key?: string;
  /**
   * The issuer whose CA the object holds, so the wiring checks can tell whether it signed the peer's certificate.
   * @default - unknown; the checks cannot compare the CA with the peer certificate's issuer
   */
  readonly authority?: ICertificateIssuer;
}

/**
 * Where a CA is read from: a key of a Secret or ConfigMap, together with the issuer whose CA that is, so the chart
 * can check it is the CA that signed the peer's certificate. Verifiers (BackendTLSPolicy, Envoy Gateway Backend) read
 * it as `ca.crt` in their own namespace; a trust-manager Bundle reads it as its source in the trust namespace.
 * @see https://gateway-api.sigs.k8s.io/api-types/backendtlspolicy/
 * @see https://cert-manager.io/docs/trust/trust-manager/api-reference/#bundlespec
 */
export abstract class CaTrust extends Construct {
  /**
   * The `ca.crt` that cert-manager writes into an issued certificate's Secret: the CA of that certificate's
   * issuer. The reference is local, so the reader must be in the certificate's namespace.
   */
  public static fromCertificateSecret(certificate: ICertificate): CaTrust {
    const existing = certificate.node.tryFindChild(CERTIFICATE_TRUST_ID);
    if (existing instanceof CaTrust) return existing;
    return new LocalCaTrust(certificate, CERTIFICATE_TRUST_ID, {
      kind: 'Secret', name: certificate.secretName, authority: certificate.issuer, namespace: certificate.namespace, certificate,
    });
  }

  /** An existing Secret holding `authority`'s CA under `key` (default `ca.crt`), where it is read. */
  public static fromSecretAttributes(scope: Construct, id: string, attrs: CaTrustAttributes): CaTrust {
    return new LocalCaTrust(scope, id, { ...attrs, kind: 'Secret' });
  }

  /** An existing ConfigMap holding `authority`'s CA under `key` (default `ca.crt`), where it is read. */
  public static fromConfigMapAttributes(scope: Construct, id: string, attrs: CaTrustAttributes): CaTrust {
    return new LocalCaTrust(scope, id, { ...attrs, kind: 'ConfigMap' });
  }

  /**
   * The ConfigMap a trust-manager Bundle writes into every target namespace. The verifier's namespace must be
   * one of the Bundle's targets (see {@link TrustBundle.addTargetNamespace}).
   */
  public static fromBundle(bundle: TrustBundle): CaTrust {
    const existing = bundle.node.tryFindChild(CERTIFICATE_TRUST_ID);
    if (existing instanceof CaTrust) return existing;
    return new LocalCaTrust(bundle, CERTIFICATE_TRUST_ID, {
      kind: 'ConfigMap', name: bundle.name, key: bundle.key, authority: bundle.authority, bundle,
    });
  }

  /** Secret or ConfigMap. */
  public abstract readonly kind: CaTrustKind;
  /** The object's name. */
  public abstract readonly name: string;
  /** The key holding the PEM CA. */
  public abstract readonly key: string;
  /** The issuer whose CA the object holds; undefined when not known. */
  public abstract readonly authority?: ICertificateIssuer;
  /** The one namespace the object is known to exist in, or undefined when it exists wherever it is read. */
  public abstract readonly namespace?: string;
  /** The trust-manager Bundle that writes the object, when it is a Bundle's ConfigMap. */
  public abstract readonly bundle?: TrustBundle;
  /** The chart's Certificate whose Secret holds the CA, when there is one. */
  public abstract readonly certificate?: ICertificate;
}

/** The child id of the one CaTrust of a certificate's Secret or a Bundle's ConfigMap. */
const CERTIFICATE_TRUST_ID = 'CaTrust';

interface LocalCaTrustProps extends CaTrustAttributes {
  readonly kind: CaTrustKind;
  readonly namespace?: string;
  readonly bundle?: TrustBundle;
  readonly certificate?: ICertificate;
}

class LocalCaTrust extends CaTrust {
  public readonly kind: CaTrustKind;
  public readonly name: string;
  public readonly key: string;
  public readonly authority?: ICertificateIssuer;
  public readonly namespace?: string;
  public readonly bundle?: TrustBundle;
  public readonly certificate?: ICertificate;

  constructor(scope: Construct, id: string, props: LocalCaTrustProps) {
    super(scope, id);
    this.kind = props.kind;
    this.name = checkDnsSubdomain(this, 'name', props.name);
    this.key = checkDataKey(this, 'key', props.key ?? 'ca.crt');
    this.authority = props.authority;
    this.namespace = props.namespace;
    this.bundle = props.bundle;
    this.certificate = props.certificate;
  }
}
