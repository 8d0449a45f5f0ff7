// cert-manager's webhook on Issuers and ClusterIssuers (tools/validate/rules/certmanager-issuer.ts), by inventory id.
import { Validator } from '../../../tools/validate';
import { validExamples, verdictsOn } from '../examples';

const validator = Validator.fromPinnedCrds();

function verdicts(spec: Record<string, unknown>, example = 'Issuer CA'): string[] {
  const object: any = { ...structuredClone(validExamples[example]), spec };
  return verdictsOn(validator, object);
}

const acme = (extra: Record<string, unknown> = {}) => ({ acme: { server: 'https://acme.example/directory', privateKeySecretRef: { name: 'acme-key' }, ...extra } });
const vault = (extra: Record<string, unknown> = {}) => ({ vault: { server: 'https://vault.example', path: 'pki/sign/x', auth: { tokenSecretRef: { name: 't', key: 'k' } }, ...extra } });

const cases: Array<[string, Record<string, unknown>, string[]]> = [
  ['cert-manager.ValidateIssuerConfig.3: an Issuer with two issuer types', { ca: { secretName: 'ca' }, selfSigned: {} },
    ['spec.selfSigned: Forbidden: may not specify more than one issuer type']],
  ['cert-manager.ValidateIssuerConfig.2, .4 and .5: acme first, then ca, vault and venafi', { ...acme(), ca: { secretName: 'ca' }, ...vault(), venafi: { zone: 'z', cloud: { apiTokenSecretRef: { name: 'v', key: 'k' } } } },
    ['spec.ca: Forbidden: may not specify more than one issuer type', 'spec.vault: Forbidden: may not specify more than one issuer type',
      'spec.venafi: Forbidden: may not specify more than one issuer type']],
  ['cert-manager.ValidateIssuerConfig.6: no issuer type', {}, ['spec: Required value: at least one issuer must be configured']],
  ['cert-manager.ValidateCAIssuerConfig.2 and .3: empty OCSP and issuing certificate URLs', { ca: { secretName: 'ca', ocspServers: [''], issuingCertificateURLs: [''] } },
    ['spec.ca.ocspServer[0]: Invalid value: "": must be a valid URL, e.g., http://ocsp.int-x3.letsencrypt.org', 'spec.ca.issuingCertificateURLs[0]: Invalid value: "": must be a valid URL']],
  ['cert-manager.ValidateACMEIssuerConfig.1 and .2: caBundle with skipTLSVerify', acme({ caBundle: 'Zm9v', skipTLSVerify: true }),
    ['spec.acme.caBundle: Invalid value: "": caBundle and skipTLSVerify are mutually exclusive and cannot both be set',
      'spec.acme.skipTLSVerify: Invalid value: true: caBundle and skipTLSVerify are mutually exclusive and cannot both be set']],
  ['cert-manager.ValidateACMEIssuerConfig.7 and cert-manager.ValidateSecretKeySelector.2: an EAB key without its key, with keyAlgorithm',
    acme({ externalAccountBinding: { keyID: 'id', keySecretRef: { name: 'eab' }, keyAlgorithm: 'HS256' } }),
    ['spec.acme.externalAccountBinding.keySecretRef.key: Required value: secret key is required',
      "spec.acme.externalAccountBinding: Warning: ACME issuer spec field 'externalAccount.keyAlgorithm' is deprecated. The value of this field will be ignored."]],
  ['cert-manager.ValidateACMEIssuerChallengeSolverConfig.1 and .2: a solver with two types, one with none', acme({ solvers: [{ http01: { ingress: {} }, dns01: { webhook: { groupName: 'g', solverName: 's' } } }, {}] }),
    ['spec.acme.solvers[0]: Forbidden: may not specify more than one solver type in a single solver', 'spec.acme.solvers[1]: Required value: no solver type configured']],
  ['cert-manager.ValidateACMEIssuerChallengeSolverConfig.3: a negative waitInsteadOfSelfCheck', acme({ solvers: [{ http01: { ingress: {} }, waitInsteadOfSelfCheck: '-1s' }] }),
    ['spec.acme.solvers[0].waitInsteadOfSelfCheck: Invalid value: "-1s": waitInsteadOfSelfCheck must not be negative']],
  ['cert-manager.ValidateACMEIssuerChallengeSolverHTTP01Config.1: http01 without ingress or gateway', acme({ solvers: [{ http01: {} }] }),
    ['spec.acme.solvers[0].http01: Required value: no HTTP01 solver type configured']],
  ['cert-manager.ValidateACMEIssuerChallengeSolverHTTP01Config.2: http01 with both', acme({ solvers: [{ http01: { ingress: {}, gatewayHTTPRoute: {} } }] }),
    ['spec.acme.solvers[0].http01: Required value: only 1 HTTP01 solver type may be configured']],
  ['cert-manager.ValidateACMEIssuerChallengeSolverHTTP01IngressConfig.1 and .2: class and ingressClassName, a bad class name',
    acme({ solvers: [{ http01: { ingress: { class: 'nginx', ingressClassName: 'Nginx' } } }] }),
    ['spec.acme.solvers[0].http01.ingress: Forbidden: only one of \'ingressClassName\', \'name\' or \'class\' should be specified',
      'spec.acme.solvers[0].http01.ingress.ingressClassName: Invalid value: "Nginx": must be a valid IngressClass name: a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, \'-\' or \'.\', and must start and end with an alphanumeric character (e.g. \'example.com\', regex used for validation is \'[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\')']],
  ['cert-manager.ValidateACMEIssuerChallengeSolverHTTP01GatewayConfig.1: a gateway solver Service of type LoadBalancer',
    acme({ solvers: [{ http01: { gatewayHTTPRoute: { serviceType: 'LoadBalancer' } } }] }),
    ['spec.acme.solvers[0].http01.gateway.serviceType: Invalid value: "LoadBalancer": must be empty, "ClusterIP" or "NodePort"']],
  ['the CRD answers before cert-manager.ValidateACMEIssuerChallengeSolverHTTP01GatewayConfig.2 can: a parentRef with an empty or no name',
    acme({ solvers: [{ http01: { gatewayHTTPRoute: { parentRefs: [{ kind: 'Gateway', name: '' }, { kind: 'Gateway' }] } } }] }),
    ['spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0].name: Invalid value: "": spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[0].name in body should be at least 1 chars long',
      'spec.acme.solvers[0].http01.gatewayHTTPRoute.parentRefs[1].name: Required value']],
  ['cert-manager.ValidateACMEIssuerChallengeSolverHTTP01IngressConfig.3: an ingress solver Service of type LoadBalancer',
    acme({ solvers: [{ http01: { ingress: { serviceType: 'LoadBalancer' } } }] }),
    ['spec.acme.solvers[0].http01.ingress.serviceType: Invalid value: "LoadBalancer": must be empty, "ClusterIP" or "NodePort"']],
  ['cert-manager.ValidateVaultIssuerConfig.3: a Vault path with ..', vault({ path: 'pki/../sys' }),
    ['spec.vault.path: Invalid value: "pki/../sys": must not contain \'..\' path segments']],
  ['cert-manager.ValidateVaultIssuerConfig.7: a client certificate without its key', vault({ clientCertSecretRef: { name: 'c' } }),
    ['spec.vault.clientKeySecretRef: Invalid value: "<snip>": clientKeySecretRef must be provided when defining the clientCertSecretRef']],
  ['cert-manager.ValidateVaultIssuerAuth.14: no Vault auth method', vault({ auth: {} }),
    ['spec.vault.auth: Required value: please supply one of: appRole, kubernetes, tokenSecretRef, clientCertificate, aws']],
  ['cert-manager.ValidateVaultIssuerAuth.8: kubernetes auth without a secretRef or serviceAccountRef', vault({ auth: { kubernetes: { role: 'r' } } }),
    ['spec.vault.auth.kubernetes: Required value: please supply one of: secretRef, serviceAccountRef']],
  // The CRD only asks that these fields be present: an empty string passes it and reaches the webhook.
  ['cert-manager.ValidateCAIssuerConfig.1: an empty CA secretName', { ca: { secretName: '' } }, ['spec.ca.secretName: Required value']],
  ['cert-manager.ValidateVaultIssuerConfig.1 and .2: empty Vault server and path', vault({ server: '', path: '' }), ['spec.vault.server: Required value', 'spec.vault.path: Required value']],
  ['cert-manager.ValidateACMEIssuerConfig.4 and .5: empty ACME server and key name', { acme: { server: '', privateKeySecretRef: { name: '' } } },
    ['spec.acme.privateKeySecretRef.name: Required value: private key secret name is a required field', 'spec.acme.server: Required value: acme server URL is a required field']],
  ['cert-manager.ValidateACMEIssuerConfig.6 and cert-manager.ValidateSecretKeySelector.1: an empty EAB keyID and key name',
    acme({ externalAccountBinding: { keyID: '', keySecretRef: { name: '', key: 'k' } } }),
    ['spec.acme.externalAccountBinding.keyID: Required value: the keyID field is required when using externalAccountBinding',
      'spec.acme.externalAccountBinding.keySecretRef.name: Required value: secret name is required']],
  ['cert-manager.ValidateVenafiIssuerConfig.1: an empty Venafi zone', { venafi: { zone: '', cloud: { apiTokenSecretRef: { name: 'v', key: 'k' } } } }, ['spec.venafi.zone: Required value']],
  ['cert-manager.ValidateVenafiTPP.1: an empty TPP url', { venafi: { zone: 'z', tpp: { url: '', credentialsRef: { name: 'c' } } } }, ['spec.venafi.tpp.url: Required value']],
  ['cert-manager.ValidateVenafiNGTS.1 and .2: empty NGTS tsgID and credentials', { venafi: { zone: 'z', ngts: { tsgID: '', credentialsRef: { name: '' } } } },
    ['spec.venafi.ngts.tsgID: Required value', 'spec.venafi.ngts.credentialsRef.name: Required value']],
  ['cert-manager.ValidateVaultIssuerAuth.1, .2 and .3: an empty appRole, a path with ..', vault({ auth: { appRole: { path: 'approle/..', roleId: '', secretRef: { name: '' } } } }),
    ['spec.vault.auth.appRole.roleId: Required value', 'spec.vault.auth.appRole.secretRef.name: Required value',
      'spec.vault.auth.appRole.path: Invalid value: "approle/..": must not contain \'..\' path segments']],
  ['cert-manager.ValidateVaultIssuerAuth.5 and .6: an empty kubernetes role, a path with ..', vault({ auth: { kubernetes: { role: '', mountPath: '../k8s', secretRef: { name: 's' } } } }),
    ['spec.vault.auth.kubernetes.role: Required value', 'spec.vault.auth.kubernetes.path: Invalid value: "../k8s": must not contain \'..\' path segments']],
  ['cert-manager.ValidateVaultIssuerAuth.11, .12 and .13: aws auth with a bad mount path, an unnamed service account and no role ARN',
    vault({ auth: { aws: { role: 'r', mountPath: '/v1/../aws', serviceAccountRef: { name: '' } } } }),
    ['spec.vault.auth.aws.mountPath: Invalid value: "/v1/../aws": must not contain \'..\' path segments',
      'spec.vault.auth.aws.serviceAccountRef.name: Required value', 'spec.vault.auth.aws.iamRoleArn: Required value: iamRoleArn is required when using serviceAccountRef for IRSA']],
  ['cert-manager.ValidateVaultIssuerAuth.4: a client certificate path with ..', vault({ auth: { clientCertificate: { mountPath: 'cert/..' } } }),
    ['spec.vault.auth.clientCertificate.path: Invalid value: "cert/..": must not contain \'..\' path segments']],
  ['cert-manager.ValidateVaultIssuerConfig.5 and .6: caBundle with caBundleSecretRef', vault({ caBundle: 'Zm9v', caBundleSecretRef: { name: 'ca', key: 'ca.crt' } }),
    ['spec.vault.caBundle: Invalid value: "<snip>": specified caBundle and caBundleSecretRef cannot be used together',
      'spec.vault.caBundleSecretRef: Invalid value: "ca": specified caBundleSecretRef and caBundle cannot be used together']],
  ['cert-manager.ValidateVaultIssuerConfig.8: a client key without its certificate', vault({ clientKeySecretRef: { name: 'k' } }),
    ['spec.vault.clientCertSecretRef: Invalid value: "<snip>": clientCertSecretRef must be provided when defining the clientKeySecretRef']],
  ['cert-manager.validateVenafiTPPCABundleUnique.1: a TPP caBundle with caBundleSecretRef', { venafi: { zone: 'z', tpp: { url: 'https://tpp', credentialsRef: { name: 'c' }, caBundle: 'Zm9v', caBundleSecretRef: { name: 'ca', key: 'k' } } } },
    ['spec.venafi.tpp: Forbidden: may not specify more than one of caBundle/caBundleSecretRef as TPP CA Bundle']],
  ['cert-manager.ValidateVaultIssuerAuth.7 and .9: kubernetes auth with both references, one unnamed', vault({ auth: { kubernetes: { role: 'r', secretRef: { name: 's' }, serviceAccountRef: { name: '' } } } }),
    ['spec.vault.auth.kubernetes.serviceAccountRef.name: Required value', 'spec.vault.auth.kubernetes: Forbidden: please supply one of: secretRef, serviceAccountRef']],
];

describe('cert-manager\'s webhook on Issuers and ClusterIssuers', () => {
  test.each(cases)('%s', (_id, spec, expected) => {
    expect(verdicts(spec)).toEqual(expected);
  });

  test('a ClusterIssuer gets the same rules (ValidateClusterIssuer calls ValidateIssuerSpec)', () => {
    expect(verdicts({ ca: { secretName: 'ca' }, selfSigned: {} }, 'ClusterIssuer')).toEqual(['spec.selfSigned: Forbidden: may not specify more than one issuer type']);
    expect(verdicts({ selfSigned: {} }, 'ClusterIssuer')).toEqual([]);
  });
});
