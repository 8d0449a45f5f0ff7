import { ApiObject, Testing } from 'cdk8s';
import { BackendMtls, BackendMtlsChart, CaDistribution, Certificate, ClientCertificateMode, ExistingIssuer } from '../lib';
import { validateManifests } from '../tools/validate';
import { all, caCertificateOf, certificateForSecret, Manifest, one } from './support/manifests';

describe('BackendMtlsChart with defaults', () => {
  const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls');
  const manifests: Manifest[] = Testing.synth(chart);
  const policy = one(manifests, 'BackendTLSPolicy', 'backend-mtls-policy');
  const service = one(manifests, 'Service', 'httpbin-tls');
  const deployment = one(manifests, 'Deployment', 'httpbin-tls');
  const serverSecret = deployment.spec.template.spec.volumes.find((volume: any) => volume.secret).secret.secretName;
  const serverCertificate = certificateForSecret(manifests, serverSecret, 'httpbin-tls');

  test('renders the whole setup', () => {
    expect(manifests).toMatchSnapshot();
  });

  test('every object passes offline admission against the pinned CRDs, CEL rules included', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('renders exactly the objects of the setup, Namespace first, in an order kubectl applies in one pass', () => {
    expect(manifests.map((manifest) => `${manifest.kind}/${manifest.metadata.name}`)).toEqual([
      'Namespace/httpbin-tls',
      'Issuer/backend-mtls-selfsigned',
      'Certificate/backend-mtls-ca',
      'Issuer/backend-mtls-ca-issuer',
      'Certificate/envoygateway-client-cert',
      'EnvoyProxy/custom-proxy-mtls',
      'GatewayClass/backend-mtls-gw',
      'Gateway/backend-mtls-gateway',
      'ServiceAccount/httpbin-tls',
      'Deployment/httpbin-tls',
      'Certificate/httpbin-tls-cert',
      'ConfigMap/httpbin-tls-nginx',
      'Service/httpbin-tls',
      'HTTPRoute/backend-mtls-route',
      'BackendTLSPolicy/backend-mtls-policy',
      'BackendTrafficPolicy/backend-mtls-traffic',
      'NetworkPolicy/httpbin-tls-from-envoy',
    ]);
  });

  test('cluster-scoped objects carry no namespace; every namespaced one is in httpbin-tls', () => {
    for (const manifest of manifests) {
      const clusterScoped = ['Namespace', 'GatewayClass'].includes(manifest.kind);
      expect([manifest.kind, manifest.metadata.namespace]).toEqual([manifest.kind, clusterScoped ? undefined : 'httpbin-tls']);
    }
  });

  test('the Namespace enforces Pod Security restricted', () => {
    expect(one(manifests, 'Namespace').metadata.labels['pod-security.kubernetes.io/enforce']).toEqual('restricted');
  });

  test('BackendTLSPolicy is v1 and its hostname is among the server certificate\'s dnsNames', () => {
    expect(policy.apiVersion).toEqual('gateway.networking.k8s.io/v1');
    expect(policy.spec.validation.hostname).toEqual('httpbin-tls.httpbin-tls.svc.cluster.local');
    expect(serverCertificate.spec.dnsNames).toContain(policy.spec.validation.hostname);
    expect(serverCertificate.spec.usages).toContain('server auth');
  });

  test('the CA the policy trusts is the CA that issued the server certificate', () => {
    const [trustRef] = policy.spec.validation.caCertificateRefs;
    expect(trustRef.kind).toEqual('Secret');
    // cert-manager writes the issuing CA as ca.crt into the Secret of the certificate it issues.
    const trusted = certificateForSecret(manifests, trustRef.name, policy.metadata.namespace);
    expect(trusted.spec.issuerRef).toEqual(serverCertificate.spec.issuerRef);
    const ca = caCertificateOf(manifests, serverCertificate.spec.issuerRef, 'httpbin-tls');
    expect(ca?.spec.isCA).toBe(true);
    // The CA keeps its key across renewals, so every certificate it signed still verifies against the renewed CA certificate.
    expect(ca?.spec.privateKey).toEqual({ algorithm: 'ECDSA', size: 256, rotationPolicy: 'Never' });
    expect(serverCertificate.spec.privateKey.rotationPolicy).toBe('Always');
  });

  test('the TLS front runs nginx under the certificate reloader, which watches the server Secret every 5 s', () => {
    const front = deployment.spec.template.spec.containers.find((container: any) => container.name === 'tls-front');
    expect(front.command).toEqual(['/bin/sh', '/etc/nginx/mtls/certificate-reloader.sh', '5', '16', '/tmp/draining', '/etc/nginx/tls', '--', 'nginx', '-c', '/etc/nginx/mtls/nginx.conf']);
    const configMap = one(manifests, 'ConfigMap', 'httpbin-tls-nginx');
    expect(Object.keys(configMap.data).sort()).toEqual(['certificate-reloader.sh', 'nginx.conf']);
    expect(configMap.data['certificate-reloader.sh']).toMatch(/kill -HUP "\$nginx_pid"/);
  });

  test('nginx admits only the client subject the chart gives Envoy, directly from the CA, over AEAD suites, and logs who called', () => {
    const conf: string = one(manifests, 'ConfigMap', 'httpbin-tls-nginx').data['nginx.conf'];
    expect(conf).toMatch(/map \$ssl_client_s_dn \$mtls_client_allowed \{\n\s*default 0;\n\s*"~\^CN=envoygateway-client\$" 1;\n\s*\}/);
    expect(conf).toMatch(/if \(\$mtls_client_allowed = 0\) \{\n\s*return 403;/);
    expect(conf).toMatch(/^\s*ssl_verify_depth 0;$/m);
    expect(conf.match(/^\s*ssl_ciphers (\S+);$/m)![1].split(':').every((suite) => /^ECDHE-(ECDSA|RSA)-(AES\d+-GCM-SHA\d+|CHACHA20-POLY1305)$/.test(suite))).toBe(true);
    expect(conf).toMatch(/proxy_set_header X-Forwarded-For \$remote_addr;/);
    expect(conf).toMatch(/access_log \/dev\/stdout mtls;/);
    expect(conf).toMatch(/verify=\$ssl_client_verify subject="\$ssl_client_s_dn"/);
  });

  test('the key is readable by nginx\'s group only, and httpbin gets a writable /tmp', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.fsGroup).toBe(101);
    expect(pod.volumes.find((volume: any) => volume.secret).secret.defaultMode).toBe(0o440);
    const httpbin = pod.containers.find((container: any) => container.name === 'httpbin');
    const tmp = httpbin.volumeMounts.find((mount: any) => mount.mountPath === '/tmp');
    expect(pod.volumes.find((volume: any) => volume.name === tmp.name).emptyDir).toEqual({ sizeLimit: '64Mi' });
  });

  test('the client Secret sits in the EnvoyProxy\'s namespace and carries client auth from the same CA', () => {
    const proxy = one(manifests, 'EnvoyProxy', 'custom-proxy-mtls');
    const ref = proxy.spec.backendTLS.clientCertificateRef;
    expect(ref.namespace ?? proxy.metadata.namespace).toEqual(proxy.metadata.namespace);
    const client = certificateForSecret(manifests, ref.name, proxy.metadata.namespace);
    expect(client.metadata.name).toEqual('envoygateway-client-cert');
    expect(client.spec.commonName).toEqual('envoygateway-client');
    expect(client.spec.usages).toContain('client auth');
    expect(client.spec.usages).not.toContain('server auth');
    expect(client.spec.issuerRef).toEqual(serverCertificate.spec.issuerRef);
  });

  test('the GatewayClass hands the EnvoyProxy to Envoy Gateway and the Gateway uses that class', () => {
    const gatewayClass = one(manifests, 'GatewayClass');
    expect(gatewayClass.spec).toEqual({
      controllerName: 'gateway.envoyproxy.io/gatewayclass-controller',
      parametersRef: { group: 'gateway.envoyproxy.io', kind: 'EnvoyProxy', name: 'custom-proxy-mtls', namespace: 'httpbin-tls' },
    });
    const gateway = one(manifests, 'Gateway');
    expect(gateway.spec.gatewayClassName).toEqual(gatewayClass.metadata.name);
    expect(gateway.spec.listeners).toEqual([
      { name: 'http', protocol: 'HTTP', port: 18080, hostname: 'mtls-backend.demo.int', allowedRoutes: { namespaces: { from: 'Same' } } },
    ]);
  });

  test('the route\'s backend port is the Service port the policy\'s sectionName names', () => {
    const route = one(manifests, 'HTTPRoute');
    expect(route.spec.hostnames).toEqual(['mtls-backend.demo.int']);
    expect(route.spec.parentRefs).toEqual([{ group: 'gateway.networking.k8s.io', kind: 'Gateway', name: 'backend-mtls-gateway', sectionName: 'http' }]);
    const [backendRef] = route.spec.rules[0].backendRefs;
    expect(backendRef.name).toEqual(service.metadata.name);
    const [target] = policy.spec.targetRefs;
    expect(target).toEqual({ group: '', kind: 'Service', name: service.metadata.name, sectionName: 'https' });
    const port = service.spec.ports.find((candidate: any) => candidate.name === target.sectionName);
    expect(port.port).toEqual(backendRef.port);
    expect(port.port).toEqual(8443);
  });

  test('the Service selects the Deployment\'s pods and targets the TLS front', () => {
    expect(deployment.spec.selector.matchLabels).toEqual(service.spec.selector);
    expect(deployment.spec.template.metadata.labels).toEqual(expect.objectContaining(service.spec.selector));
    const servesTarget = (container: any) => container.ports?.some((p: any) => p.containerPort === service.spec.ports[0].targetPort);
    const front = deployment.spec.template.spec.containers.find(servesTarget);
    expect(front.name).toEqual('tls-front');
  });

  test('the backend requires client certificates from the CA in its server Secret and never exposes httpbin', () => {
    const conf: string = one(manifests, 'ConfigMap', 'httpbin-tls-nginx').data['nginx.conf'];
    expect(conf).toMatch(/^\s*ssl_verify_client on;$/m);
    expect(conf).toMatch(/^\s*ssl_client_certificate \/etc\/nginx\/tls\/ca\.crt;$/m);
    expect(conf).toMatch(/proxy_set_header X-Client-Subject \$ssl_client_s_dn;/);
    const httpbin = deployment.spec.template.spec.containers.find((container: any) => container.name === 'httpbin');
    expect(httpbin.ports).toBeUndefined();
    expect(httpbin.env).toContainEqual({ name: 'HOST', value: '127.0.0.1' });
  });

  test('every container is hardened for Pod Security restricted, with small limits and pinned images', () => {
    const pod = deployment.spec.template.spec;
    expect(pod.securityContext.runAsNonRoot).toBe(true);
    expect(pod.automountServiceAccountToken).toBe(false);
    for (const container of pod.containers) {
      expect(container.image).toMatch(/:[^:@/]+$/);
      expect(container.image).not.toMatch(/:latest$/);
      expect(container.securityContext).toEqual(expect.objectContaining({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
        seccompProfile: { type: 'RuntimeDefault' },
      }));
      expect(container.resources.limits.cpu).toEqual('200m');
      expect(container.resources.limits.memory).toEqual('64Mi');
    }
  });

  test('only Envoy Gateway\'s proxy pods for this Gateway may reach the backend, and only on its TLS port', () => {
    const networkPolicy = one(manifests, 'NetworkPolicy', 'httpbin-tls-from-envoy');
    expect(networkPolicy.spec.podSelector.matchLabels).toEqual(service.spec.selector);
    expect(networkPolicy.spec.policyTypes).toEqual(['Ingress']);
    expect(networkPolicy.spec.ingress).toHaveLength(1);
    const [rule] = networkPolicy.spec.ingress;
    expect(rule.ports).toEqual([{ port: 8443, protocol: 'TCP' }]);
    expect(rule.from).toHaveLength(1);
    expect(rule.from[0].namespaceSelector.matchLabels).toEqual({ 'kubernetes.io/metadata.name': 'envoy-gateway-system' });
    expect(rule.from[0].podSelector.matchLabels).toEqual(expect.objectContaining({
      'gateway.envoyproxy.io/owning-gateway-name': 'backend-mtls-gateway',
      'gateway.envoyproxy.io/owning-gateway-namespace': 'httpbin-tls',
    }));
  });

  test('probes use the plain health port, so they pass while client certificates are required', () => {
    const front = deployment.spec.template.spec.containers.find((container: any) => container.name === 'tls-front');
    expect(front.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8081, scheme: 'HTTP' });
    expect(front.livenessProbe.httpGet).toEqual({ path: '/livez', port: 8081, scheme: 'HTTP' });
    expect(all(manifests, 'Service').flatMap((svc) => svc.spec.ports.map((p: any) => p.port))).not.toContain(8081);
  });

  test('has one backend, httpbin-tls, with the reference names and the EnvoyProxy client certificate', () => {
    expect(chart.backendMtls.clientCertificateMode).toBe(ClientCertificateMode.ENVOY_PROXY);
    expect(chart.backendMtls.caDistribution).toBe(CaDistribution.SECRET);
    expect(chart.backendMtls.backends.map((b) => b.service.serviceName)).toEqual(['httpbin-tls']);
    expect(one(manifests, 'EnvoyProxy', 'custom-proxy-mtls').spec.backendTLS.clientCertificateRef.name).toBe('envoygateway-client-cert');
    expect(one(manifests, 'Gateway', 'backend-mtls-gateway').spec.tls).toBeUndefined();
    expect(one(manifests, 'BackendTLSPolicy', 'backend-mtls-policy').spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'httpbin-tls-secret' }]);
    expect(all(manifests, 'ReferenceGrant')).toEqual([]);
    expect(all(manifests, 'PodDisruptionBudget')).toEqual([]);
  });

  test('the NetworkPolicy admits only Envoy proxy pods of this Gateway, on the TLS port only', () => {
    const policy = one(manifests, 'NetworkPolicy', 'httpbin-tls-from-envoy', 'httpbin-tls');
    expect(policy.spec.policyTypes).toEqual(['Ingress']);
    expect(policy.spec.podSelector.matchLabels).toEqual(chart.httpbin.podLabels);
    expect(policy.spec.ingress).toEqual([{
      from: [{
        namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'envoy-gateway-system' } },
        podSelector: { matchLabels: {
          'app.kubernetes.io/name': 'envoy',
          'gateway.envoyproxy.io/owning-gateway-name': 'backend-mtls-gateway',
          'gateway.envoyproxy.io/owning-gateway-namespace': 'httpbin-tls',
        } },
      }],
      ports: [{ port: 8443, protocol: 'TCP' }],
    }]);
  });

  test('networkPolicies: false and custom proxy pods', () => {
    const off = Testing.synth(new BackendMtlsChart(Testing.app(), 'off', { networkPolicies: false }));
    expect(all(off, 'NetworkPolicy')).toEqual([]);
    const custom = Testing.synth(new BackendMtlsChart(Testing.app(), 'custom', { envoyProxyPods: { namespace: 'edge', labels: { app: 'envoy' } } }));
    expect(all(custom, 'NetworkPolicy')[0].spec.ingress[0].from).toEqual([{
      namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'edge' } },
      podSelector: { matchLabels: { app: 'envoy' } },
    }]);
  });
});

describe('BackendMtlsChart is a thin chart around one BackendMtls', () => {
  test('every object it renders belongs to the BackendMtls at <chart>/Setup, which the chart exposes', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls');
    expect(chart.backendMtls).toBeInstanceOf(BackendMtls);
    expect(chart.backendMtls.node.path).toBe('backend-mtls/Setup');
    const objects = chart.node.findAll().filter((node): node is ApiObject => node instanceof ApiObject);
    expect(objects.filter((object) => !object.node.path.startsWith('backend-mtls/Setup/'))).toEqual([]);
    expect(chart.addHttpbin('Orders', { name: 'orders' })).toBe(chart.backendMtls.backends[1]);
  });
});

describe('props keys the interfaces do not declare: what a JavaScript caller or a transpile-only app can write', () => {
  test('a misspelt prop fails before the chart holds anything, naming the prop meant', () => {
    const app = Testing.app();
    expect(() => new BackendMtlsChart(app, 'backend-mtls', { hostnmae: 'x.example' } as any))
      .toThrow(/^backend-mtls: props field "hostnmae" is unknown: did you mean "hostname"\?$/);
    expect(app.node.findChild('backend-mtls').node.children).toEqual([]);
  });

  test('a misspelt httpbin option fails, naming the option meant', () => {
    expect(() => new BackendMtlsChart(Testing.app(), 'backend-mtls', { hostname: 'x.example', httpbin: { replica: 3 } as any }))
      .toThrow(/^backend-mtls: httpbin field "replica" is unknown: did you mean "replicas"\?$/);
    const app = Testing.app();
    expect(() => new BackendMtlsChart(app, 'backend-mtls', { httpbin: { privateKey: { algorithm: 'RSA', sise: 4096 } as any } }))
      .toThrow(/^backend-mtls: httpbin\.privateKey field "sise" is unknown: did you mean "size"\?$/);
    expect(app.node.findChild('backend-mtls').node.children).toEqual([]);
  });

  test('an httpbin option the setup gives itself names the chart prop that sets it', () => {
    expect(() => new BackendMtlsChart(Testing.app(), 'backend-mtls', { httpbin: { namespace: 'other' } as any }))
      .toThrow(/^backend-mtls: httpbin field "namespace" is the setup's, not the demo backend's: set the chart's `namespace` instead$/);
    expect(() => new BackendMtlsChart(Testing.app(), 'backend-mtls', { httpbin: { clientIssuer: {} } as any }))
      .toThrow(/^backend-mtls: httpbin field "clientIssuer" is the setup's, not the demo backend's: set the chart's `separateClientCa` instead$/);
  });

  test('addHttpbin without options (JavaScript, or a cast) fails naming them, not with a TypeError', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls', { hostname: '*.demo.int' });
    expect(() => chart.addHttpbin('X', undefined as any)).toThrow(/^backend-mtls\/Setup: addHttpbin\("X"\) options undefined is required: give the backend's options, at least its name$/);
  });

  test('a misspelt addHttpbin option fails before the backend is added', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls');
    expect(() => chart.addHttpbin('Orders', { name: 'orders', pathPrefx: '/orders' } as any))
      .toThrow(/^backend-mtls\/Setup: addHttpbin\("Orders"\) options field "pathPrefx" is unknown: did you mean "pathPrefix"\?$/);
    expect(chart.backendMtls.backends).toHaveLength(1);
    expect(chart.backendMtls.node.tryFindChild('OrdersWorkload')).toBeUndefined();
    expect(() => chart.addHttpbin('Orders', { name: 'orders', namespace: 'orders', privateKey: { algorithm: 'RSA', sise: 4096 } as any }))
      .toThrow(/^backend-mtls\/Setup: addHttpbin\("Orders"\) options\.privateKey field "sise" is unknown: did you mean "size"\?$/);
    expect(chart.backendMtls.namespaces.map((namespace) => namespace.name)).toEqual(['httpbin-tls']);
  });
});

describe('client identities the TLS front admits', () => {
  test('per backend: each backend admits only its own client certificate\'s subject', () => {
    const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls', { clientCertificateMode: ClientCertificateMode.PER_BACKEND });
    chart.addHttpbin('Api', { name: 'api', pathPrefix: '/api', clientCommonName: 'envoy-for-api' });
    const manifests: Manifest[] = Testing.synth(chart);
    const admitted = (configMap: string) => [...one(manifests, 'ConfigMap', configMap).data['nginx.conf'].matchAll(/^\s*"~\^(CN=[^"]*)\$" 1;$/gm)].map((match) => match[1]);
    expect(admitted('httpbin-tls-nginx')).toEqual(['CN=envoygateway-client-httpbin-tls']);
    expect(admitted('api-nginx')).toEqual(['CN=envoy-for-api']);
  });

  test('a subject with characters RFC 2253 escapes is written as nginx reports it', () => {
    const manifests: Manifest[] = Testing.synth(new BackendMtlsChart(Testing.app(), 'backend-mtls', { clientCommonName: 'envoy, "edge"' }));
    expect(one(manifests, 'ConfigMap', 'httpbin-tls-nginx').data['nginx.conf']).toContain('"~^CN=envoy\\\\\\\\, \\\\\\\\\\"edge\\\\\\\\\\"$" 1;');
  });
});

describe('BackendMtlsChart with a client certificate of the user\'s own', () => {
  test('takes the documented clientCertificate prop: Envoy presents it, the backend admits it, the chart issues none', () => {
    const app = Testing.app();
    const issuer = ExistingIssuer.fromClusterIssuerName(app, 'Issuer', 'corp-ca');
    const clientCertificate = Certificate.fromSecretAttributes(app, 'Client', {
      secretName: 'edge-client', namespace: 'httpbin-tls', issuer, usages: ['client auth'], commonName: 'edge',
    });
    const manifests: Manifest[] = Testing.synth(new BackendMtlsChart(app, 'backend-mtls', { issuer, clientCertificate }));
    expect(one(manifests, 'EnvoyProxy').spec.backendTLS.clientCertificateRef).toEqual({ group: '', kind: 'Secret', name: 'edge-client' });
    expect(all(manifests, 'Certificate').map((certificate) => certificate.metadata.name)).toEqual(['httpbin-tls-cert']);
    expect(one(manifests, 'ConfigMap', 'httpbin-tls-nginx').data['nginx.conf']).toMatch(/^\s*"~\^CN=edge\$" 1;$/m);
  });

  test('a clientCertificateName beside it is still refused, naming the prop that applies', () => {
    const app = Testing.app();
    const clientCertificate = Certificate.fromSecretAttributes(app, 'Client', { secretName: 'edge-client', namespace: 'httpbin-tls', commonName: 'edge' });
    expect(() => new BackendMtlsChart(app, 'backend-mtls', { clientCertificate, clientCertificateName: 'other' }))
      .toThrow(/^backend-mtls\/Setup: clientCertificateName "other" applies only to a client certificate the setup issues/);
  });
});

describe('separateClientCa: Envoy\'s client certificates from a CA of their own', () => {
  const manifests: Manifest[] = Testing.synth(new BackendMtlsChart(Testing.app(), 'backend-mtls', { separateClientCa: true }));
  const pod = one(manifests, 'Deployment', 'httpbin-tls').spec.template.spec;

  test('a second CA chain signs the client certificate, and the backend trusts only that CA', () => {
    expect(one(manifests, 'Certificate', 'envoygateway-client-cert').spec.issuerRef.name).toBe('backend-mtls-client-ca-issuer');
    expect(one(manifests, 'Certificate', 'httpbin-tls-cert').spec.issuerRef.name).toBe('backend-mtls-ca-issuer');
    expect(one(manifests, 'Certificate', 'backend-mtls-client-ca').spec.privateKey.rotationPolicy).toBe('Never');
    expect(one(manifests, 'ConfigMap', 'httpbin-tls-nginx').data['nginx.conf']).toMatch(/^\s*ssl_client_certificate \/etc\/nginx\/client-ca\/ca\.crt;$/m);
    expect(validateManifests(manifests)).toEqual([]);
  });

  test('the front mounts only the ca.crt of the client CA\'s anchor Certificate, never a CA key, and reloads when it changes', () => {
    expect(one(manifests, 'Certificate', 'httpbin-tls-client-ca').spec.issuerRef.name).toBe('backend-mtls-client-ca-issuer');
    expect(pod.volumes.find((volume: any) => volume.name === 'client-ca').secret).toEqual({ secretName: 'httpbin-tls-client-ca', defaultMode: 0o440, items: [{ key: 'ca.crt', path: 'ca.crt' }] });
    const front = pod.containers.find((container: any) => container.name === 'tls-front');
    expect(front.command.slice(0, front.command.indexOf('--'))).toEqual(['/bin/sh', '/etc/nginx/mtls/certificate-reloader.sh', '5', '16', '/tmp/draining', '/etc/nginx/tls', '/etc/nginx/client-ca']);
  });
});
