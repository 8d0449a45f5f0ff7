import { generateKeyPair } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseGoDuration } from '../../lib/core/validate-props';
import { CertificateModel, PrivateKeyModel } from './certificate-model';
import { toolPath } from './prerequisites';
import { runCommands } from './processes';
import { extensionLines, signatureDigest } from './x509-profile';

/** A Secret as cert-manager writes it for a Certificate, placed in a folder as the kubelet mounts it. */
export interface IssuedSecret {
  /** The folder holding `tls.crt`, `tls.key` and `ca.crt`. */
  readonly dir: string;
  /** `tls.crt`: the certificate followed by any intermediate CAs. */
  readonly certificatePem: string;
  readonly keyPem: string;
  /** `ca.crt`: the root CA of the chain. */
  readonly caPem: string;
  /** The subject in RFC 2253 form, as nginx reports it in `$ssl_client_s_dn`. */
  readonly subject: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  /** The certificate's serial number in upper-case hex without leading zeros, as Node reports a peer's. */
  readonly serial: string;
  readonly selfSigned: boolean;
  readonly privateKey: PrivateKeyModel;
}

/** How to deviate from the Certificate on purpose, for the cases that must be refused. */
export interface IssueVariant {
  /** Folder name and cache key; required for every variant so two variants never share a Secret. */
  readonly label: string;
  /** Sign with this CA instead of the Certificate's own issuer. */
  readonly signer?: IssuedSecret;
  /** Fields to issue differently from the Certificate's spec. */
  readonly overrides?: Partial<Pick<CertificateModel, 'commonName' | 'dnsNames' | 'usages'>>;
  /** Start of validity. @default - now, as cert-manager issues */
  readonly notBefore?: Date;
  /** End of validity. @default - notBefore + spec.duration */
  readonly notAfter?: Date;
  /** Keep this key instead of generating one, as cert-manager renews with `rotationPolicy: Never`. */
  readonly keyPem?: string;
}

const generateKeyPairAsync = promisify(generateKeyPair) as unknown as (type: string, options: object) => Promise<{ privateKey: string }>;

/**
 * Issues real certificates from a chart's Certificates as cert-manager's selfSigned and CA issuers would:
 * the key algorithm and size of `spec.privateKey`, `isCA`, the subject and SANs, usages mapped to key usage
 * and extended key usage, validity `now` to `now + duration` (cut at the CA's own expiry), and a Secret folder
 * with `tls.crt`, `tls.key` and `ca.crt`. Each CA is issued once and reused for everything it signs.
 */
export class Pki {
  private readonly issued = new Map<string, Promise<IssuedSecret>>();
  private readonly folders = new Set<string>();
  private signings = 0;

  /** @param workDir where Secret folders and OpenSSL's CA databases go. @param now the issuing time. */
  constructor(private readonly workDir: string, public readonly now: Date = new Date()) {}

  /**
   * The Secret for a Certificate, or for a deliberate variant of it: issued once per label (or Certificate) and spec,
   * so one Pki can serve several rehearsals of variants of a chart, each getting what its own spec says.
   */
  public issue(certificate: CertificateModel, variant?: IssueVariant): Promise<IssuedSecret> {
    const key = JSON.stringify([variant?.label ?? certificate.id, certificate, variant && { ...variant, signer: variant.signer?.certificatePem }]);
    let secret = this.issued.get(key);
    if (!secret) {
      secret = this.sign(certificate, variant);
      this.issued.set(key, secret);
    }
    return secret;
  }

  /** Resolves once every issuance started so far has finished, failed or not, so nothing writes after cleanup. */
  public async settled(): Promise<void> {
    let known: number;
    do {
      // A settled CA may have started the certificates waiting for it; wait for those too.
      known = this.issued.size;
      await Promise.allSettled([...this.issued.values()]);
    } while (this.issued.size !== known);
  }

  /** The Certificate's `spec.duration` in milliseconds. */
  public lifetimeMs(certificate: CertificateModel): number {
    const lifetime = parseGoDuration(certificate.duration);
    if (lifetime === undefined) throw new Error(`${certificate.id}: spec.duration "${certificate.duration}" is not a Go duration such as "2160h"`);
    return lifetime;
  }

  private async sign(certificate: CertificateModel, variant: IssueVariant | undefined): Promise<IssuedSecret> {
    const signer = variant?.signer ?? (certificate.signer.kind === 'ca' ? await this.issue(certificate.signer.caCertificate) : undefined);
    const name = safeName(variant?.label ?? `${certificate.namespace}-${certificate.secretName}`);
    const dir = path.join(this.workDir, 'secrets', this.folders.has(name) ? `${name}-${this.signings + 1}` : name);
    this.folders.add(name);
    const database = path.join(this.workDir, 'openssl-ca', String(++this.signings));
    await Promise.all([fs.mkdir(dir, { recursive: true }), fs.mkdir(database, { recursive: true })]);
    await fs.chmod(dir, 0o755);

    const request = { ...certificate, ...variant?.overrides };
    const keyPem = variant?.keyPem ?? await generatePrivateKey(certificate.privateKey);
    const keyFile = path.join(dir, 'tls.key');
    const csrFile = path.join(database, 'request.csr');
    const notBefore = variant?.notBefore ?? truncateToSeconds(this.now);
    const requestedEnd = variant?.notAfter ?? new Date(notBefore.getTime() + this.lifetimeMs(certificate));
    // cert-manager's CA issuer never lets a certificate outlive the CA that signs it.
    const notAfter = signer && requestedEnd > signer.notAfter ? signer.notAfter : requestedEnd;
    const configFile = path.join(database, 'openssl.cnf');
    const certificateFile = path.join(database, 'issued.crt');
    // Before any write: a usage cert-manager refuses throws here, and nothing is left writing.
    const config = caConfig(database, extensionLines(request, signer !== undefined));
    await Promise.all([
      fs.writeFile(keyFile, keyPem, { mode: 0o644 }),
      fs.writeFile(path.join(database, 'index.txt'), ''),
      fs.writeFile(path.join(database, 'serial'), '01\n'),
      fs.writeFile(configFile, config),
    ]);
    const openssl = toolPath('openssl');
    const printed = await runCommands([
      [openssl, 'req', '-new', '-key', keyFile, '-subj', subjectArgument(request.commonName), '-out', csrFile],
      [
        openssl, 'ca', '-batch', '-config', configFile, '-extensions', 'certificate', '-notext', '-preserveDN', '-rand_serial',
        '-md', signatureDigest(signer ? signer.privateKey : certificate.privateKey),
        '-startdate', asn1Time(notBefore), '-enddate', asn1Time(notAfter),
        '-in', csrFile, '-out', certificateFile,
        ...(signer
          ? ['-cert', path.join(signer.dir, 'tls.crt'), '-keyfile', path.join(signer.dir, 'tls.key')]
          : ['-selfsign', '-keyfile', keyFile]),
      ],
      [openssl, 'x509', '-in', certificateFile, '-noout', '-subject', '-serial', '-nameopt', 'RFC2253'],
    ], database);
    const leafPem = await fs.readFile(certificateFile, 'utf8');
    // tls.crt carries intermediates, never the root; ca.crt is the root (cert-manager's CA issuer).
    const certificatePem = signer && !signer.selfSigned ? leafPem + signer.certificatePem : leafPem;
    const caPem = signer ? signer.caPem : leafPem;
    await fs.writeFile(path.join(dir, 'tls.crt'), certificatePem, { mode: 0o644 });
    await fs.writeFile(path.join(dir, 'ca.crt'), caPem, { mode: 0o644 });
    const subject = /^subject=\s*(.*)$/m.exec(printed)![1].trim();
    const serial = normalizeSerial(/^serial=\s*([0-9A-Fa-f]+)$/m.exec(printed)![1]);
    return { dir, certificatePem, keyPem, caPem, subject, notBefore, notAfter, serial, selfSigned: !signer, privateKey: certificate.privateKey };
  }
}

/** A private key as cert-manager encodes it: PKCS1 (RSA) or SEC1 (ECDSA) by default, PKCS8 on request. */
async function generatePrivateKey(key: PrivateKeyModel): Promise<string> {
  const pkcs8 = key.encoding === 'PKCS8';
  switch (key.algorithm) {
    case 'RSA':
      return (await generateKeyPairAsync('rsa', { modulusLength: key.size, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: pkcs8 ? 'pkcs8' : 'pkcs1', format: 'pem' } })).privateKey;
    case 'ECDSA':
      return (await generateKeyPairAsync('ec', { namedCurve: `P-${key.size}`, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: pkcs8 ? 'pkcs8' : 'sec1', format: 'pem' } })).privateKey;
    case 'Ed25519':
      return (await generateKeyPairAsync('ed25519', { publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } })).privateKey;
  }
}

function caConfig(database: string, extensions: readonly string[]): string {
  return [
    '[ ca ]',
    'default_ca = rehearsal',
    '[ rehearsal ]',
    `database = ${database}/index.txt`,
    `serial = ${database}/serial`,
    `new_certs_dir = ${database}`,
    'policy = any_subject',
    'unique_subject = no',
    'copy_extensions = none',
    'email_in_dn = no',
    '[ any_subject ]',
    'commonName = optional',
    '[ certificate ]',
    ...extensions,
    '',
  ].join('\n');
}

/** `-subj` for a subject holding only a commonName (or none), with OpenSSL's separators escaped. */
function subjectArgument(commonName: string | undefined): string {
  return commonName ? `/CN=${commonName.replace(/([\\/+=,])/g, '\\$1')}` : '/';
}

/** A serial number in one spelling: upper-case hex, no leading zeros. */
export function normalizeSerial(hex: string): string {
  return hex.toUpperCase().replace(/^0+(?=.)/, '');
}

function asn1Time(date: Date): string {
  return `${date.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
}

function truncateToSeconds(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]/g, '_');
}
