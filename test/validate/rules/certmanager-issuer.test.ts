// cert-manager's webhook on Issuers and ClusterIssuers (tools/validate/rules/certmanager-issuer.ts), by inventory id.
import { formatProblem, Validator } from '../../../tools/validate';
import { validExamples } from '../examples';

const validator = Validator.fromPinnedCrds();

function verdicts(spec: Record<string, unknown>, example = 'Issuer CA'): string[] {
  const object: any = { ...structuredClone(validExamples[example]), spec };
  return validator.validate([object]).map((problem) => formatProblem(problem).replace(/^(Cluster)?Issuer (backend-mtls\/)?[\w-]+: /, ''));
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
