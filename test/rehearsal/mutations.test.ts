import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { K8sObject } from '../../tools/rehearsal/chart-objects';
import { Pki } from '../../tools/rehearsal/pki';
import { CASE_NAMES, rehearse as rehearseWith, RehearsalResult } from '../../tools/rehearsal/rehearsal';
import { one } from '../support/manifests';
import { caseNamed, synthesizedChart, verdicts } from './chart-objects';

/**
 * Breaks the chart on purpose and rehearses it: each break must make the rehearsal fail, in the case that
 * guards it, so a passing rehearsal cannot be an accident of how it runs.
 */
function withNginxConf(objects: K8sObject[], edit: (conf: string) => string): K8sObject[] {
  const configMap = one(objects, 'ConfigMap');
  const edited = edit(configMap.data['nginx.conf']);
  if (edited === configMap.data['nginx.conf']) throw new Error('the edit did not change nginx.conf; the mutation would test nothing');
  configMap.data['nginx.conf'] = edited;
  return objects;
}

const ALL_PASS = Object.fromEntries(CASE_NAMES.map((name) => [name, true]));

// Each break is rehearsed on its own work folder, ports, nginx and upstream, so they run at once (jest's
// maxConcurrency at a time): a rehearsal mostly waits on nginx and the handshakes, not on this process.
describe('the rehearsal fails when the chart is broken on purpose', () => {
  // One PKI for the file: a certificate whose spec a break leaves alone is issued once, not once per break; rehearsals
  // asking for it at once share the one issuance (Pki.issue keeps the promise).
  let workDir: string;
  let pki: Pki;
  const rehearse = (objects: K8sObject[]): Promise<RehearsalResult> => rehearseWith(objects, { pki });
  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'mutations-test-'));
    await fs.chmod(workDir, 0o755);
    pki = new Pki(path.join(workDir, 'pki'));
  });
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  test.concurrent('policy hostname changed to a name the server certificate lacks: Envoy refuses the backend in every case', async () => {
    const objects = synthesizedChart();
    one(objects, 'BackendTLSPolicy').spec.validation.hostname = 'httpbin.example.internal';
    const result = await rehearse(objects);
    expect(result.passed).toBe(false);
    // Envoy never gets past the server check, so the backend's own refusals cannot be observed either.
    // The health port and the handshake refusals happen before or without Envoy's server check.
    const unaffected = ['server certificate without the policy hostname', 'server certificate from another CA', 'forged X-Client-* headers on the health port',
      'TLS 1.0 and 1.1 client', 'TLS 1.2 client offering only CBC suites'];
    expect(verdicts(result)).toEqual(Object.fromEntries(CASE_NAMES.map((name) => [name, unaffected.includes(name)])));
    for (const name of ['valid path', 'no client certificate'] as const) {
      expect(caseNamed(result, name).outcome).toMatchObject({ kind: 'client-refused', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    }
  });

  test.concurrent('client usage "client auth" swapped for "server auth": nginx refuses Envoy\'s certificate', async () => {
    const objects = synthesizedChart();
    one(objects, 'Certificate', 'envoygateway-client-cert').spec.usages = ['server auth', 'digital signature'];
    const result = await rehearse(objects);
    expect(result.passed).toBe(false);
    expect(verdicts(result)['valid path']).toBe(false);
    expect(caseNamed(result, 'valid path').outcome).toMatchObject({ kind: 'response', status: 400, reason: 'The SSL certificate error' });
  });

  test.concurrent('client certificate without "digital signature" key usage: nginx refuses Envoy\'s certificate', async () => {
    const objects = synthesizedChart();
    one(objects, 'Certificate', 'envoygateway-client-cert').spec.usages = ['client auth', 'key encipherment'];
    const result = await rehearse(objects);
    expect(verdicts(result)['valid path']).toBe(false);
    expect(caseNamed(result, 'valid path').outcome).toMatchObject({ kind: 'response', status: 400, reason: 'The SSL certificate error' });
  });

  // Pinned, not wished away: with no extended key usage at all, X.509 allows every purpose, so TLS accepts the
  // certificate. Only a chart validation (the client Certificate must list "client auth") can catch this one.
  test.concurrent('client usage "client auth" merely removed leaves no extended key usage, which TLS accepts: the rehearsal passes', async () => {
    const objects = synthesizedChart();
    one(objects, 'Certificate', 'envoygateway-client-cert').spec.usages = ['digital signature'];
    const result = await rehearse(objects);
    expect(verdicts(result)).toEqual(ALL_PASS);
  });

  test.concurrent('client verification turned off in nginx.conf: only the identity check (403) stops a caller without a certificate', async () => {
    const objects = withNginxConf(synthesizedChart(), (conf) => conf.replace('ssl_verify_client on;', 'ssl_verify_client off;'));
    const result = await rehearse(objects);
    expect(result.passed).toBe(false);
    expect(verdicts(result)['no client certificate']).toBe(false);
    expect(caseNamed(result, 'no client certificate').got).toBe('403 Forbidden; upstream saw nothing');
  });

  test.concurrent('client verification and the identity check both turned off: a caller without a certificate gets through', async () => {
    const objects = withNginxConf(synthesizedChart(), (conf) => conf.replace('ssl_verify_client on;', 'ssl_verify_client off;').replace(/\n\s*if \(\$mtls_client_allowed = 0\) \{\n\s*return 403;\n\s*\}\n/, '\n'));
    const result = await rehearse(objects);
    expect(verdicts(result)['no client certificate']).toBe(false);
    expect(caseNamed(result, 'no client certificate').got).toMatch(/^200; upstream saw subject "", verify NONE$/);
  });

  test.concurrent('client verification made optional_no_ca: callers without a certificate or from another CA get through', async () => {
    const objects = withNginxConf(synthesizedChart(), (conf) => conf.replace('ssl_verify_client on;', 'ssl_verify_client optional_no_ca;'));
    const result = await rehearse(objects);
    expect(verdicts(result)).toMatchObject({ 'no client certificate': false, 'client certificate from another CA': false });
    expect(caseNamed(result, 'client certificate from another CA').got).toMatch(/^200; upstream saw subject "CN=envoygateway-client", verify FAILED:/);
  });

  test.concurrent('no client certificate configured on the EnvoyProxy: the valid path is refused and the client cases are not rehearsable', async () => {
    const objects = synthesizedChart();
    delete one(objects, 'EnvoyProxy').spec.backendTLS;
    const result = await rehearse(objects);
    const needClient = ['valid path', 'client certificate from another CA', 'expired client certificate', 'client certificate from the CA with another identity',
      'client certificate through an intermediate CA', 'forged X-Client-* headers on the TLS port', 'Envoy\'s default TLS 1.2 offer', 'TLS 1.0 and 1.1 client', 'TLS 1.2 client offering only CBC suites'];
    expect(verdicts(result)).toEqual(Object.fromEntries(CASE_NAMES.map((name) => [name, !needClient.includes(name)])));
    expect(caseNamed(result, 'valid path').got).toBe('400 No required SSL certificate was sent; upstream saw nothing');
    expect(caseNamed(result, 'expired client certificate').got).toMatch(/^not rehearsed: neither Gateway httpbin-tls\/backend-mtls-gateway spec.tls.backend nor its EnvoyProxy's spec.backendTLS sets a clientCertificateRef$/);
  });

  test.concurrent('identity check removed from nginx.conf: a certificate from the CA with another subject reaches the upstream', async () => {
    const objects = withNginxConf(synthesizedChart(), (conf) => conf.replace(/\n\s*if \(\$mtls_client_allowed = 0\) \{\n\s*return 403;\n\s*\}\n/, '\n'));
    const result = await rehearse(objects);
    expect(verdicts(result)).toEqual({ ...ALL_PASS, 'client certificate from the CA with another identity': false });
    expect(caseNamed(result, 'client certificate from the CA with another identity').got).toBe('200; upstream saw subject "CN=intruder", verify SUCCESS');
  });

  test.concurrent('verify depth raised to 1: a client chain through an intermediate CA reaches the upstream', async () => {
    const objects = withNginxConf(synthesizedChart(), (conf) => conf.replace('ssl_verify_depth 0;', 'ssl_verify_depth 1;'));
    const result = await rehearse(objects);
    expect(verdicts(result)).toEqual({ ...ALL_PASS, 'client certificate through an intermediate CA': false });
  });

  test.concurrent('health port passing request headers: a forged X-Client-Verify reaches the upstream', async () => {
    const objects = withNginxConf(synthesizedChart(), (conf) => conf.replace('proxy_pass_request_headers off;', 'proxy_pass_request_headers on;'));
    const result = await rehearse(objects);
    expect(verdicts(result)).toEqual({ ...ALL_PASS, 'forged X-Client-* headers on the health port': false });
    expect(caseNamed(result, 'forged X-Client-* headers on the health port').got).toMatch(/carried x-client-verify, x-client-subject, x-client-issuer, x-client-serial, x-forwarded-for$/);
  });

  test.concurrent('TLS 1.2 suites left at nginx\'s default: a CBC-only client gets through', async () => {
    const objects = withNginxConf(synthesizedChart(), (conf) => conf.replace(/\n\s*ssl_ciphers [^;]+;/, ''));
    const result = await rehearse(objects);
    expect(verdicts(result)).toEqual({ ...ALL_PASS, 'TLS 1.2 client offering only CBC suites': false });
  });

  test.concurrent('policy subjectAltNames asking for a URI the server certificate lacks: Envoy refuses the valid path', async () => {
    const objects = synthesizedChart();
    one(objects, 'BackendTLSPolicy').spec.validation.subjectAltNames = [{ type: 'URI', uri: 'spiffe://cluster.local/ns/httpbin-tls/sa/httpbin-tls' }];
    const result = await rehearse(objects);
    expect(verdicts(result)['valid path']).toBe(false);
    expect(caseNamed(result, 'valid path').outcome).toMatchObject({ kind: 'client-refused', code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
  });
});
