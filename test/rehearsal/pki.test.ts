import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { promises as fs, readFileSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CertificateModel } from '../../tools/rehearsal/certificate-model';
import { resolveRehearsalModel } from '../../tools/rehearsal/chart-model';
import { IssuedSecret, Pki } from '../../tools/rehearsal/pki';
import { extensionLines } from '../../tools/rehearsal/x509-profile';
import { synthesizedChart } from './chart-objects';

const NOW = new Date('2030-01-15T12:00:00Z');
const HOUR = 3600e3;

/** The certificate's extensions as OpenSSL prints them, one `name: value` entry each. */
function extensions(secret: IssuedSecret): string[] {
  const text = execFileSync('openssl', ['x509', '-noout', '-ext', 'basicConstraints,keyUsage,extendedKeyUsage,subjectAltName', '-in', path.join(secret.dir, 'tls.crt')], { encoding: 'utf8' });
  return text.replace(/\s*\n\s+/g, ' ').trim().split('\n');
}

/** `openssl verify` against a CA for a purpose, at a moment (or ignoring time); '' when valid, else OpenSSL's complaint. */
function verifyAt(secret: IssuedSecret, caPem: string, at: Date | 'any time', purpose: string): string {
  try {
    const caFile = path.join(secret.dir, 'verify-ca.pem');
    writeFileSync(caFile, caPem);
    execFileSync('openssl', ['verify', '-CAfile', caFile, '-purpose', purpose, ...(at === 'any time' ? ['-no_check_time'] : ['-attime', String(Math.floor(at.getTime() / 1000))]), path.join(secret.dir, 'tls.crt')], { stdio: 'pipe' });
    return '';
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: Buffer; stderr?: Buffer };
    return `${stdout ?? ''}${stderr ?? ''}`.trim() || String(error);
  }
}

describe('Pki issues the chart\'s certificates as cert-manager would', () => {
  const [backend] = resolveRehearsalModel(synthesizedChart()).backends;
  const server = backend.front.serverCertificateMount.certificate;
  const client = backend.clientCertificate!.certificate;
  const caCertificate = (client.signer as Extract<CertificateModel['signer'], { kind: 'ca' }>).caCertificate;
  let workDir: string;
  let pki: Pki;
  let ca: IssuedSecret;
  let serverSecret: IssuedSecret;
  let clientSecret: IssuedSecret;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'pki-test-'));
    pki = new Pki(workDir, NOW);
    [ca, serverSecret, clientSecret] = await Promise.all([pki.issue(caCertificate), pki.issue(server), pki.issue(client)]);
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  test('the CA: self-signed, isCA with cert sign, ECDSA P-256, valid for spec.duration from now', () => {
    const x509 = new X509Certificate(ca.certificatePem);
    expect(x509.ca).toBe(true);
    expect(x509.subject).toBe('CN=backend-mtls-ca');
    expect(x509.checkIssued(x509)).toBe(true);
    expect(x509.publicKey.asymmetricKeyDetails).toEqual({ namedCurve: 'prime256v1' });
    expect(new Date(x509.validFrom)).toEqual(NOW);
    expect(new Date(x509.validTo)).toEqual(new Date(NOW.getTime() + 87600 * HOUR));
    expect(extensions(ca)).toEqual(['X509v3 Basic Constraints: critical CA:TRUE', 'X509v3 Key Usage: critical Digital Signature, Certificate Sign, CRL Sign']);
    expect(ca.caPem).toBe(ca.certificatePem);
  });

  test('the server certificate: signed by the CA, its dnsNames, server auth, empty subject with critical SANs, ca.crt is the CA', () => {
    const x509 = new X509Certificate(serverSecret.certificatePem);
    expect(x509.checkIssued(new X509Certificate(ca.certificatePem))).toBe(true);
    expect(x509.ca).toBe(false);
    expect(extensions(serverSecret)).toEqual([
      'X509v3 Basic Constraints: critical CA:FALSE',
      'X509v3 Key Usage: critical Digital Signature',
      'X509v3 Extended Key Usage: TLS Web Server Authentication',
      'X509v3 Subject Alternative Name: critical DNS:httpbin-tls, DNS:httpbin-tls.httpbin-tls, DNS:httpbin-tls.httpbin-tls.svc, DNS:httpbin-tls.httpbin-tls.svc.cluster.local',
    ]);
    expect(new Date(x509.validTo)).toEqual(new Date(NOW.getTime() + 2160 * HOUR));
    expect(readFileSync(path.join(serverSecret.dir, 'ca.crt'), 'utf8')).toBe(ca.certificatePem);
    expect(verifyAt(serverSecret, ca.caPem, NOW, 'sslserver')).toBe('');
  });

  test('the client certificate: its commonName, client auth, a SEC1 key as cert-manager\'s PKCS1 default', () => {
    expect(clientSecret.subject).toBe('CN=envoygateway-client');
    expect(extensions(clientSecret)).toEqual([
      'X509v3 Basic Constraints: critical CA:FALSE',
      'X509v3 Key Usage: critical Digital Signature',
      'X509v3 Extended Key Usage: TLS Web Client Authentication',
    ]);
    expect(clientSecret.keyPem).toMatch(/^-----BEGIN EC PRIVATE KEY-----/);
    expect(verifyAt(clientSecret, ca.caPem, NOW, 'sslclient')).toBe('');
  });

  test('an expired variant is signed by the same CA and fails only on its own expiry', async () => {
    const expired = await pki.issue(client, { label: 'expired', notBefore: new Date(NOW.getTime() - 3 * HOUR), notAfter: new Date(NOW.getTime() - HOUR) });
    expect(verifyAt(expired, ca.caPem, 'any time', 'sslclient')).toBe('');
    expect(verifyAt(expired, ca.caPem, NOW, 'sslclient')).toMatch(/^error 10 at 0 depth lookup: certificate has expired$/m);
  });

  test('another CA with the same spec has the same name but a different key, and its certificates do not verify', async () => {
    const another = await pki.issue(caCertificate, { label: 'another-ca' });
    expect(new X509Certificate(another.certificatePem).subject).toBe('CN=backend-mtls-ca');
    expect(another.keyPem).not.toBe(ca.keyPem);
    const foreign = await pki.issue(client, { label: 'foreign-client', signer: another });
    expect(verifyAt(foreign, ca.caPem, NOW, 'sslclient')).toMatch(/^error 20 at 0 depth lookup: unable to get local issuer certificate$/m);
  });

  test('a certificate never outlives the CA that signs it', async () => {
    const longLived = await pki.issue({ ...client, duration: '100000h' }, { label: 'long-lived' });
    expect(longLived.notAfter).toEqual(ca.notAfter);
  });

  test('a Certificate issued again with the same spec is the same Secret; a changed spec gets a Secret of its own', async () => {
    expect(await pki.issue(client)).toBe(clientSecret);
    const serverAuth = await pki.issue({ ...client, usages: ['server auth', 'digital signature'] });
    expect(serverAuth.serial).not.toBe(clientSecret.serial);
    expect(serverAuth.dir).not.toBe(clientSecret.dir);
    expect(extensions(serverAuth)).toContain('X509v3 Extended Key Usage: TLS Web Server Authentication');
    expect(extensions(clientSecret)).toContain('X509v3 Extended Key Usage: TLS Web Client Authentication');
  });

  test('rehearsals asking at once for one certificate share one issuance; variants asked at once each get a folder of their own', async () => {
    const fresh = new Pki(path.join(workDir, 'at-once'), NOW);
    const [first, second] = await Promise.all([fresh.issue(client), fresh.issue(client)]);
    expect(second).toBe(first);
    const variants = await Promise.all(['a', 'b', 'c'].map((commonName) => fresh.issue({ ...client, commonName }, { label: 'same-label' })));
    expect(new Set(variants.map((secret) => secret.dir)).size).toBe(3);
    expect(variants.map((secret) => secret.subject)).toEqual(['CN=a', 'CN=b', 'CN=c']);
    expect(variants.map((secret) => new X509Certificate(readFileSync(path.join(secret.dir, 'tls.crt'))).subject)).toEqual(['CN=a', 'CN=b', 'CN=c']);
  });

  test('RSA and Ed25519 keys of the sizes the Certificate asks for', async () => {
    const rsa = await pki.issue({ ...client, privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS1', rotationPolicy: 'Always' } }, { label: 'rsa' });
    expect(new X509Certificate(rsa.certificatePem).publicKey.asymmetricKeyDetails).toMatchObject({ modulusLength: 2048 });
    expect(rsa.keyPem).toMatch(/^-----BEGIN RSA PRIVATE KEY-----/);
    const ed25519 = await pki.issue({ ...client, privateKey: { algorithm: 'Ed25519', encoding: 'PKCS8', rotationPolicy: 'Always' } }, { label: 'ed25519' });
    expect(new X509Certificate(ed25519.certificatePem).publicKey.asymmetricKeyType).toBe('ed25519');
  });
});

describe('extensionLines maps cert-manager usages exactly', () => {
  const base = { dnsNames: [], ipAddresses: [], uris: [], isCA: false };

  test('key usages, extended key usages and aliases', () => {
    expect(extensionLines({ ...base, commonName: 'x', usages: ['signing', 'content commitment', 'key agreement', 'any', 's/mime', 'ocsp signing'] }, true)).toEqual([
      'basicConstraints = critical, CA:FALSE',
      'keyUsage = critical, digitalSignature, nonRepudiation, keyAgreement',
      'extendedKeyUsage = anyExtendedKeyUsage, emailProtection, OCSPSigning',
      'subjectKeyIdentifier = none',
      'authorityKeyIdentifier = keyid:always',
    ]);
  });

  test('a CA always gets cert sign; SANs are critical only without a subject', () => {
    expect(extensionLines({ ...base, isCA: true, usages: ['digital signature'], dnsNames: ['a.example'], ipAddresses: ['10.0.0.1'], uris: ['spiffe://x/y'] }, false)).toEqual([
      'basicConstraints = critical, CA:TRUE',
      'keyUsage = critical, digitalSignature, keyCertSign',
      'subjectAltName = critical, DNS:a.example, IP:10.0.0.1, URI:spiffe://x/y',
      'subjectKeyIdentifier = hash',
    ]);
  });

  test('an unknown usage is refused, as cert-manager refuses it', () => {
    expect(() => extensionLines({ ...base, commonName: 'x', usages: ['client-auth'] }, true))
      .toThrow('usages ["client-auth"] are not cert-manager usages; cert-manager would refuse to issue the certificate');
  });
});
