import { ChartObjects, describeObject, K8sObject } from './chart-objects';

/** A private key as cert-manager generates it for a Certificate. */
export interface PrivateKeyModel {
  readonly algorithm: 'RSA' | 'ECDSA' | 'Ed25519';
  /** Bits for RSA, curve size for ECDSA; undefined for Ed25519. */
  readonly size?: number;
  /** PKCS1 (cert-manager's default: SEC1 for ECDSA) or PKCS8. */
  readonly encoding: 'PKCS1' | 'PKCS8';
  /** Whether a renewal generates a new key (`Always`, cert-manager's default since v1.18) or keeps it (`Never`). */
  readonly rotationPolicy: 'Always' | 'Never';
}

/** What signs a Certificate: its own key (a selfSigned issuer) or the CA Certificate behind a CA issuer. */
export type SignerModel =
  | { readonly kind: 'selfSigned'; readonly issuer: string }
  | { readonly kind: 'ca'; readonly issuer: string; readonly caCertificate: CertificateModel };

/** A cert-manager Certificate read from the chart, with cert-manager's defaults filled in. */
export interface CertificateModel {
  /** `Certificate namespace/name`. */
  readonly id: string;
  readonly name: string;
  readonly namespace: string;
  readonly secretName: string;
  readonly commonName?: string;
  readonly dnsNames: readonly string[];
  readonly ipAddresses: readonly string[];
  readonly uris: readonly string[];
  /** cert-manager usages; both key usages and extended key usages. */
  readonly usages: readonly string[];
  readonly isCA: boolean;
  /** The requested lifetime as a Go duration. */
  readonly duration: string;
  readonly privateKey: PrivateKeyModel;
  readonly signer: SignerModel;
}

/** cert-manager's defaults for fields a Certificate leaves out. */
const DEFAULT_USAGES = ['digital signature', 'key encipherment'];
const DEFAULT_DURATION = '2160h';
const DEFAULT_KEY_SIZES: Record<PrivateKeyModel['algorithm'], number | undefined> = { RSA: 2048, ECDSA: 256, Ed25519: undefined };

/** The Certificate in `namespace` whose Secret is `secretName`: the one cert-manager writes that Secret for. */
export function certificateWritingSecret(
  objects: ChartObjects, namespace: string | undefined, secretName: string, referrer: string,
): CertificateModel {
  return resolveCertificate(objects, secretWriter(objects, namespace, secretName, referrer));
}

/** Reads a Certificate and, recursively, the CA chain that signs it. */
export function resolveCertificate(objects: ChartObjects, certificate: K8sObject, chain: readonly string[] = []): CertificateModel {
  const id = describeObject(certificate);
  if (chain.includes(id)) throw new Error(`${id} is signed by a CA chain that leads back to itself: ${[...chain, id].join(' -> ')}`);
  const spec = certificate.spec ?? {};
  const namespace = certificate.metadata.namespace;
  if (!namespace) throw new Error(`${id} has no metadata.namespace; cert-manager writes a Certificate's Secret into its namespace`);
  if (!spec.secretName) throw new Error(`${id} has no spec.secretName`);
  const unsupported = ['subject', 'literalSubject', 'emailAddresses', 'otherNames'].filter((field) => spec[field] !== undefined && Object.keys(spec[field]).length > 0);
  if (unsupported.length > 0) {
    throw new Error(`${id} sets spec.${unsupported.join(', spec.')}, which the rehearsal does not issue yet; it would issue a certificate that differs from cert-manager's`);
  }
  const algorithm = spec.privateKey?.algorithm ?? 'RSA';
  if (!(algorithm in DEFAULT_KEY_SIZES)) throw new Error(`${id}: spec.privateKey.algorithm "${algorithm}" is not one of RSA, ECDSA, Ed25519`);
  return {
    id,
    name: certificate.metadata.name,
    namespace,
    secretName: spec.secretName,
    commonName: spec.commonName,
    dnsNames: spec.dnsNames ?? [],
    ipAddresses: spec.ipAddresses ?? [],
    uris: spec.uris ?? [],
    usages: spec.usages && spec.usages.length > 0 ? spec.usages : DEFAULT_USAGES,
    isCA: spec.isCA === true,
    duration: spec.duration ?? DEFAULT_DURATION,
    privateKey: {
      algorithm,
      size: algorithm === 'Ed25519' ? undefined : spec.privateKey?.size ?? DEFAULT_KEY_SIZES[algorithm as PrivateKeyModel['algorithm']],
      encoding: spec.privateKey?.encoding ?? 'PKCS1',
      rotationPolicy: spec.privateKey?.rotationPolicy ?? 'Always',
    },
    signer: resolveSigner(objects, id, namespace, spec.issuerRef, [...chain, id]),
  };
}

function resolveSigner(objects: ChartObjects, id: string, namespace: string, issuerRef: any, chain: readonly string[]): SignerModel {
  if (!issuerRef?.name) throw new Error(`${id} has no spec.issuerRef.name`);
  if ((issuerRef.group ?? 'cert-manager.io') !== 'cert-manager.io') {
    throw new Error(`${id}: spec.issuerRef.group "${issuerRef.group}" is an external issuer; the rehearsal can only act as cert-manager's own selfSigned and CA issuers`);
  }
  const kind = issuerRef.kind ?? 'Issuer';
  const issuerNamespace = kind === 'ClusterIssuer' ? undefined : namespace;
  const issuer = objects.find(kind, issuerRef.name, issuerNamespace);
  if (!issuer) {
    throw new Error(`${id} is issued by ${describeObject({ kind, metadata: { name: issuerRef.name, namespace: issuerNamespace } })}, which is not in the chart: the rehearsal issues certificates only from a CA chain the chart itself renders`);
  }
  const issuerId = describeObject(issuer);
  if (issuer.spec?.selfSigned) return { kind: 'selfSigned', issuer: issuerId };
  const caSecret = issuer.spec?.ca?.secretName;
  if (caSecret) {
    // A ClusterIssuer reads its CA Secret from cert-manager's cluster resource namespace; take the chart's one writer.
    const caCertificate = resolveCertificate(objects, secretWriter(objects, issuerNamespace, caSecret, `${issuerId} spec.ca.secretName`), chain);
    if (!caCertificate.isCA) throw new Error(`${issuerId} signs with ${caCertificate.id}, which does not set spec.isCA: true, so it cannot sign certificates`);
    return { kind: 'ca', issuer: issuerId, caCertificate };
  }
  throw new Error(`${issuerId} is neither selfSigned nor a CA issuer (spec.ca.secretName); the rehearsal cannot issue as it would`);
}

function secretWriter(objects: ChartObjects, namespace: string | undefined, secretName: string, referrer: string): K8sObject {
  const writers = objects.all('Certificate', namespace).filter((certificate) => certificate.spec?.secretName === secretName);
  const where = namespace ? `namespace ${namespace}` : 'any namespace';
  if (writers.length === 0) {
    throw new Error(`${referrer} names Secret ${secretName}, but no Certificate in the chart writes it (none in ${where} has spec.secretName "${secretName}"); the rehearsal can only issue Secrets that cert-manager would`);
  }
  if (writers.length > 1) {
    throw new Error(`${referrer} names Secret ${secretName}, which ${writers.map(describeObject).join(' and ')} all write: cert-manager would overwrite it; give each Certificate its own secretName`);
  }
  return writers[0];
}
