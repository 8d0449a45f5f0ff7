// cert-manager's webhook on an ACME issuer's DNS01 solvers (v1.21 issuer.go ValidateACMEChallengeSolverDNS01):
// a known CNAME strategy, one provider, and the fields and secret references each provider needs.
import { childPath } from '../field-path';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, record, required } from './common';

const hasText = (value: unknown) => typeof value === 'string' && value.length > 0;
const TSIG_ALGORITHMS = ['HMACMD5', 'HMACSHA1', 'HMACSHA256', 'HMACSHA512'];
const AZURE_ENVIRONMENTS = ['AzurePublicCloud', 'AzureChinaCloud', 'AzureGermanCloud', 'AzureUSGovernmentCloud'];

/** ValidateSecretKeySelector: a secret name and key. */
export function validateSecretKeySelector(selector: unknown, path: string): FieldError[] {
  const reference = record(selector) ?? {};
  const errors: FieldError[] = [];
  if (!hasText(reference.name)) errors.push(required(childPath(path, 'name'), 'secret name is required'));
  if (!hasText(reference.key)) errors.push(required(childPath(path, 'key'), 'secret key is required'));
  return errors;
}

/** util.ValidNameserver: `host:port`, `host`, `[ipv6]:port`; a host must be there and the form must split. */
function validNameserver(text: string): boolean {
  const value = text.trim();
  const bracketed = /^\[([^\]]*)\](?::(\d*))?$/.exec(value);
  if (bracketed) return bracketed[1] !== '';
  const colons = (value.match(/:/g) ?? []).length;
  if (colons === 0) return value !== '';
  if (colons > 1) return false; // an unbracketed IPv6 address: "too many colons in address"
  return value.split(':')[0] !== '';
}

function azureDNS(azure: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const at = childPath(path, 'azureDNS');
  const identity = record(azure.managedIdentity);
  if (hasText(azure.clientID) || hasText(azure.tenantID) || record(azure.clientSecretSecretRef)) {
    if (!hasText(azure.clientID)) errors.push(required(childPath(at, 'clientID')));
    if (!record(azure.clientSecretSecretRef)) errors.push(required(childPath(at, 'clientSecretSecretRef')));
    else errors.push(...validateSecretKeySelector(azure.clientSecretSecretRef, childPath(at, 'clientSecretSecretRef')));
    if (!hasText(azure.tenantID)) errors.push(required(childPath(at, 'tenantID')));
    if (identity) errors.push(forbidden(childPath(at, 'managedIdentity'), 'managed identity cannot be used at the same time as clientID, clientSecretSecretRef or tenantID'));
  } else if (identity) {
    const identityPath = childPath(at, 'managedIdentity');
    if (hasText(identity.clientID) && hasText(identity.resourceID)) errors.push(forbidden(identityPath, 'managedIdentityClientID and managedIdentityResourceID cannot both be specified'));
    if (hasText(identity.tenantID) && hasText(identity.resourceID)) errors.push(forbidden(identityPath, 'managedIdentityTenantID and managedIdentityResourceID cannot both be specified'));
    if (hasText(identity.tenantID) && !hasText(identity.clientID)) errors.push(required(identityPath, 'managedIdentityClientID is required when using managedIdentityTenantID'));
  }
  if (!hasText(azure.subscriptionID)) errors.push(required(childPath(at, 'subscriptionID')));
  if (!hasText(azure.resourceGroupName)) errors.push(required(childPath(at, 'resourceGroupName')));
  if (hasText(azure.environment) && !AZURE_ENVIRONMENTS.includes(azure.environment as string)) {
    errors.push(invalid(childPath(at, 'environment'), azure.environment, `must be either empty or one of ${AZURE_ENVIRONMENTS.slice(0, 3).join(', ')}, or ${AZURE_ENVIRONMENTS[3]}`));
  }
  return errors;
}

function cloudflare(provider: Json, path: string): FieldError[] {
  const at = childPath(path, 'cloudflare');
  const errors: FieldError[] = [];
  const key = record(provider.apiKeySecretRef);
  const token = record(provider.apiTokenSecretRef);
  if (key) errors.push(...validateSecretKeySelector(key, childPath(at, 'apiKeySecretRef')));
  if (token) errors.push(...validateSecretKeySelector(token, childPath(at, 'apiTokenSecretRef')));
  if (key && token) errors.push(forbidden(at, 'apiKeySecretRef and apiTokenSecretRef cannot both be specified'));
  if (!key && !token) errors.push(required(at, 'apiKeySecretRef or apiTokenSecretRef is required'));
  if (!hasText(provider.email) && key) errors.push(required(childPath(at, 'email')));
  return errors;
}

function rfc2136(provider: Json, path: string): FieldError[] {
  const at = childPath(path, 'rfc2136');
  const errors: FieldError[] = [];
  if (!hasText(provider.nameserver)) {errors.push(required(childPath(at, 'nameserver')));}
  else if (!validNameserver(provider.nameserver as string)) {
    errors.push(invalid(childPath(at, 'nameserver'), provider.nameserver,
      'nameserver must be set in the form host:port where host is an IPv4 address, an enclosed IPv6 address or a hostname and port is an optional port number.'));
  }
  if (hasText(provider.tsigAlgorithm) && !TSIG_ALGORITHMS.includes(String(provider.tsigAlgorithm).toUpperCase())) {
    errors.push({ path: childPath(at, 'tsigAlgorithm'), rule: `Unsupported value: "": supported values: ${TSIG_ALGORITHMS.map((name) => JSON.stringify(name)).join(', ')}` });
  }
  const secretPath = childPath(at, 'tsigSecretSecretRef');
  if (hasText(provider.tsigKeyName)) errors.push(...validateSecretKeySelector(provider.tsigSecretSecretRef, secretPath));
  if (validateSecretKeySelector(provider.tsigSecretSecretRef, secretPath).length === 0 && !hasText(provider.tsigKeyName)) errors.push(required(childPath(at, 'tsigKeyName')));
  return errors;
}

/** The first provider's checks, in upstream's order; a later provider is refused (akamai and acmeDNS only count). */
export function validateDns01(dns01: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (hasText(dns01.cnameStrategy) && dns01.cnameStrategy !== 'None' && dns01.cnameStrategy !== 'Follow') {
    errors.push(invalid(childPath(path, 'cnameStrategy'), dns01.cnameStrategy, 'must be one of "None" or "Follow"'));
  }
  let providers = 0;
  const next = (name: string, check: (provider: Json) => FieldError[], counted = false) => {
    const provider = record(dns01[name]);
    if (!provider) return;
    if (providers > 0 && !counted) { errors.push(forbidden(childPath(path, name), 'may not specify more than one provider type')); return; }
    providers += 1;
    errors.push(...check(provider));
  };
  next('akamai', (akamai) => [
    ...validateSecretKeySelector(akamai.accessTokenSecretRef, childPath(path, 'akamai.accessToken')),
    ...validateSecretKeySelector(akamai.clientSecretSecretRef, childPath(path, 'akamai.clientSecret')),
    ...validateSecretKeySelector(akamai.clientTokenSecretRef, childPath(path, 'akamai.clientToken')),
    ...(hasText(akamai.serviceConsumerDomain) ? [] : [required(childPath(path, 'akamai.serviceConsumerDomain'))]),
  ], true);
  next('azureDNS', (azure) => azureDNS(azure, path));
  next('cloudDNS', (cloud) => [
    ...(record(cloud.serviceAccountSecretRef) ? validateSecretKeySelector(cloud.serviceAccountSecretRef, childPath(path, 'cloudDNS.serviceAccountSecretRef')) : []),
    ...(hasText(cloud.project) ? [] : [required(childPath(path, 'cloudDNS.project'))]),
  ]);
  next('cloudflare', (provider) => cloudflare(provider, path));
  next('route53', (route53) => [
    ...(hasText(route53.accessKeyID) && record(route53.accessKeyIDSecretRef)
      ? [required(childPath(path, 'route53'), 'accessKeyID and accessKeyIDSecretRef cannot both be specified')] : []),
    ...(record(route53.accessKeyIDSecretRef) ? validateSecretKeySelector(route53.accessKeyIDSecretRef, childPath(path, 'route53.accessKeyIDSecretRef')) : []),
  ]);
  next('acmeDNS', (acmeDNS) => [
    ...validateSecretKeySelector(acmeDNS.accountSecretRef, childPath(path, 'acmeDNS.accountSecretRef')),
    ...(hasText(acmeDNS.host) ? [] : [required(childPath(path, 'acmeDNS.host'))]),
  ], true);
  next('digitalocean', (digitalocean) => validateSecretKeySelector(digitalocean.tokenSecretRef, childPath(path, 'digitalocean.tokenSecretRef')));
  next('rfc2136', (provider) => rfc2136(provider, path));
  next('webhook', (webhook) => (hasText(webhook.solverName) ? [] : [required(childPath(path, 'webhook.solverName'), 'solver name must be specified')]));
  if (providers === 0) errors.push(required(path, 'no DNS01 provider configured'));
  return errors;
}
