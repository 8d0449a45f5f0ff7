// cert-manager's webhook on ACME DNS01 solvers (tools/validate/rules/certmanager-dns01.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();
const at = 'spec.acme.solvers[0].dns01';
const ref = { name: 's', key: 'k' };

function verdicts(dns01: Record<string, unknown>): string[] {
  const acme = { server: 'https://acme.example/directory', privateKeySecretRef: { name: 'acme-key' }, solvers: [{ dns01 }] };
  const object: any = { ...structuredClone(validExamples['Issuer CA']), spec: { acme } };
  return verdictsOn(validator, object);
}

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ['cert-manager.ValidateACMEChallengeSolverDNS01.31: a dns01 solver without a provider', {}, [`${at}: Required value: no DNS01 provider configured`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.3, .14, .16, .20, .23, .24 and .29: providers after the first', {
    akamai: { serviceConsumerDomain: 'd', accessTokenSecretRef: ref, clientSecretSecretRef: ref, clientTokenSecretRef: ref },
    cloudDNS: { project: 'p' }, azureDNS: { subscriptionID: 's', resourceGroupName: 'r' }, cloudflare: { apiTokenSecretRef: ref }, route53: { region: 'eu-west-1' },
    digitalocean: { tokenSecretRef: ref }, rfc2136: { nameserver: '10.0.0.1' }, webhook: { groupName: 'g', solverName: 's' },
  }, [`${at}.azureDNS: Forbidden: may not specify more than one provider type`, `${at}.cloudDNS: Forbidden: may not specify more than one provider type`, `${at}.cloudflare: Forbidden: may not specify more than one provider type`,
    `${at}.route53: Forbidden: may not specify more than one provider type`, `${at}.digitalocean: Forbidden: may not specify more than one provider type`,
    `${at}.rfc2136: Forbidden: may not specify more than one provider type`, `${at}.webhook: Forbidden: may not specify more than one provider type`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.5, .6, .11 and .12: azureDNS service principal half given, no subscription or group', {
    azureDNS: { clientID: 'c', subscriptionID: '', resourceGroupName: '' },
  }, [`${at}.azureDNS.clientSecretSecretRef: Required value`, `${at}.azureDNS.tenantID: Required value`, `${at}.azureDNS.subscriptionID: Required value`,
    `${at}.azureDNS.resourceGroupName: Required value`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.4 and .7: azureDNS tenant without client, beside a managed identity', {
    azureDNS: { tenantID: 't', clientSecretSecretRef: ref, managedIdentity: { clientID: 'm' }, subscriptionID: 's', resourceGroupName: 'r' },
  }, [`${at}.azureDNS.clientID: Required value`,
    `${at}.azureDNS.managedIdentity: Forbidden: managed identity cannot be used at the same time as clientID, clientSecretSecretRef or tenantID`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.8, .9 and .10: managed identity with clashing ids', {
    azureDNS: { managedIdentity: { tenantID: 't', resourceID: 'r' }, subscriptionID: 's', resourceGroupName: 'r' },
  }, [`${at}.azureDNS.managedIdentity: Forbidden: managedIdentityTenantID and managedIdentityResourceID cannot both be specified`,
    `${at}.azureDNS.managedIdentity: Required value: managedIdentityClientID is required when using managedIdentityTenantID`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.8: managed identity with client and resource ids', {
    azureDNS: { managedIdentity: { clientID: 'c', resourceID: 'r' }, subscriptionID: 's', resourceGroupName: 'r' },
  }, [`${at}.azureDNS.managedIdentity: Forbidden: managedIdentityClientID and managedIdentityResourceID cannot both be specified`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.15: cloudDNS with an empty project', { cloudDNS: { project: '' } }, [`${at}.cloudDNS.project: Required value`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.17: cloudflare with key and token', { cloudflare: { apiKeySecretRef: ref, apiTokenSecretRef: ref, email: 'a@b.c' } },
    [`${at}.cloudflare: Forbidden: apiKeySecretRef and apiTokenSecretRef cannot both be specified`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.18: cloudflare without credentials', { cloudflare: { email: 'a@b.c' } },
    [`${at}.cloudflare: Required value: apiKeySecretRef or apiTokenSecretRef is required`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.19: cloudflare API key without email', { cloudflare: { apiKeySecretRef: ref } }, [`${at}.cloudflare.email: Required value`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.21: route53 with both access key forms', { route53: { region: 'r', accessKeyID: 'AKIA', accessKeyIDSecretRef: ref } },
    [`${at}.route53: Required value: accessKeyID and accessKeyIDSecretRef cannot both be specified`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.22: acmeDNS without host', {
    acmeDNS: { host: '', accountSecretRef: ref },
  }, [`${at}.acmeDNS.host: Required value`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.2: akamai without a consumer domain', {
    akamai: { serviceConsumerDomain: '', accessTokenSecretRef: ref, clientSecretSecretRef: ref, clientTokenSecretRef: ref },
  }, [`${at}.akamai.serviceConsumerDomain: Required value`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.25 and .27: rfc2136 without nameserver, an unknown algorithm', {
    rfc2136: { nameserver: '', tsigAlgorithm: 'HMACSHA3' },
  }, [`${at}.rfc2136.nameserver: Required value`, `${at}.rfc2136.tsigAlgorithm: Unsupported value: "": supported values: "HMACMD5", "HMACSHA1", "HMACSHA256", "HMACSHA512"`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.26 and .28: an unbracketed IPv6 nameserver; a TSIG secret without key name', {
    rfc2136: { nameserver: '2001:db8::1:53', tsigSecretSecretRef: ref },
  }, [`${at}.rfc2136.nameserver: Invalid value: "2001:db8::1:53": nameserver must be set in the form host:port where host is an IPv4 address, an enclosed IPv6 address or a hostname and port is an optional port number.`,
    `${at}.rfc2136.tsigKeyName: Required value`]],
  ['cert-manager.ValidateACMEChallengeSolverDNS01.30: a webhook solver without its name', { webhook: { groupName: 'g', solverName: '' } },
    [`${at}.webhook.solverName: Required value: solver name must be specified`]],
];

describe('cert-manager\'s webhook on DNS01 solvers', () => {
  test.each(cases)('%s', (_id, dns01, expected) => {
    expect(verdicts(dns01)).toEqual(expected);
  });

  test('the CRD\'s enums answer before the webhook (cert-manager.ValidateACMEChallengeSolverDNS01.1 and .13 unreachable)', () => {
    expect(verdicts({ cnameStrategy: 'Chase', webhook: { groupName: 'g', solverName: 's' } }))
      .toEqual([`${at}.cnameStrategy: Unsupported value: "Chase": supported values: "None", "Follow"`]);
  });

  test('accepted: one provider each, well formed', () => {
    for (const dns01 of [{ cloudflare: { apiTokenSecretRef: ref } }, { rfc2136: { nameserver: '[2001:db8::1]:53', tsigKeyName: 'k', tsigSecretSecretRef: ref } },
      { route53: { region: 'eu-west-1' } }, { webhook: { groupName: 'acme.example.com', solverName: 'example' } }]) {
      expect(verdicts(dns01)).toEqual([]);
    }
  });
});
