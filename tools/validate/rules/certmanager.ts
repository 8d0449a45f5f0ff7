// cert-manager's validating webhook (failurePolicy: Fail), v1.21 internal/apis/certmanager/validation: what
// `kubectl apply` of a Certificate, Issuer or ClusterIssuer answers after the CRD schema passes. The webhook
// first decodes the object into Go types, so a duration Go cannot parse ("90d") is refused there.
import { childPath, indexPath } from '../field-path';
import { checkAnnotations, checkLabels, DNS1123_SUBDOMAIN, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { duplicate, forbidden, invalid, type Json, nonEmptyString, notSupported, record, records, required, tooLong } from './common';
import { goDurationString, isGoIp, parseGoDurationNanos } from './go-values';

const HOUR = 3_600_000_000_000n;
const MINIMUM_CERTIFICATE_DURATION = HOUR;
const MINIMUM_RENEW_BEFORE = 5n * 60_000_000_000n;
const DEFAULT_CERTIFICATE_DURATION = 24n * 90n * HOUR;
const MIN_RSA_KEY_SIZE = 2048;
const MAX_RSA_KEY_SIZE = 8192;
const SIGNATURE_ALGORITHMS: Readonly<Record<string, readonly string[]>> = {
  RSA: ['SHA256WithRSA', 'SHA384WithRSA', 'SHA512WithRSA'],
  ECDSA: ['ECDSAWithSHA256', 'ECDSAWithSHA384', 'ECDSAWithSHA512'],
  Ed25519: ['PureEd25519'],
};

/** The webhook's decoding of metav1.Duration fields: Go's time.ParseDuration, or the decode error it returns. */
export function decodeDurations(spec: Json, path: string, fields: readonly string[]): { errors: FieldError[]; nanos: Map<string, bigint> } {
  const errors: FieldError[] = [];
  const nanos = new Map<string, bigint>();
  for (const field of fields) {
    const value = spec[field];
    if (typeof value !== 'string') continue;
    const parsed = parseGoDurationNanos(value);
    if (parsed === undefined) errors.push(invalid(childPath(path, field), value, `the webhook cannot decode it: time: invalid duration ${JSON.stringify(value)} (Go durations use h, m, s, ms, us, ns: "2160h", not "90d")`));
    else nanos.set(field, parsed);
  }
  return { errors, nanos };
}

/** validateIssuerRef: a name, and for cert-manager.io (or no group) the kind Issuer or ClusterIssuer. */
export function validateIssuerRef(issuerRef: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const at = childPath(path, 'issuerRef');
  if (!nonEmptyString(issuerRef.name)) errors.push(required(childPath(at, 'name'), 'must be specified'));
  const group = issuerRef.group ?? '';
  const kind = issuerRef.kind ?? '';
  if ((group === '' || group === 'cert-manager.io') && kind !== '' && kind !== 'Issuer' && kind !== 'ClusterIssuer') {
    const hint = group === '' ? ` (did you forget to set ${childPath(childPath(at, 'kind'), 'group')}?)` : '';
    errors.push(invalid(childPath(at, 'kind'), kind, `must be one of Issuer or ClusterIssuer${hint}`));
  }
  return errors;
}

/** The CN of an RFC 4514 literal subject (`CN=app,O=Example`), as pki.UnmarshalSubjectStringToRDNSequence finds it. */
function literalCommonName(subject: string): string {
  for (const part of subject.split(/(?<!\\),|(?<!\\)\+/)) {
    const [type, ...value] = part.split('=');
    if (type.trim().toUpperCase() === 'CN') return value.join('=').replace(/\\(.)/g, '$1');
  }
  return '';
}

const SUBJECT_FIELDS = ['organizations', 'countries', 'organizationalUnits', 'localities', 'provinces', 'streetAddresses', 'postalCodes', 'serialNumber'];

/** ValidateCertificateSpec's identity part: literalSubject exclusions, at least one identity, a CN of at most 64. */
function validateIdentity(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  let commonName = typeof spec.commonName === 'string' ? spec.commonName : '';
  if (nonEmptyString(spec.literalSubject)) {
    if (commonName) errors.push(invalid(childPath(path, 'commonName'), commonName, 'When providing a `LiteralSubject` no `commonName` may be provided.'));
    const subject = record(spec.subject);
    if (subject && SUBJECT_FIELDS.some((field) => (Array.isArray(subject[field]) ? subject[field].length > 0 : nonEmptyString(subject[field])))) {
      errors.push(invalid(childPath(path, 'subject'), subject, 'When providing a `LiteralSubject` no `Subject` properties may be provided.'));
    }
    commonName = literalCommonName(spec.literalSubject);
  }
  const listed = (field: string) => Array.isArray(spec[field]) && spec[field].length > 0;
  if (!commonName && !['dnsNames', 'uris', 'emailAddresses', 'ipAddresses', 'otherNames'].some(listed)) {
    errors.push(invalid(path, '', 'at least one of commonName (from the commonName field or from a literalSubject), dnsNames, emailSANs, ipAddresses, otherNames, or uriSANs must be set'));
  }
  if (Buffer.byteLength(commonName) > 64) errors.push(tooLong(childPath(path, 'commonName'), 64));
  return errors;
}

/** validateIPAddresses, validateEmailAddresses and the otherNames checks. */
function validateSubjectAltNames(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  (Array.isArray(spec.ipAddresses) ? spec.ipAddresses : []).forEach((ip, index) => {
    if (typeof ip === 'string' && !isGoIp(ip)) errors.push(invalid(indexPath(childPath(path, 'ipAddresses'), index), ip, 'invalid IP address'));
  });
  (Array.isArray(spec.emailAddresses) ? spec.emailAddresses : []).forEach((email, index) => {
    // net/mail.ParseAddress accepts `Name <a@b>`; the webhook then requires the bare address.
    if (typeof email !== 'string') return;
    const at = indexPath(childPath(path, 'emailAddresses'), index);
    if (/[<>]/.test(email)) errors.push(invalid(at, email, 'invalid email address: make sure the supplied value only contains the email address itself'));
    else if (!/^[^\s@]+@[^\s@]+$/.test(email)) errors.push(invalid(at, email, "invalid email address: mail: missing '@' or angle-addr"));
  });
  records(spec.otherNames).forEach((otherName, index) => {
    const at = indexPath(childPath(path, 'otherNames'), index);
    if (!nonEmptyString(otherName.oid)) errors.push(required(childPath(at, 'oid'), 'must be specified'));
    if (typeof otherName.oid !== 'string' || !/^[0-2](\.(0|[1-9]\d*))+$/.test(otherName.oid)) errors.push(invalid(childPath(at, 'oid'), otherName.oid ?? '', 'invalid oid syntax'));
    if (!nonEmptyString(otherName.utf8Value)) errors.push(required(childPath(at, 'utf8Value'), 'must be set to a valid non-empty UTF8 string'));
  });
  return errors;
}

/** ValidateCertificateSpec's private key and signature algorithm checks. */
function validateKey(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const key = record(spec.privateKey);
  const algorithm = typeof key?.algorithm === 'string' && key.algorithm ? key.algorithm : 'RSA';
  const size = typeof key?.size === 'number' ? key.size : 0;
  const sizePath = childPath(childPath(path, 'privateKey'), 'size');
  if (algorithm === 'RSA' && size > 0 && (size < MIN_RSA_KEY_SIZE || size > MAX_RSA_KEY_SIZE)) {
    errors.push(invalid(sizePath, size, `must be between ${MIN_RSA_KEY_SIZE} and ${MAX_RSA_KEY_SIZE} for rsa keyAlgorithm`));
  } else if (algorithm === 'ECDSA' && size > 0 && ![256, 384, 521].includes(size)) {
    errors.push(notSupported(sizePath, size, ['256', '384', '521']));
  } else if (!SIGNATURE_ALGORITHMS[algorithm]) {
    errors.push(invalid(childPath(childPath(path, 'privateKey'), 'algorithm'), algorithm, 'must be either empty or one of rsa, ecdsa or ed25519'));
  }
  const allowed = SIGNATURE_ALGORITHMS[algorithm];
  if (nonEmptyString(spec.signatureAlgorithm) && allowed && !allowed.includes(spec.signatureAlgorithm)) {
    errors.push(invalid(childPath(path, 'signatureAlgorithm'), spec.signatureAlgorithm, `for key algorithm ${algorithm} the allowed signature algorithms are [${allowed.join(' ')}]`));
  }
  return errors;
}

/** ValidateDuration: duration at least 1h, renewBefore at least 5m and below duration, renewBeforePercentage in range. */
export function validateDuration(spec: Json, nanos: ReadonlyMap<string, bigint>, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const duration = nanos.get('duration') ?? DEFAULT_CERTIFICATE_DURATION;
  const renewBefore = nanos.get('renewBefore');
  const percentage = typeof spec.renewBeforePercentage === 'number' ? spec.renewBeforePercentage : undefined;
  const show = goDurationString;
  if (duration < MINIMUM_CERTIFICATE_DURATION) {
    errors.push(goInvalid(childPath(path, 'duration'), show(duration), `certificate duration must be greater than ${show(MINIMUM_CERTIFICATE_DURATION)}`));
  }
  if (renewBefore !== undefined && percentage !== undefined) {
    const message = 'renewBefore and renewBeforePercentage are mutually exclusive and cannot both be set';
    errors.push(goInvalid(childPath(path, 'renewBefore'), show(renewBefore), message), invalid(childPath(path, 'renewBeforePercentage'), percentage, message));
  }
  if (renewBefore !== undefined && renewBefore < MINIMUM_RENEW_BEFORE) {
    errors.push(goInvalid(childPath(path, 'renewBefore'), show(renewBefore), `certificate renewBefore must be greater than ${show(MINIMUM_RENEW_BEFORE)}`));
  }
  if (renewBefore !== undefined && renewBefore >= duration) {
    errors.push(goInvalid(childPath(path, 'renewBefore'), show(renewBefore), `certificate duration ${show(duration)} must be greater than renewBefore ${show(renewBefore)}`));
  }
  if (percentage !== undefined) {
    const derived = BigInt(Math.trunc((Number(duration) * (100 - percentage)) / 100));
    const at = childPath(path, 'renewBeforePercentage');
    if (derived < MINIMUM_RENEW_BEFORE) errors.push(invalid(at, percentage, `certificate renewBeforePercentage must result in a renewBefore greater than ${show(MINIMUM_RENEW_BEFORE)}`));
    if (derived >= duration) errors.push(invalid(at, percentage, 'certificate renewBeforePercentage must result in a renewBefore less than duration'));
  }
  return errors;
}

/** field.Invalid of a Go value printed by its String() method (time.Duration): unquoted. */
const goInvalid = (path: string, shown: string, detail: string): FieldError => ({ path, rule: `Invalid value: ${shown}: ${detail}` });

/** validateSecretTemplateAnnotations, validateAdditionalOutputFormats, validateKeystores, nameConstraints, revisionHistoryLimit. */
function validateOutputs(spec: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (typeof spec.revisionHistoryLimit === 'number' && spec.revisionHistoryLimit < 1) {
    errors.push(invalid(childPath(path, 'revisionHistoryLimit'), spec.revisionHistoryLimit, 'must not be less than 1'));
  }
  const template = record(spec.secretTemplate);
  errors.push(...checkLabels(template?.labels, childPath(childPath(path, 'secretTemplate'), 'labels')));
  const annotationsPath = childPath(childPath(path, 'secretTemplate'), 'annotations');
  for (const key of Object.keys(record(template?.annotations) ?? {})) {
    if (key.startsWith('cert-manager.io/') && key !== 'cert-manager.io/allow-direct-injection') {
      errors.push(invalid(annotationsPath, key, 'cert-manager.io/* annotations are not allowed'));
    }
  }
  errors.push(...checkAnnotations(template?.annotations, annotationsPath));
  const constraints = record(spec.nameConstraints);
  if (constraints) {
    if (spec.isCA !== true) errors.push(invalid(childPath(path, 'nameConstraints'), constraints, 'isCa should be true when nameConstraints is set'));
    if (!record(constraints.permitted) && !record(constraints.excluded)) errors.push(invalid(childPath(path, 'nameConstraints'), constraints, 'either permitted or excluded must be set'));
  }
  const types = new Set<unknown>();
  for (const format of records(spec.additionalOutputFormats)) {
    if (types.has(format.type)) errors.push(duplicate(`${childPath(path, 'additionalOutputFormats')}[type]`, format.type));
    types.add(format.type);
  }
  for (const [field, name] of [['jks', 'JKS'], ['pkcs12', 'PKCS#12']] as const) {
    const keystore = record(record(spec.keystores)?.[field]);
    if (!keystore) continue;
    const at = childPath(childPath(path, 'keystores'), field);
    const hasPassword = typeof keystore.password === 'string';
    const hasReference = nonEmptyString(record(keystore.passwordSecretRef)?.name);
    if (hasPassword && hasReference) errors.push(forbidden(at, `exactly one of passwordSecretRef and password must be provided for ${name} keystores; cannot set both`));
    if (!hasPassword && !hasReference) errors.push(forbidden(at, `must set exactly one of passwordSecretRef and password must for ${name} keystores`));
    if (keystore.password === '') errors.push(forbidden(childPath(at, 'password'), `literal password cannot be empty if set on ${name} keystores`));
  }
  return errors;
}

/** validateCertificateRenewal: a known policy, and no windows when renewal is Disabled; each window has a duration. */
function validateCertificateRenewal(spec: Json, path: string): FieldError[] {
  const renewal = record(spec.renewal);
  if (!renewal) return [];
  const at = childPath(path, 'renewal');
  const windows = records(renewal.windows);
  if (renewal.policy === 'Disabled') return windows.length > 0 ? [forbidden(childPath(at, 'windows'), 'windows cannot be set when `renewal.policy` is set to Disabled')] : [];
  const errors = renewal.policy === 'RenewBefore' ? [] : [notSupported(childPath(at, 'policy'), renewal.policy ?? '', ['Disabled', 'RenewBefore'])];
  windows.forEach((window, index) => {
    if (window.windowDuration === undefined) {
      errors.push(required(childPath(indexPath(childPath(at, 'windows'), index), 'windowDuration'), 'windowDuration must be specified and should be greater than 0'));
    }
  });
  return errors;
}

/** ValidateCertificate (create): the spec's rules after the webhook decoded it. */
export function validateCertificate(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const decoded = decodeDurations(spec, 'spec', ['duration', 'renewBefore']);
  if (decoded.errors.length > 0) return decoded.errors;
  const errors: FieldError[] = [];
  if (!nonEmptyString(spec.secretName)) errors.push(required('spec.secretName', 'must be specified'));
  else if (!(spec.secretName.length <= 253 && DNS1123_SUBDOMAIN.test(spec.secretName))) errors.push(invalid('spec.secretName', spec.secretName, SUBDOMAIN_MESSAGE));
  errors.push(...validateIssuerRef(record(spec.issuerRef) ?? {}, 'spec'));
  errors.push(...validateIdentity(spec, 'spec'), ...validateSubjectAltNames(spec, 'spec'), ...validateKey(spec, 'spec'));
  if (spec.duration !== undefined || spec.renewBefore !== undefined) errors.push(...validateDuration(spec, decoded.nanos, 'spec'));
  errors.push(...validateOutputs(spec, 'spec'), ...validateCertificateRenewal(spec, 'spec'));
  return errors;
}
