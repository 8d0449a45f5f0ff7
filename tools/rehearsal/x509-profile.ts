import { CertificateModel, PrivateKeyModel } from './certificate-model';

/** cert-manager usage → X.509 key usage bit, in OpenSSL's spelling (cert-manager `apiutil.KeyUsageType`). */
const KEY_USAGES: Readonly<Record<string, string>> = {
  'signing': 'digitalSignature',
  'digital signature': 'digitalSignature',
  'content commitment': 'nonRepudiation',
  'key encipherment': 'keyEncipherment',
  'key agreement': 'keyAgreement',
  'data encipherment': 'dataEncipherment',
  'cert sign': 'keyCertSign',
  'crl sign': 'cRLSign',
  'encipher only': 'encipherOnly',
  'decipher only': 'decipherOnly',
};

/** cert-manager usage → extended key usage, in OpenSSL's spelling (cert-manager `apiutil.ExtKeyUsageType`). */
const EXTENDED_KEY_USAGES: Readonly<Record<string, string>> = {
  'any': 'anyExtendedKeyUsage',
  'server auth': 'serverAuth',
  'client auth': 'clientAuth',
  'code signing': 'codeSigning',
  'email protection': 'emailProtection',
  's/mime': 'emailProtection',
  'ipsec end system': 'ipsecEndSystem',
  'ipsec tunnel': 'ipsecTunnel',
  'ipsec user': 'ipsecUser',
  'timestamping': 'timeStamping',
  'ocsp signing': 'OCSPSigning',
  'microsoft sgc': 'msSGC',
  'netscape sgc': 'nsSGC',
};

/** The parts of a Certificate that shape the X.509 extensions. */
export type ExtensionRequest = Pick<CertificateModel, 'commonName' | 'dnsNames' | 'ipAddresses' | 'uris' | 'usages' | 'isCA'>;

/**
 * The X.509 v3 extensions cert-manager's Go code puts on a certificate, as OpenSSL config lines:
 * basicConstraints (critical, CA flag), keyUsage (critical; `cert sign` added for a CA), extendedKeyUsage
 * (only when a usage maps to one), subjectAltName (critical when the subject is empty), a subject key id
 * on CAs and an authority key id on certificates a CA signed.
 */
export function extensionLines(request: ExtensionRequest, signedByCa: boolean): string[] {
  const unknown = request.usages.filter((usage) => !(usage in KEY_USAGES) && !(usage in EXTENDED_KEY_USAGES));
  if (unknown.length > 0) throw new Error(`usages ${JSON.stringify(unknown)} are not cert-manager usages; cert-manager would refuse to issue the certificate`);
  const keyUsages = unique([...request.usages.filter((usage) => usage in KEY_USAGES).map((usage) => KEY_USAGES[usage]), ...(request.isCA ? ['keyCertSign'] : [])]);
  const extendedKeyUsages = unique(request.usages.filter((usage) => usage in EXTENDED_KEY_USAGES).map((usage) => EXTENDED_KEY_USAGES[usage]));
  const altNames = [
    ...request.dnsNames.map((name) => `DNS:${name}`),
    ...request.ipAddresses.map((address) => `IP:${address}`),
    ...request.uris.map((uri) => `URI:${uri}`),
  ];
  return [
    `basicConstraints = critical, CA:${request.isCA ? 'TRUE' : 'FALSE'}`,
    ...(keyUsages.length > 0 ? [`keyUsage = critical, ${keyUsages.join(', ')}`] : []),
    ...(extendedKeyUsages.length > 0 ? [`extendedKeyUsage = ${extendedKeyUsages.join(', ')}`] : []),
    ...(altNames.length > 0 ? [`subjectAltName = ${request.commonName ? '' : 'critical, '}${altNames.join(', ')}`] : []),
    ...(request.isCA ? ['subjectKeyIdentifier = hash'] : ['subjectKeyIdentifier = none']),
    ...(signedByCa ? ['authorityKeyIdentifier = keyid:always'] : []),
  ];
}

/** The digest Go's x509 signs with for a signer key, which is what cert-manager uses ('default' for Ed25519). */
export function signatureDigest(signerKey: PrivateKeyModel): string {
  if (signerKey.algorithm === 'Ed25519') return 'default';
  if (signerKey.algorithm === 'ECDSA') return ({ 384: 'sha384', 521: 'sha512' } as Record<number, string>)[signerKey.size ?? 256] ?? 'sha256';
  return 'sha256';
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
