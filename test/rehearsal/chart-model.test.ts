import { Testing } from 'cdk8s';
import { ExistingIssuer } from '../../lib';
import { resolveRehearsalModel } from '../../tools/rehearsal/chart-model';
import { K8sObject } from '../../tools/rehearsal/chart-objects';
import { one } from '../support/manifests';
import { synthesizedChart } from './chart-objects';

describe('resolveRehearsalModel on the default chart', () => {
  const [backend] = resolveRehearsalModel(synthesizedChart()).backends;

  test('follows the policy to the Service port and the container behind it', () => {
    expect(backend.policy).toBe('BackendTLSPolicy httpbin-tls/backend-mtls-policy');
    expect(backend.service).toBe('Service httpbin-tls/httpbin-tls port https');
    expect(backend.front).toMatchObject({
      id: 'Deployment httpbin-tls/httpbin-tls container tls-front',
      argv: ['/bin/sh', '/etc/nginx/mtls/certificate-reloader.sh', '5', '16', '/tmp/draining', '/etc/nginx/tls', '--', 'nginx', '-c', '/etc/nginx/mtls/nginx.conf'],
      nginxIndex: 7,
      tlsPort: 8443,
      containerPorts: [8443, 8081],
      siblingPorts: { 8080: 'httpbin' },
      readiness: { path: '/readyz', port: 8081 },
      runAsUser: 101,
      runAsGroup: 101,
      fsGroup: 101,
    });
    expect(backend.front.conf).toContain('ssl_verify_client on;');
  });

  test('places the server certificate Secret, the nginx.conf ConfigMap and the emptyDir at their mount paths', () => {
    expect(backend.front.mounts.map((mount) => [mount.kind, mount.mountPath])).toEqual([
      ['Secret', '/etc/nginx/tls'], ['ConfigMap', '/etc/nginx/mtls'], ['EmptyDir', '/tmp'],
    ]);
    expect(backend.front.serverCertificateMount).toMatchObject({ secretName: 'httpbin-tls-secret', files: { 'tls.crt': 'tls.crt', 'tls.key': 'tls.key', 'ca.crt': 'ca.crt' } });
    expect(backend.front.serverCertificateMount.certificate.id).toBe('Certificate httpbin-tls/httpbin-tls-cert');
  });

  test('resolves trust and the client certificate to Certificates signed by the chart\'s CA', () => {
    expect(backend.validation.hostname).toBe('httpbin-tls.httpbin-tls.svc.cluster.local');
    expect(backend.validation.trustedSecrets.map((certificate) => certificate.id)).toEqual(['Certificate httpbin-tls/httpbin-tls-cert']);
    expect(backend.clientCertificate?.source).toBe('EnvoyProxy httpbin-tls/custom-proxy-mtls spec.backendTLS.clientCertificateRef');
    expect(backend.clientCertificate?.certificate).toMatchObject({ commonName: 'envoygateway-client', usages: ['client auth', 'digital signature'] });
    const signer = backend.clientCertificate!.certificate.signer;
    expect(signer.kind === 'ca' && signer.caCertificate).toMatchObject({ id: 'Certificate httpbin-tls/backend-mtls-ca', isCA: true, duration: '87600h', privateKey: { algorithm: 'ECDSA', size: 256 } });
    expect(signer.kind === 'ca' && signer.caCertificate.signer).toEqual({ kind: 'selfSigned', issuer: 'Issuer httpbin-tls/backend-mtls-selfsigned' });
    expect(backend.host).toBe('mtls-backend.demo.int');
  });

  test('prefers the Gateway\'s own spec.tls.backend.clientCertificateRef over the EnvoyProxy\'s', () => {
    const objects = synthesizedChart();
    one(objects, 'Gateway').spec.tls = { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: 'httpbin-tls-secret' } } };
    const [resolved] = resolveRehearsalModel(objects).backends;
    expect(resolved.clientCertificate?.source).toBe('Gateway httpbin-tls/backend-mtls-gateway spec.tls.backend.clientCertificateRef');
    expect(resolved.clientCertificate?.certificate.id).toBe('Certificate httpbin-tls/httpbin-tls-cert');
  });

  test('fills in cert-manager\'s defaults for fields a Certificate leaves out', () => {
    const objects = synthesizedChart();
    const client = one(objects, 'Certificate', 'envoygateway-client-cert');
    delete client.spec.usages;
    delete client.spec.duration;
    delete client.spec.privateKey;
    const [resolved] = resolveRehearsalModel(objects).backends;
    expect(resolved.clientCertificate?.certificate).toMatchObject({ usages: ['digital signature', 'key encipherment'], duration: '2160h', privateKey: { algorithm: 'RSA', size: 2048, encoding: 'PKCS1' } });
  });
});

describe('resolveRehearsalModel says which reference to fix', () => {
  function resolving(edit: (objects: K8sObject[]) => void): () => unknown {
    const objects = synthesizedChart();
    edit(objects);
    return () => resolveRehearsalModel(objects);
  }

  test('a chart without a BackendTLSPolicy', () => {
    expect(resolving((objects) => objects.splice(objects.indexOf(one(objects, 'BackendTLSPolicy')), 1)))
      .toThrow('the chart has no BackendTLSPolicy: there is no backend TLS to rehearse');
  });

  test('a sectionName that is not a port of the Service', () => {
    expect(resolving((objects) => { one(objects, 'BackendTLSPolicy').spec.targetRefs[0].sectionName = 'tls'; }))
      .toThrow('BackendTLSPolicy httpbin-tls/backend-mtls-policy spec.targetRefs[0] sectionName "tls" is not a port name of Service httpbin-tls/httpbin-tls; its ports are ["https"]');
  });

  test('a target Service that is not in the chart', () => {
    expect(resolving((objects) => { one(objects, 'BackendTLSPolicy').spec.targetRefs[0].name = 'httpbin'; }))
      .toThrow('BackendTLSPolicy httpbin-tls/backend-mtls-policy spec.targetRefs[0] names Service httpbin-tls/httpbin, which is not in the chart');
  });

  test('a caCertificateRef to a Secret no Certificate writes', () => {
    expect(resolving((objects) => { one(objects, 'BackendTLSPolicy').spec.validation.caCertificateRefs[0].name = 'some-ca'; }))
      .toThrow('BackendTLSPolicy httpbin-tls/backend-mtls-policy spec.validation.caCertificateRefs[0] names Secret some-ca, but no Certificate in the chart writes it');
  });

  test('a ConfigMap caCertificateRef', () => {
    expect(resolving((objects) => { one(objects, 'BackendTLSPolicy').spec.validation.caCertificateRefs[0].kind = 'ConfigMap'; }))
      .toThrow('caCertificateRefs[0] is a ConfigMap; the rehearsal resolves Secret refs (written by a Certificate) only');
  });

  test('a Service selector that matches no Deployment', () => {
    expect(resolving((objects) => { one(objects, 'Service').spec.selector['app.kubernetes.io/name'] = 'other'; }))
      .toThrow(/^Service httpbin-tls\/httpbin-tls selects .*"other".*; the rehearsal needs exactly one Deployment whose pod labels match, found none$/);
  });

  test('a front that is not nginx', () => {
    expect(resolving((objects) => { one(objects, 'Deployment').spec.template.spec.containers[0].command = ['envoy', '-c', '/etc/envoy.yaml']; }))
      .toThrow('Deployment httpbin-tls/httpbin-tls container tls-front runs "envoy" and starts no nginx; the rehearsal can only run an nginx TLS front');
  });

  test('nginx started through something other than sh', () => {
    expect(resolving((objects) => { one(objects, 'Deployment').spec.template.spec.containers[0].command = ['/bin/bash', '/etc/nginx/mtls/certificate-reloader.sh', '5', '/etc/nginx/tls', '--', 'nginx', '-c', '/etc/nginx/mtls/nginx.conf']; }))
      .toThrow('Deployment httpbin-tls/httpbin-tls container tls-front starts nginx through "/bin/bash"; the rehearsal runs nginx directly or through a POSIX sh script from a ConfigMap');
  });

  test('a launcher script no ConfigMap provides', () => {
    const command = (objects: K8sObject[]) => one(objects, 'Deployment').spec.template.spec.containers[0].command;
    expect(resolving((objects) => { command(objects)[1] = '/etc/nginx/mtls/missing.sh'; }))
      .toThrow('Deployment httpbin-tls/httpbin-tls container tls-front runs the script /etc/nginx/mtls/missing.sh, which no ConfigMap volume mounted in the container provides');
  });

  test('an nginx.conf path no ConfigMap provides', () => {
    expect(resolving((objects) => { one(objects, 'Deployment').spec.template.spec.containers[0].command = ['nginx', '-c', '/etc/nginx/nginx.conf']; }))
      .toThrow('Deployment httpbin-tls/httpbin-tls container tls-front reads /etc/nginx/nginx.conf, which no ConfigMap volume mounted in the container provides');
  });

  test('a mounted Secret no Certificate writes', () => {
    expect(resolving((objects) => { one(objects, 'Deployment').spec.template.spec.volumes[0].secret.secretName = 'handmade-tls'; }))
      .toThrow('Deployment httpbin-tls/httpbin-tls container tls-front volumeMount /etc/nginx/tls (volume tls) names Secret handmade-tls, but no Certificate in the chart writes it');
  });

  test('a Service no HTTPRoute sends traffic to', () => {
    expect(resolving((objects) => { one(objects, 'HTTPRoute').spec.rules[0].backendRefs[0].port = 9443; }))
      .toThrow('no HTTPRoute in the chart sends traffic to Service httpbin-tls/httpbin-tls port 8443, so no Envoy connects to it');
  });

  test('a client certificate Secret no Certificate writes', () => {
    expect(resolving((objects) => { one(objects, 'EnvoyProxy').spec.backendTLS.clientCertificateRef.name = 'envoy-client'; }))
      .toThrow('EnvoyProxy httpbin-tls/custom-proxy-mtls spec.backendTLS.clientCertificateRef names Secret envoy-client, but no Certificate in the chart writes it');
  });

  test('an issuer outside the chart', () => {
    const objects = synthesizedChart({ issuer: ExistingIssuer.fromClusterIssuerName(Testing.app(), 'Issuer', 'selfsigned-ca') });
    expect(() => resolveRehearsalModel(objects))
      .toThrow(/^Certificate httpbin-tls\/httpbin-tls-cert is issued by ClusterIssuer selfsigned-ca, which is not in the chart: the rehearsal issues certificates only from a CA chain the chart itself renders$/);
  });

  test('a CA issuer whose Certificate is not a CA', () => {
    expect(resolving((objects) => { delete one(objects, 'Certificate', 'backend-mtls-ca').spec.isCA; }))
      .toThrow('Issuer httpbin-tls/backend-mtls-ca-issuer signs with Certificate httpbin-tls/backend-mtls-ca, which does not set spec.isCA: true, so it cannot sign certificates');
  });

  test('Certificate fields the rehearsal cannot issue yet', () => {
    expect(resolving((objects) => { one(objects, 'Certificate', 'envoygateway-client-cert').spec.subject = { organizations: ['demo'] }; }))
      .toThrow('Certificate httpbin-tls/envoygateway-client-cert sets spec.subject, which the rehearsal does not issue yet; it would issue a certificate that differs from cert-manager\'s');
  });

  const container = (objects: K8sObject[]) => one(objects, 'Deployment').spec.template.spec.containers[0];
  const ca = (objects: K8sObject[]) => one(objects, 'Certificate', 'backend-mtls-ca');
  const policy = (objects: K8sObject[]) => one(objects, 'BackendTLSPolicy');
  test.each<[string, (objects: K8sObject[]) => void, string | RegExp]>([
    ['a policy without targetRefs', (objects) => { policy(objects).spec.targetRefs = []; }, 'BackendTLSPolicy httpbin-tls/backend-mtls-policy has no spec.targetRefs'],
    ['a policy targeting something other than a Service', (objects) => { policy(objects).spec.targetRefs[0].kind = 'ServiceImport'; }, 'spec.targetRefs[0] targets /ServiceImport; the rehearsal follows Service targets only'],
    ['a policy without validation.hostname', (objects) => { delete policy(objects).spec.validation.hostname; }, 'has no spec.validation.hostname; Envoy needs it for SNI and server verification'],
    ['a policy trusting well-known CAs', (objects) => { policy(objects).spec.validation.wellKnownCACertificates = 'System'; }, 'trusts wellKnownCACertificates "System"; the rehearsal can only trust CAs the chart issues (caCertificateRefs)'],
    ['a policy without caCertificateRefs', (objects) => { policy(objects).spec.validation.caCertificateRefs = []; }, 'has no spec.validation.caCertificateRefs: Envoy would trust no CA for the backend'],
    ['a Service without a selector', (objects) => { delete one(objects, 'Service').spec.selector; }, 'Service httpbin-tls/httpbin-tls has no spec.selector'],
    ['two Deployments behind one Service', (objects) => { objects.push({ ...JSON.parse(JSON.stringify(one(objects, 'Deployment'))), metadata: { name: 'httpbin-tls-copy', namespace: 'httpbin-tls' } }); },
      /found Deployment httpbin-tls\/httpbin-tls, Deployment httpbin-tls\/httpbin-tls-copy$/],
    ['a target port no container declares', (objects) => { one(objects, 'Service').spec.ports[0].targetPort = 9443; }, 'Service httpbin-tls/httpbin-tls port https targets port 9443, which no container of Deployment httpbin-tls/httpbin-tls declares in its ports'],
    ['a front without a command', (objects) => { delete container(objects).command; }, 'container tls-front sets no command; the rehearsal runs the program the Deployment names and cannot read an image\'s entrypoint'],
    ['nginx without -c', (objects) => { container(objects).command = ['nginx']; }, 'container tls-front runs nginx without "-c <nginx.conf>"'],
    ['a mount with subPath', (objects) => { container(objects).volumeMounts[0].subPath = 'tls.crt'; }, 'volumeMount /etc/nginx/tls uses subPath "tls.crt"; the rehearsal places whole volumes only'],
    ['a mount of an undeclared volume', (objects) => { container(objects).volumeMounts[0].name = 'certs'; }, 'volumeMount /etc/nginx/tls names volume "certs", which Deployment httpbin-tls/httpbin-tls does not declare'],
    ['a volume kind it cannot place', (objects) => { one(objects, 'Deployment').spec.template.spec.volumes[2] = { name: 'tmp', hostPath: { path: '/tmp' } }; }, 'volumeMount /tmp mounts volume "tmp" of a kind the rehearsal cannot place (only secret, configMap and emptyDir)'],
    ['a conf without ssl_certificate', (objects) => { const map = one(objects, 'ConfigMap'); map.data['nginx.conf'] = map.data['nginx.conf'].replace(/ssl_certificate .*\n/, ''); }, 'has no ssl_certificate directive: the front would not terminate TLS'],
    ['a server certificate outside the Secret mount', (objects) => { const map = one(objects, 'ConfigMap'); map.data['nginx.conf'] = map.data['nginx.conf'].replace('ssl_certificate /etc/nginx/tls/', 'ssl_certificate /etc/ssl/'); }, 'reads its ssl_certificate from /etc/ssl/tls.crt, where no Secret volume is mounted'],
    ['a route attached to no Gateway', (objects) => { one(objects, 'HTTPRoute').spec.parentRefs = []; }, 'HTTPRoute httpbin-tls/backend-mtls-route attach to no Gateway'],
    ['two Gateways presenting different client certificates', (objects) => {
      const other = JSON.parse(JSON.stringify(one(objects, 'Gateway')));
      objects.push({ ...other, metadata: { name: 'other-gateway', namespace: 'httpbin-tls' }, spec: { ...other.spec, tls: { backend: { clientCertificateRef: { group: '', kind: 'Secret', name: 'httpbin-tls-secret' } } } } });
      one(objects, 'HTTPRoute').spec.parentRefs.push({ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'other-gateway' });
    }, 'present different client certificates (Certificate httpbin-tls/envoygateway-client-cert, Certificate httpbin-tls/httpbin-tls-cert); the rehearsal plays one Envoy per backend'],
    ['a client certificate ref that is not a Secret', (objects) => { one(objects, 'EnvoyProxy').spec.backendTLS.clientCertificateRef.kind = 'ConfigMap'; }, 'spec.backendTLS.clientCertificateRef names a ConfigMap; a client certificate must be a Secret'],
    ['two Certificates writing one Secret', (objects) => { one(objects, 'Certificate', 'envoygateway-client-cert').spec.secretName = 'httpbin-tls-secret'; }, 'which Certificate httpbin-tls/envoygateway-client-cert and Certificate httpbin-tls/httpbin-tls-cert all write: cert-manager would overwrite it'],
    ['an unknown key algorithm', (objects) => { ca(objects).spec.privateKey.algorithm = 'DSA'; }, 'Certificate httpbin-tls/backend-mtls-ca: spec.privateKey.algorithm "DSA" is not one of RSA, ECDSA, Ed25519'],
    ['an external issuer', (objects) => { ca(objects).spec.issuerRef.group = 'awspca.cert-manager.io'; }, 'spec.issuerRef.group "awspca.cert-manager.io" is an external issuer'],
    ['an issuer that is neither selfSigned nor CA', (objects) => { one(objects, 'Issuer', 'backend-mtls-selfsigned').spec = { acme: {} }; }, 'Issuer httpbin-tls/backend-mtls-selfsigned is neither selfSigned nor a CA issuer (spec.ca.secretName)'],
    ['a CA chain that signs itself', (objects) => { ca(objects).spec.issuerRef.name = 'backend-mtls-ca-issuer'; }, /is signed by a CA chain that leads back to itself: .*Certificate httpbin-tls\/backend-mtls-ca -> Certificate httpbin-tls\/backend-mtls-ca$/],
  ])('%s', (_title, edit, message) => {
    expect(resolving(edit)).toThrow(message);
  });
});
