// cert-manager's validating webhook for Issuer and ClusterIssuer (v1.21 internal/apis/certmanager/validation/issuer.go):
// exactly one issuer type, and the fields each type needs.
import { childPath, indexPath } from '../field-path';
import { DNS1123_SUBDOMAIN, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { validateDns01, validateSecretKeySelector } from './certmanager-dns01';
import { forbidden, invalid, type Json, nonEmptyString, record, records, required } from './common';
import { parseGoDurationNanos } from './go-values';

const ISSUER_TYPES = ['acme', 'ca', 'selfSigned', 'vault', 'venafi'] as const;
const DOT_DOT = "must not contain '..' path segments";
const hasDotDot = (path: unknown) => typeof path === 'string' && path.split('/').includes('..');
const hasText = (value: unknown) => typeof value === 'string' && value.length > 0;

/** ValidateCAIssuerConfig. */
export function validateCAIssuerConfig(ca: Json, path: string): FieldError[] {
  const errors = nonEmptyString(ca.secretName) ? [] : [required(childPath(path, 'secretName'))];
  (Array.isArray(ca.ocspServers) ? ca.ocspServers : []).forEach((url, index) => {
    if (url === '') errors.push(invalid(indexPath(childPath(path, 'ocspServer'), index), url, 'must be a valid URL, e.g., http://ocsp.int-x3.letsencrypt.org'));
  });
  (Array.isArray(ca.issuingCertificateURLs) ? ca.issuingCertificateURLs : []).forEach((url, index) => {
    if (url === '') errors.push(invalid(indexPath(childPath(path, 'issuingCertificateURLs'), index), url, 'must be a valid URL'));
  });
  return errors;
}

/** ValidateVaultIssuerAuth: one auth method, each with what it needs. */
function validateVaultIssuerAuth(auth: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const methods = ['tokenSecretRef', 'appRole', 'clientCertificate', 'kubernetes', 'aws'].filter((method) => record(auth[method]));
  const appRole = record(auth.appRole);
  if (appRole) {
    if (!hasText(appRole.roleId)) errors.push(required(childPath(path, 'appRole.roleId')));
    if (!hasText(record(appRole.secretRef)?.name)) errors.push(required(childPath(path, 'appRole.secretRef.name')));
    if (hasDotDot(appRole.path)) errors.push(invalid(childPath(path, 'appRole.path'), appRole.path, DOT_DOT));
  }
  const clientCertificate = record(auth.clientCertificate);
  // Upstream names the Go field (Path) in the error; the JSON field is mountPath.
  if (clientCertificate && hasDotDot(clientCertificate.mountPath)) errors.push(invalid(childPath(path, 'clientCertificate.path'), clientCertificate.mountPath, DOT_DOT));
  const kubernetes = record(auth.kubernetes);
  if (kubernetes) {
    if (!hasText(kubernetes.role)) errors.push(required(childPath(path, 'kubernetes.role')));
    if (hasDotDot(kubernetes.mountPath)) errors.push(invalid(childPath(path, 'kubernetes.path'), kubernetes.mountPath, DOT_DOT));
    const serviceAccountRef = record(kubernetes.serviceAccountRef);
    if (serviceAccountRef && !hasText(serviceAccountRef.name)) errors.push(required(childPath(path, 'kubernetes.serviceAccountRef.name')));
    const references = Number(hasText(record(kubernetes.secretRef)?.name)) + Number(serviceAccountRef !== undefined);
    if (references === 0) errors.push(required(childPath(path, 'kubernetes'), 'please supply one of: secretRef, serviceAccountRef'));
    if (references > 1) errors.push(forbidden(childPath(path, 'kubernetes'), 'please supply one of: secretRef, serviceAccountRef'));
  }
  const aws = record(auth.aws);
  if (aws) {
    if (!hasText(aws.role)) errors.push(required(childPath(path, 'aws.role')));
    if (hasDotDot(aws.mountPath)) errors.push(invalid(childPath(path, 'aws.mountPath'), aws.mountPath, DOT_DOT));
    const serviceAccountRef = record(aws.serviceAccountRef);
    if (serviceAccountRef && !hasText(serviceAccountRef.name)) errors.push(required(childPath(path, 'aws.serviceAccountRef.name')));
    if (serviceAccountRef && !hasText(aws.iamRoleArn)) errors.push(required(childPath(path, 'aws.iamRoleArn'), 'iamRoleArn is required when using serviceAccountRef for IRSA'));
  }
  if (methods.length === 0) errors.push(required(path, 'please supply one of: appRole, kubernetes, tokenSecretRef, clientCertificate, aws'));
  return errors;
}

/** ValidateVaultIssuerConfig. */
export function validateVaultIssuerConfig(vault: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (!hasText(vault.server)) errors.push(required(childPath(path, 'server')));
  if (!hasText(vault.path)) errors.push(required(childPath(path, 'path')));
  else if (hasDotDot(vault.path)) errors.push(invalid(childPath(path, 'path'), vault.path, DOT_DOT));
  if (hasText(vault.caBundle) && record(vault.caBundleSecretRef)) {
    errors.push(invalid(childPath(path, 'caBundle'), '<snip>', 'specified caBundle and caBundleSecretRef cannot be used together'));
    errors.push(invalid(childPath(path, 'caBundleSecretRef'), record(vault.caBundleSecretRef)?.name ?? '', 'specified caBundleSecretRef and caBundle cannot be used together'));
  }
  const cert = record(vault.clientCertSecretRef);
  const key = record(vault.clientKeySecretRef);
  if (cert && !key) errors.push(invalid(childPath(path, 'clientKeySecretRef'), '<snip>', 'clientKeySecretRef must be provided when defining the clientCertSecretRef'));
  else if (!cert && key) errors.push(invalid(childPath(path, 'clientCertSecretRef'), '<snip>', 'clientCertSecretRef must be provided when defining the clientKeySecretRef'));
  errors.push(...validateVaultIssuerAuth(record(vault.auth) ?? {}, childPath(path, 'auth')));
  return errors;
}

/** ValidateVenafiIssuerConfig (with ValidateVenafiTPP and ValidateVenafiNGTS). */
export function validateVenafiIssuerConfig(venafi: Json, path: string): FieldError[] {
  const errors = hasText(venafi.zone) ? [] : [required(childPath(path, 'zone'))];
  const tpp = record(venafi.tpp);
  if (tpp) {
    if (!hasText(tpp.url)) errors.push(required(childPath(path, 'tpp.url')));
    if (hasText(tpp.caBundle) && record(tpp.caBundleSecretRef)) errors.push(forbidden(childPath(path, 'tpp'), 'may not specify more than one of caBundle/caBundleSecretRef as TPP CA Bundle'));
  }
  const ngts = record(venafi.ngts);
  if (ngts) {
    if (!hasText(ngts.tsgID)) errors.push(required(childPath(path, 'ngts.tsgID')));
    if (!hasText(record(ngts.credentialsRef)?.name)) errors.push(required(childPath(path, 'ngts.credentialsRef.name')));
  }
  const count = [tpp, record(venafi.cloud), ngts].filter(Boolean).length;
  if (count === 0) errors.push(required(path, 'please supply one of: tpp, cloud, ngts'));
  if (count > 1) errors.push(forbidden(path, 'please supply one of: tpp, cloud, ngts'));
  return errors;
}

const SERVICE_TYPE_MESSAGE = 'must be empty, "ClusterIP" or "NodePort"';
const isSolverServiceType = (type: unknown) => type === undefined || type === '' || type === 'ClusterIP' || type === 'NodePort';

/** ValidateACMEIssuerChallengeSolverHTTP01Config with its ingress and gateway checks. */
function validateHttp01(http01: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const ingress = record(http01.ingress);
  const gateway = record(http01.gatewayHTTPRoute);
  if (ingress) {
    const at = childPath(path, 'ingress');
    if ([ingress.class !== undefined, ingress.ingressClassName !== undefined, hasText(ingress.name)].filter(Boolean).length > 1) {
      errors.push(forbidden(at, "only one of 'ingressClassName', 'name' or 'class' should be specified"));
    }
    const className = ingress.ingressClassName;
    if (typeof className === 'string' && !(className.length <= 253 && DNS1123_SUBDOMAIN.test(className))) {
      errors.push(invalid(childPath(at, 'ingressClassName'), className, `must be a valid IngressClass name: ${SUBDOMAIN_MESSAGE}`));
    }
    if (!isSolverServiceType(ingress.serviceType)) errors.push(invalid(childPath(at, 'serviceType'), ingress.serviceType, SERVICE_TYPE_MESSAGE));
  }
  if (gateway) {
    const at = childPath(path, 'gateway');
    if (!isSolverServiceType(gateway.serviceType)) errors.push(invalid(childPath(at, 'serviceType'), gateway.serviceType, SERVICE_TYPE_MESSAGE));
    for (const [index, parent] of records(gateway.parentRefs).entries()) {
      const parentPath = indexPath(childPath(at, 'parentRefs'), index);
      if (parent.kind !== undefined && !hasText(parent.name)) { errors.push(required(childPath(parentPath, 'name'), 'name is required when kind is specified')); break; }
      if (hasText(parent.name) && parent.kind === undefined) { errors.push(required(childPath(parentPath, 'kind'), 'kind is required when name is specified')); break; }
    }
  }
  if (!ingress && !gateway) errors.push(required(path, 'no HTTP01 solver type configured'));
  if (ingress && gateway) errors.push(required(path, 'only 1 HTTP01 solver type may be configured'));
  return errors;
}

/** ValidateACMEIssuerConfig with ValidateACMEIssuerChallengeSolverConfig. */
export function validateACMEIssuerConfig(acme: Json, path: string): { errors: FieldError[]; warnings: FieldError[] } {
  const errors: FieldError[] = [];
  if (hasText(acme.caBundle) && acme.skipTLSVerify === true) {
    const message = 'caBundle and skipTLSVerify are mutually exclusive and cannot both be set';
    errors.push(invalid(childPath(path, 'caBundle'), '', message), { path: childPath(path, 'skipTLSVerify'), rule: `Invalid value: true: ${message}` });
  }
  if (!hasText(record(acme.privateKeySecretRef)?.name)) errors.push(required(childPath(path, 'privateKeySecretRef.name'), 'private key secret name is a required field'));
  if (!hasText(acme.server)) errors.push(required(childPath(path, 'server'), 'acme server URL is a required field'));
  const warnings: FieldError[] = [];
  const binding = record(acme.externalAccountBinding);
  if (binding) {
    const at = childPath(path, 'externalAccountBinding');
    if (!hasText(binding.keyID)) errors.push(required(childPath(at, 'keyID'), 'the keyID field is required when using externalAccountBinding'));
    errors.push(...validateSecretKeySelector(binding.keySecretRef, childPath(at, 'keySecretRef')));
    if (hasText(binding.keyAlgorithm)) {
      warnings.push({ path: at, warning: true, rule: "Warning: ACME issuer spec field 'externalAccount.keyAlgorithm' is deprecated. The value of this field will be ignored." });
    }
  }
  records(acme.solvers).forEach((solver, index) => {
    const at = indexPath(childPath(path, 'solvers'), index);
    const http01 = record(solver.http01);
    if (http01) errors.push(...validateHttp01(http01, childPath(at, 'http01')));
    const dns01 = record(solver.dns01);
    if (http01 && dns01) errors.push(forbidden(at, 'may not specify more than one solver type in a single solver'));
    else if (dns01) errors.push(...validateDns01(dns01, childPath(at, 'dns01')));
    if (!http01 && !record(solver.dns01)) errors.push(required(at, 'no solver type configured'));
    const wait = typeof solver.waitInsteadOfSelfCheck === 'string' ? parseGoDurationNanos(solver.waitInsteadOfSelfCheck) : undefined;
    if (wait !== undefined && wait < 0n) errors.push(invalid(childPath(at, 'waitInsteadOfSelfCheck'), solver.waitInsteadOfSelfCheck, 'waitInsteadOfSelfCheck must not be negative'));
  });
  return { errors, warnings };
}

/** ValidateIssuerConfig: exactly one issuer type (the second and later refused), then that type's rules. */
export function validateIssuerConfig(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const present = ISSUER_TYPES.filter((type) => record(spec[type]));
  const errors: FieldError[] = present.slice(1).map((type) => forbidden(childPath('spec', type), 'may not specify more than one issuer type'));
  if (present.length === 0) return [required('spec', 'at least one issuer must be configured')];
  const first = present[0];
  const config = record(spec[first])!;
  const at = childPath('spec', first);
  if (first === 'acme') {
    const acme = validateACMEIssuerConfig(config, at);
    return [...errors, ...acme.errors, ...acme.warnings];
  }
  if (first === 'ca') errors.push(...validateCAIssuerConfig(config, at));
  if (first === 'vault') errors.push(...validateVaultIssuerConfig(config, at));
  if (first === 'venafi') errors.push(...validateVenafiIssuerConfig(config, at));
  return errors;
}
