// cert-manager's webhook on Certificates (tools/validate/rules/certmanager.ts), each case named by its inventory id,
// with the webhook's verdict as `path: rule`. The webhook runs only once the CRD schema has passed.
import { Validator } from '../../../tools/validate';
import { goDurationString } from '../../../tools/validate/rules/go-values';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();

function verdicts(change: (spec: any) => void, example = 'Certificate server'): string[] {
  const object: any = structuredClone(validExamples[example]);
  change(object.spec);
  return verdictsOn(validator, object);
}

const cases: Array<[string, (spec: any) => void, string[]]> = [
  ['cert-manager.ValidateDuration.5: renewBefore equal to duration', (s) => { s.renewBefore = s.duration; },
    ['spec.renewBefore: Invalid value: 2160h0m0s: certificate duration 2160h0m0s must be greater than renewBefore 2160h0m0s']],
  ['webhook decoding: duration 90d is no Go duration', (s) => { s.duration = '90d'; },
    ['spec.duration: Invalid value: "90d": the webhook cannot decode it: time: invalid duration "90d" (Go durations use h, m, s, ms, us, ns: "2160h", not "90d")']],
  ['cert-manager.ValidateDuration.1: a duration under an hour', (s) => { s.duration = '30m'; s.renewBefore = '10m'; },
    ['spec.duration: Invalid value: 30m0s: certificate duration must be greater than 1h0m0s']],
  ['cert-manager.ValidateDuration.4: renewBefore under five minutes', (s) => { s.renewBefore = '90s'; },
    ['spec.renewBefore: Invalid value: 1m30s: certificate renewBefore must be greater than 5m0s']],
  ['cert-manager.ValidateDuration.2 and .3: renewBefore with renewBeforePercentage', (s) => { s.renewBeforePercentage = 10; },
    ['spec.renewBefore: Invalid value: 360h0m0s: renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set',
      'spec.renewBeforePercentage: Invalid value: 10: renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set']],
  ['cert-manager.ValidateDuration.6: a percentage leaving under 5 minutes', (s) => { delete s.renewBefore; s.duration = '1h'; s.renewBeforePercentage = 95; },
    ['spec.renewBeforePercentage: Invalid value: 95: certificate renewBeforePercentage must result in a renewBefore greater than 5m0s']],
  ['cert-manager.ValidateDuration.7: renewBeforePercentage 0 renews at the end', (s) => { delete s.renewBefore; s.renewBeforePercentage = 0; },
    ['spec.renewBeforePercentage: Invalid value: 0: certificate renewBeforePercentage must result in a renewBefore less than duration']],
  ['cert-manager.ValidateCertificateSpec.15: RSA 1024', (s) => { s.privateKey = { algorithm: 'RSA', size: 1024 }; },
    ['spec.privateKey.size: Invalid value: 1024: must be between 2048 and 8192 for rsa keyAlgorithm']],
  ['cert-manager.ValidateCertificateSpec.16: ECDSA 512', (s) => { s.privateKey = { algorithm: 'ECDSA', size: 512 }; },
    ['spec.privateKey.size: Unsupported value: 512: supported values: "256", "384", "521"']],
  ['cert-manager.ValidateCertificateSpec.18: an ECDSA signature on an RSA key', (s) => { s.signatureAlgorithm = 'ECDSAWithSHA256'; },
    ['spec.signatureAlgorithm: Invalid value: "ECDSAWithSHA256": for key algorithm RSA the allowed signature algorithms are [SHA256WithRSA SHA384WithRSA SHA512WithRSA]']],
  ['cert-manager.ValidateCertificateSpec.9: a Certificate without any identity', (s) => { delete s.dnsNames; },
    ['spec: Invalid value: "": at least one of commonName (from the commonName field or from a literalSubject), dnsNames, emailSANs, ipAddresses, otherNames, or uriSANs must be set']],
  ['cert-manager.ValidateCertificateSpec.10: a commonName over 64 bytes', (s) => { s.commonName = 'a'.repeat(65); },
    ['spec.commonName: Too long: may not be more than 64 bytes']],
  ['cert-manager.ValidateCertificateSpec.4 and .5: literalSubject beside commonName and subject', (s) => {
    s.literalSubject = 'CN=backend,O=Example'; s.commonName = 'backend'; s.subject = { organizations: ['Example'] };
  }, ['spec.commonName: Invalid value: "backend": When providing a `LiteralSubject` no `commonName` may be provided.',
    'spec.subject: Invalid value: {"organizations":["Example"]}: When providing a `LiteralSubject` no `Subject` properties may be provided.']],
  ['cert-manager.validateIssuerRef.2: an external issuer kind without group', (s) => { s.issuerRef = { name: 'pca', kind: 'AWSPCAClusterIssuer' }; },
    ['spec.issuerRef.kind: Invalid value: "AWSPCAClusterIssuer": must be one of Issuer or ClusterIssuer (did you forget to set spec.issuerRef.kind.group?)']],
  ['cert-manager.validateIssuerRef.2: cert-manager.io named, no hint', (s) => { s.issuerRef = { name: 'pca', kind: 'Signer', group: 'cert-manager.io' }; },
    ['spec.issuerRef.kind: Invalid value: "Signer": must be one of Issuer or ClusterIssuer']],
  ['cert-manager.validateIPAddresses.1: an IP address Go cannot parse', (s) => { s.ipAddresses = ['10.0.0.1', '10.0.0.256', '::1', 'fe80::1%eth0']; },
    ['spec.ipAddresses[1]: Invalid value: "10.0.0.256": invalid IP address', 'spec.ipAddresses[3]: Invalid value: "fe80::1%eth0": invalid IP address']],
  ['cert-manager.validateEmailAddresses.1 and .2: an address without @, a named address', (s) => { s.emailAddresses = ['ops', 'Ops <ops@example.com>']; },
    ['spec.emailAddresses[0]: Invalid value: "ops": invalid email address: mail: missing \'@\' or angle-addr',
      'spec.emailAddresses[1]: Invalid value: "Ops <ops@example.com>": invalid email address: make sure the supplied value only contains the email address itself']],
  ['cert-manager.ValidateCertificateSpec.12, .13 and .14: an otherName without oid or value', (s) => { s.otherNames = [{}]; },
    ['spec.otherNames[0].oid: Required value: must be specified', 'spec.otherNames[0].oid: Invalid value: "": invalid oid syntax',
      'spec.otherNames[0].utf8Value: Required value: must be set to a valid non-empty UTF8 string']],
  ['cert-manager.ValidateCertificateSpec.19: revisionHistoryLimit 0', (s) => { s.revisionHistoryLimit = 0; },
    ['spec.revisionHistoryLimit: Invalid value: 0: must not be less than 1']],
  ['cert-manager.ValidateCertificateSpec.21 and .22: nameConstraints on a leaf, with neither list', (s) => { s.nameConstraints = { critical: true }; },
    ['spec.nameConstraints: Invalid value: {"critical":true}: isCa should be true when nameConstraints is set',
      'spec.nameConstraints: Invalid value: {"critical":true}: either permitted or excluded must be set']],
  ['cert-manager.validateSecretTemplateAnnotations.1 and cert-manager.validateSecretTemplateLabels.1: reserved annotation, bad label', (s) => {
    s.secretTemplate = { annotations: { 'cert-manager.io/issuer-name': 'x' }, labels: { app: 'not ok!' } };
  }, ['spec.secretTemplate.labels[app]: Invalid value: "not ok!": a valid label must be an empty string or consist of alphanumeric characters, \'-\', \'_\' or \'.\', and must start and end with an alphanumeric character (e.g. \'MyValue\',  or \'my_value\',  or \'12345\', regex used for validation is \'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?\')',
    'spec.secretTemplate.annotations: Invalid value: "cert-manager.io/issuer-name": cert-manager.io/* annotations are not allowed']],
  ['cert-manager.validateAdditionalOutputFormats.1: one format twice', (s) => { s.additionalOutputFormats = [{ type: 'DER' }, { type: 'DER' }]; },
    ['spec.additionalOutputFormats[type]: Duplicate value: "DER"']],
  ['cert-manager.validateKeystores.1, .3 and .5: JKS with both passwords and an empty one, PKCS#12 with none', (s) => {
    s.keystores = { jks: { create: true, password: '', passwordSecretRef: { name: 'p', key: 'k' } }, pkcs12: { create: true } };
  }, ['spec.keystores.jks: Forbidden: exactly one of passwordSecretRef and password must be provided for JKS keystores; cannot set both',
    'spec.keystores.jks.password: Forbidden: literal password cannot be empty if set on JKS keystores',
    'spec.keystores.pkcs12: Forbidden: must set exactly one of passwordSecretRef and password must for PKCS#12 keystores']],
  ['cert-manager.validateKeystores.2, .4 and .6: PKCS#12 with both passwords and an empty one, JKS with none', (s) => {
    s.keystores = { pkcs12: { create: true, password: '', passwordSecretRef: { name: 'p', key: 'k' } }, jks: { create: true } };
  }, ['spec.keystores.jks: Forbidden: must set exactly one of passwordSecretRef and password must for JKS keystores',
    'spec.keystores.pkcs12: Forbidden: exactly one of passwordSecretRef and password must be provided for PKCS#12 keystores; cannot set both',
    'spec.keystores.pkcs12.password: Forbidden: literal password cannot be empty if set on PKCS#12 keystores']],
  ['cert-manager.ValidateCertificateSpec.1 and cert-manager.validateIssuerRef.1: empty secretName and issuerRef.name (present, so the CRD lets them through)', (s) => {
    s.secretName = ''; s.issuerRef.name = '';
  }, ['spec.secretName: Required value: must be specified', 'spec.issuerRef.name: Required value: must be specified']],
  ['cert-manager.validateCertificateRenewal.1: windows with renewal Disabled', (s) => {
    s.renewal = { policy: 'Disabled', windows: [{ cron: '0 2 * * *', windowDuration: '1h' }] };
  }, ['spec.renewal.windows: Forbidden: windows cannot be set when `renewal.policy` is set to Disabled']],
  ['cert-manager.validateCertificateRenewal.2: renewal windows without a policy (the CRD\'s enum lets an absent policy through)', (s) => {
    s.renewal = { windows: [{ cron: '0 2 * * *', windowDuration: '1h' }] };
  }, ['spec.renewal.policy: Unsupported value: "": supported values: "Disabled", "RenewBefore"']],
  ['cert-manager.ValidateCertificateSpec.2: a secretName that is no DNS subdomain', (s) => { s.secretName = 'Backend_TLS'; },
    ['spec.secretName: Invalid value: "Backend_TLS": a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')']],
];

describe('cert-manager\'s webhook on Certificates', () => {
  test.each(cases)('%s', (_id, change, expected) => {
    expect(verdicts(change)).toEqual(expected);
  });

  test('the valid examples pass, and a schema error keeps the webhook from running', () => {
    expect(verdicts(() => undefined)).toEqual([]);
    expect(verdicts(() => undefined, 'Certificate CA')).toEqual([]);
    expect(verdicts((s) => { s.duration = 90; s.renewBefore = '2160h'; })).toEqual(['spec.duration: Invalid value: "integer": spec.duration in body must be of type string: "integer"']);
  });

  test.each([
    [0n, '0s'], [1500n, '1.5µs'], [300_000_000n, '300ms'], [90_000_000_000n, '1m30s'], [3_600_000_000_000n, '1h0m0s'], [1_500_000_000n, '1.5s'], [-3_600_000_000_000n, '-1h0m0s'],
  ])('time.Duration(%s).String() is %s', (nanos, text) => {
    expect(goDurationString(nanos)).toBe(text);
  });
});
