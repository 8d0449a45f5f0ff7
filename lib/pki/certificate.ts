import { ApiObject } from 'cdk8s';
import { Construct } from 'constructs';
import * as cm from '../../imports/cert-manager.io';
import { IResource, objectMetadata, Resource, ResourceProps } from '../core/resource';
import { checkCertificateDurations, checkDnsLabel, checkDnsSubdomain, checkHostname, checkKnownKeys, checkText, fail } from '../core/validate-props';
import { checkIssuer, ICertificateIssuer } from './issuer';

/** Key usages cert-manager accepts in `spec.usages`. */
export type CertificateUsage = `${cm.CertificateSpecUsages}`;

/** Private key algorithms cert-manager accepts. */
export type KeyAlgorithm = 'ECDSA' | 'RSA' | 'Ed25519';

/** The private key of a Certificate. */
export interface PrivateKey {
  /**
   * The key algorithm.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey
   */
  readonly algorithm: KeyAlgorithm;
  /**
   * The key size: 256, 384 or 521 for ECDSA; 2048 to 8192 for RSA; none for Ed25519.
   * @default - 256 for ECDSA, 2048 for RSA
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey
   */
  readonly size?: number;
  /**
   * Whether a renewal generates a new key (`Always`) or keeps the one in the Secret (`Never`). A CA keeps its key,
   * so certificates it signed before a renewal still verify against the renewed CA certificate.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey
   * @default 'Always'
   */
  readonly rotationPolicy?: KeyRotationPolicy;
}

/** The fields of {@link PrivateKey}, which every prop of that type admits; TypeScript keeps the list complete. */
export const PRIVATE_KEY_KEYS = { algorithm: true, size: true, rotationPolicy: true } satisfies Record<keyof PrivateKey, true>;

/**
 * A TLS certificate and the Secret that holds it: one the chart issues, or an existing Secret.
 * @see https://cert-manager.io/docs/usage/certificate/
 */
export interface ICertificate extends IResource {
  /** The namespace of the certificate and its Secret. */
  readonly namespace: string;
  /** The Secret holding `tls.crt`, `tls.key` and, from cert-manager, `ca.crt`. */
  readonly secretName: string;
  /** The issuer that signs it; undefined when not known (an existing Secret). */
  readonly issuer?: ICertificateIssuer;
  /** DNS subjectAltNames; empty when none or not known. */
  readonly dnsNames: readonly string[];
  /** Key usages and extended key usages; undefined when not known (an existing Secret). */
  readonly usages?: readonly CertificateUsage[];
  /** Whether it is a CA certificate. */
  readonly isCa: boolean;
  /** The subject's common name, by which a backend pins the client identity; undefined when none or not known. */
  readonly commonName?: string;
}

/** What the chart must know about a TLS Secret it does not issue, such as an existing client certificate. */
export interface CertificateSecretAttributes {
  /** The Secret's name. */
  readonly secretName: string;
  /** The Secret's namespace. */
  readonly namespace: string;
  /** The issuer that signed the certificate, so the wiring checks can compare CAs. @default - unknown; CA checks are skipped */
  readonly issuer?: ICertificateIssuer;
  /** The certificate's DNS names. @default - none known */
  readonly dnsNames?: string[];
  /** The certificate's usages. @default - unknown; usage checks are skipped */
  readonly usages?: CertificateUsage[];
  /** The subject's common name, so a backend can pin it as the client identity. @default - not known */
  readonly commonName?: string;
}

/** cert-manager's `spec.privateKey.rotationPolicy`. */
export type KeyRotationPolicy = 'Always' | 'Never';

/** Props for {@link Certificate}. */
export interface CertificateProps extends ResourceProps {
  /**
   * The issuer that signs this certificate; a namespaced Issuer only signs in its own namespace.
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
   */
  readonly issuer: ICertificateIssuer;
  /** The Certificate's name. */
  readonly name: string;
  /**
   * The Certificate's namespace, where its Secret is written.
   * @default - the issuer's namespace (required with a ClusterIssuer)
   */
  readonly namespace?: string;
  /**
   * The Secret that receives `tls.crt`, `tls.key` and `ca.crt`.
   * @default - the Certificate's name
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
   */
  readonly secretName?: string;
  /**
   * The subject's common name; a pinned client identity names it.
   * @default - no commonName; the certificate is identified by its dnsNames
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
   */
  readonly commonName?: string;
  /**
   * DNS subjectAltNames. @default - none
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
   */
  readonly dnsNames?: string[];
  /**
   * Key usages and extended key usages. @default - ['digital signature', 'key encipherment']
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.KeyUsage
   */
  readonly usages?: CertificateUsage[];
  /**
   * Whether this is a CA certificate that may sign others. @default false
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
   */
  readonly isCa?: boolean;
  /**
   * Requested lifetime, as a Go duration. @default '2160h' (90 days)
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
   */
  readonly duration?: string;
  /**
   * How long before expiry cert-manager renews it; shorter than duration. @default '360h' (15 days)
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificateSpec
   */
  readonly renewBefore?: string;
  /**
   * The private key. @default - ECDSA P-256, a new key on every renewal
   * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.CertificatePrivateKey
   */
  readonly privateKey?: PrivateKey;
}

const CERTIFICATE_PROPS_KEYS = {
  metadata: true, issuer: true, name: true, namespace: true, secretName: true, commonName: true, dnsNames: true, usages: true, isCa: true,
  duration: true, renewBefore: true, privateKey: true,
} satisfies Record<keyof CertificateProps, true>;

// A Map, not an object literal: a user's algorithm such as "__proto__" must not find Object.prototype.
const KEY_SIZES = new Map<string, { default?: number; allowed: (size: number) => boolean; rule: string }>([
  ['ECDSA', { default: 256, allowed: (size) => [256, 384, 521].includes(size), rule: 'must be 256, 384 or 521 for ECDSA' }],
  ['RSA', { default: 2048, allowed: (size) => Number.isInteger(size) && size >= 2048 && size <= 8192, rule: 'must be from 2048 to 8192 for RSA' }],
  ['Ed25519', { allowed: () => false, rule: 'must be left out for Ed25519, whose size is fixed' }],
]);

const USAGES: readonly string[] = Object.values(cm.CertificateSpecUsages);

/**
 * A cert-manager Certificate whose Secret holds `tls.crt`, `tls.key` and the issuing CA as `ca.crt`.
 * @see https://cert-manager.io/docs/reference/api-docs/#cert-manager.io/v1.Certificate
 */
export class Certificate extends Resource implements ICertificate {
  /** A TLS Secret the chart does not issue, e.g. an existing client certificate for Envoy. */
  public static fromSecretAttributes(scope: Construct, id: string, attrs: CertificateSecretAttributes): ICertificate {
    return new ExistingCertificate(scope, id, attrs);
  }

  public readonly apiObject: ApiObject;
  public readonly name: string;
  public readonly namespace: string;
  public readonly secretName: string;
  public readonly issuer: ICertificateIssuer;
  public readonly commonName?: string;
  public readonly dnsNames: readonly string[];
  public readonly usages: readonly CertificateUsage[];
  public readonly isCa: boolean;
  /** The requested lifetime, as a Go duration. */
  public readonly duration: string;
  /** How long before expiry cert-manager renews the certificate, as a Go duration. */
  public readonly renewBefore: string;
  /** The private key settings, with the algorithm and rotation policy filled in. */
  public readonly privateKey: Required<Pick<PrivateKey, 'algorithm' | 'rotationPolicy'>> & PrivateKey;

  constructor(scope: Construct, id: string, props: CertificateProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, CERTIFICATE_PROPS_KEYS);
    checkKnownKeys(this, 'privateKey', props.privateKey, PRIVATE_KEY_KEYS);
    this.issuer = checkIssuer(this, 'issuer', props.issuer);
    this.name = checkDnsSubdomain(this, 'name', props.name);
    const namespace = props.namespace ?? props.issuer.namespace;
    if (!namespace) {fail(this, 'namespace', namespace, `must be set: issuer ${props.issuer.kind} ${props.issuer.name} is cluster-scoped, so the `
      + `Certificate's namespace cannot be derived from it`);}
    this.namespace = checkDnsLabel(this, 'namespace', namespace);
    this.secretName = checkDnsSubdomain(this, 'secretName', props.secretName ?? props.name);
    this.commonName = props.commonName === undefined ? undefined : checkText(this, 'commonName', props.commonName, 1, 64, ' (X.509 ub-common-name)');
    this.dnsNames = (props.dnsNames ?? []).map((name, index) => checkHostname(this, `dnsNames[${index}]`, name, { wildcard: true }));
    this.usages = props.usages ?? ['digital signature', 'key encipherment'];
    this.usages.forEach((usage, index) => {
      if (!USAGES.includes(usage)) fail(this, `usages[${index}]`, usage, `is not a cert-manager key usage; use one of: ${USAGES.join(', ')}`);
    });
    this.isCa = props.isCa ?? false;
    this.duration = props.duration ?? '2160h';
    this.renewBefore = props.renewBefore ?? '360h';
    checkCertificateDurations(this, this.duration, this.renewBefore);
    this.privateKey = this.checkPrivateKey(props.privateKey ?? { algorithm: 'ECDSA' });
    if (!this.commonName && this.dnsNames.length === 0 && !this.isCa) {
      fail(this, 'dnsNames', [], 'must name at least one DNS name, or set commonName: cert-manager rejects a Certificate with no subject');
    }
    if (this.issuer.kind === 'Issuer' && this.issuer.namespace !== this.namespace) {
      fail(this, 'namespace', this.namespace, `must equal the namespace of Issuer ${this.issuer.name} ("${this.issuer.namespace}"): a namespaced `
        + `Issuer signs only in its own namespace; use a ClusterIssuer to sign across namespaces`);
    }

    this.apiObject = new cm.Certificate(this, 'Resource', {
      metadata: objectMetadata(this, props, this.namespace),
      spec: {
        secretName: this.secretName,
        commonName: this.commonName,
        dnsNames: this.dnsNames.length > 0 ? [...this.dnsNames] : undefined,
        usages: this.usages.map((usage) => usage as cm.CertificateSpecUsages),
        isCa: this.isCa || undefined,
        duration: this.duration,
        renewBefore: this.renewBefore,
        privateKey: {
          algorithm: this.privateKey.algorithm as cm.CertificateSpecPrivateKeyAlgorithm,
          size: this.privateKey.size,
          rotationPolicy: this.privateKey.rotationPolicy as cm.CertificateSpecPrivateKeyRotationPolicy,
        },
        issuerRef: { group: 'cert-manager.io', kind: this.issuer.kind, name: this.issuer.name },
      },
    });
  }

  /** Whether the certificate's extended key usage allows the given purpose. */
  public hasUsage(usage: CertificateUsage): boolean {
    return this.usages.includes(usage);
  }

  private checkPrivateKey(key: PrivateKey): PrivateKey & { algorithm: KeyAlgorithm; rotationPolicy: KeyRotationPolicy } {
    const rules = KEY_SIZES.get(key.algorithm);
    if (!rules) fail(this, 'privateKey.algorithm', key.algorithm, 'must be one of ECDSA, RSA, Ed25519');
    const size = key.size ?? rules.default;
    if (size !== undefined && !rules.allowed(size)) fail(this, 'privateKey.size', size, rules.rule);
    const rotationPolicy = key.rotationPolicy ?? 'Always';
    if (rotationPolicy !== 'Always' && rotationPolicy !== 'Never') fail(this, 'privateKey.rotationPolicy', rotationPolicy, 'must be Always or Never');
    return { algorithm: key.algorithm, size, rotationPolicy };
  }
}

class ExistingCertificate extends Construct implements ICertificate {
  public readonly name: string;
  public readonly namespace: string;
  public readonly secretName: string;
  public readonly issuer?: ICertificateIssuer;
  public readonly dnsNames: readonly string[];
  public readonly usages?: readonly CertificateUsage[];
  public readonly isCa = false;
  public readonly commonName?: string;

  constructor(scope: Construct, id: string, attrs: CertificateSecretAttributes) {
    super(scope, id);
    this.secretName = checkDnsSubdomain(this, 'secretName', attrs.secretName);
    this.name = this.secretName;
    this.namespace = checkDnsLabel(this, 'namespace', attrs.namespace);
    this.issuer = attrs.issuer;
    this.dnsNames = (attrs.dnsNames ?? []).map((name, index) => checkHostname(this, `dnsNames[${index}]`, name, { wildcard: true }));
    attrs.usages?.forEach((usage, index) => {
      if (!USAGES.includes(usage)) fail(this, `usages[${index}]`, usage, `is not a cert-manager key usage; use one of: ${USAGES.join(', ')}`);
    });
    this.usages = attrs.usages;
    this.commonName = attrs.commonName === undefined ? undefined : checkText(this, 'commonName', attrs.commonName, 1, 64, ' (X.509 ub-common-name)');
  }
}
