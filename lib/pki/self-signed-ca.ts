import { Names } from 'cdk8s';
import { Construct } from 'constructs';
import { checkDnsLabel, checkDnsSubdomain, checkKnownKeys, fail } from '../core/validate-props';
import { Certificate, PRIVATE_KEY_KEYS, PrivateKey } from './certificate';
import { ICertificateIssuer, Issuer } from './issuer';

/** Props for {@link SelfSignedCa}. */
export interface SelfSignedCaProps {
  /** The namespace of the CA chain; its Issuer signs Certificates there only. */
  readonly namespace: string;
  /** Prefix of the three objects' names (`<prefix>-selfsigned`, `<prefix>-ca`, `<prefix>-ca-issuer`). @default - derived from the construct path */
  readonly namePrefix?: string;
  /** The CA's common name. @default '<namePrefix>-ca' */
  readonly commonName?: string;
  /** The CA certificate's lifetime. @default '87600h' (10 years) */
  readonly duration?: string;
  /** When cert-manager renews the CA. @default '720h' (30 days) */
  readonly renewBefore?: string;
  /**
   * The CA's private key. Its rotationPolicy defaults to `Never`: a renewed CA certificate keeps the key, subject
   * and so the identity every issued certificate chains to, so renewing the CA breaks no certificate it signed.
   * @default - ECDSA P-256, kept across renewals
   */
  readonly privateKey?: PrivateKey;
}

const SELF_SIGNED_CA_PROPS_KEYS = {
  namespace: true, namePrefix: true, commonName: true, duration: true, renewBefore: true, privateKey: true,
} satisfies Record<keyof SelfSignedCaProps, true>;

/**
 * A namespaced CA chain: a self-signed bootstrap Issuer signs a CA Certificate (`isCA`), and a CA Issuer
 * signs every other Certificate with it. Use it as the `issuer` of Certificates in the same namespace.
 */
export class SelfSignedCa extends Construct implements ICertificateIssuer {
  public readonly kind = 'Issuer';
  public readonly inChart = true;
  public readonly name: string;
  public readonly namespace: string;
  /** The CA certificate; its Secret holds the CA key and is what the CA Issuer signs with. */
  public readonly caCertificate: Certificate;
  /** The self-signed Issuer that only bootstraps the CA certificate. */
  public readonly bootstrapIssuer: Issuer;

  constructor(scope: Construct, id: string, props: SelfSignedCaProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, SELF_SIGNED_CA_PROPS_KEYS);
    checkKnownKeys(this, 'privateKey', props.privateKey, PRIVATE_KEY_KEYS);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    const prefix = checkDnsSubdomain(this, 'namePrefix', props.namePrefix ?? Names.toDnsLabel(this, { includeHash: false, maxLen: 40 }));
    // The derived names must stay DNS-1123 subdomains, and the default commonName '<prefix>-ca' within 64 characters.
    const longest = props.commonName === undefined ? 64 - '-ca'.length : 253 - '-selfsigned'.length;
    if (prefix.length > longest || prefix.split('.').pop()!.length > 63 - '-selfsigned'.length) {
      fail(this, 'namePrefix', prefix, `must leave room for the names derived from it ('<namePrefix>-selfsigned', `
        + `'<namePrefix>-ca-issuer'${props.commonName === undefined ? ', commonName \'<namePrefix>-ca\'' : ''}): at most ${longest} characters, `
          + `its last label at most ${63 - '-selfsigned'.length}`);
    }
    this.bootstrapIssuer = new Issuer(this, 'Bootstrap', { name: `${prefix}-selfsigned`, namespace: this.namespace });
    this.caCertificate = new Certificate(this, 'Certificate', {
      issuer: this.bootstrapIssuer,
      name: `${prefix}-ca`,
      namespace: this.namespace,
      commonName: props.commonName ?? `${prefix}-ca`,
      isCa: true,
      usages: ['cert sign', 'crl sign', 'digital signature'],
      duration: props.duration ?? '87600h',
      renewBefore: props.renewBefore ?? '720h',
      privateKey: { algorithm: 'ECDSA', ...props.privateKey, rotationPolicy: props.privateKey?.rotationPolicy ?? 'Never' },
    });
    const caIssuer = new Issuer(this, 'Issuer', { name: `${prefix}-ca-issuer`, namespace: this.namespace, caCertificate: this.caCertificate });
    this.name = caIssuer.name;
  }
}
