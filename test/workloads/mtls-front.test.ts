import { createHash } from 'node:crypto';
import { ApiObject, Chart, JsonPatch, Size, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as kplus33 from 'cdk8s-plus-33';
import { BackendMtlsChart, Certificate, MtlsFront, MtlsFrontProps, SelfSignedCa } from '../../lib';
import { validateManifests } from '../../tools/validate';
import { Manifest, one } from '../support/manifests';
import { ORDERS_PORT, ordersDeployment } from './orders-app';

/** A chart with a self-signed CA, the consumer's Deployment and an MtlsFront in front of it. */
function fronted(props: Partial<MtlsFrontProps> = {}, deploymentProps: Partial<kplus.DeploymentProps> = {}) {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'shop' });
  const deployment = ordersDeployment(chart, 'shop', deploymentProps);
  const front = new MtlsFront(chart, 'Front', { deployment, appPort: ORDERS_PORT, appHealthPath: '/health', issuer: ca, ...props });
  return { chart, ca, deployment, front };
}

const frontContainer = (manifests: Manifest[]) => one(manifests, 'Deployment', 'orders').spec.template.spec.containers.find((container: any) => container.name === 'tls-front');

describe('MtlsFront in front of a consumer\'s own Deployment', () => {
  const { chart, ca, front } = fronted({ appName: 'orders' });
  front.allowClient(new Certificate(chart, 'Envoy', { issuer: ca, name: 'envoy-client', namespace: 'shop', commonName: 'envoy', usages: ['client auth'] }));
  const manifests: Manifest[] = Testing.synth(chart);
  const deployment = one(manifests, 'Deployment', 'orders');
  const pod = deployment.spec.template.spec;
  const conf: string = one(manifests, 'ConfigMap', 'orders-nginx').data['nginx.conf'];

  test('renders the front\'s Certificate, ConfigMap, Service and container', () => {
    expect({
      certificate: one(manifests, 'Certificate', 'orders-cert'),
      service: one(manifests, 'Service', 'orders'),
      container: frontContainer(manifests),
      volumes: pod.volumes,
    }).toMatchSnapshot();
  });

  test('the Service exposes only the TLS port and selects the Deployment\'s pods', () => {
    const service = one(manifests, 'Service', 'orders', 'shop');
    expect(service.spec.ports).toEqual([{ name: 'https', port: 8443, targetPort: 8443, protocol: 'TCP' }]);
    expect(Object.keys(service.spec.selector).length).toBeGreaterThan(0);
    expect(deployment.spec.template.metadata.labels).toMatchObject(service.spec.selector);
    expect(front.podLabels).toEqual(service.spec.selector);
  });

  test('the server certificate names the Service and is what the backend presents', () => {
    const certificate = one(manifests, 'Certificate', 'orders-cert', 'shop');
    expect(certificate.spec.dnsNames).toEqual(['orders', 'orders.shop', 'orders.shop.svc', 'orders.shop.svc.cluster.local']);
    expect(certificate.spec.usages).toEqual(['server auth', 'digital signature']);
    expect(front.tlsHostnames).toEqual(certificate.spec.dnsNames);
    expect(pod.volumes.find((volume: any) => volume.name === 'tls').secret).toEqual({ secretName: certificate.spec.secretName, defaultMode: 0o440 });
  });

  test('the app keeps its container; the front is added beside it, hardened, reading the Secret through the pod fsGroup', () => {
    expect(pod.containers.map((container: any) => container.name)).toEqual(['orders', 'tls-front']);
    expect(pod.securityContext.fsGroup).toBe(101);
    const container = frontContainer(manifests);
    expect(container.ports).toEqual([{ containerPort: 8443, name: 'https' }, { containerPort: 8081, name: 'health' }]);
    expect(container.securityContext).toMatchObject({
      runAsUser: 101, runAsGroup: 101, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, privileged: false,
      capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(container.command).toEqual(['/bin/sh', '/etc/nginx/mtls/certificate-reloader.sh', '5', '16', '/tmp/draining', '/etc/nginx/tls', '--', 'nginx', '-c', '/etc/nginx/mtls/nginx.conf']);
    expect(container.readinessProbe.httpGet).toMatchObject({ path: '/readyz', port: 8081 });
  });

  test('nginx.conf forwards to the app on loopback, probes its health path and pins the admitted identity', () => {
    expect(conf).toContain(`server 127.0.0.1:${ORDERS_PORT};`);
    expect(conf).toContain('proxy_pass http://orders/health;');
    expect(conf).toContain('ssl_verify_client on;');
    expect(conf).toMatch(/map \$ssl_client_s_dn \$mtls_client_allowed \{\n\s+default 0;\n\s+"~\^CN=envoy\$" 1;\n\s+\}/);
  });

  test('every object passes offline admission', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });
});

describe('MtlsFront is a backend the chart routes to and secures', () => {
  const app = Testing.app();
  const chart = new BackendMtlsChart(app, 'c', { namespace: 'shop' });
  const front = new MtlsFront(chart, 'OrdersFront', { deployment: ordersDeployment(chart, 'shop'), appPort: ORDERS_PORT, issuer: chart.backendMtls.issuer });
  const backend = chart.backendMtls.addBackend('OrdersBackend', front, { pathPrefix: '/orders' });
  const manifests: Manifest[] = Testing.synth(chart);

  test('the route sends /orders to the front\'s TLS port, and the policy verifies its certificate', () => {
    const route = one(manifests, 'HTTPRoute', 'orders-route');
    expect(route.spec.rules[0].backendRefs).toEqual([{ group: '', kind: 'Service', name: 'orders', port: 8443 }]);
    expect(route.spec.rules[0].matches).toEqual([{ path: { type: 'PathPrefix', value: '/orders' } }]);
    const policy = one(manifests, 'BackendTLSPolicy', 'orders-policy');
    expect(policy.spec.targetRefs).toEqual([{ group: '', kind: 'Service', name: 'orders', sectionName: 'https' }]);
    expect(policy.spec.validation.hostname).toBe('orders.shop.svc.cluster.local');
    expect(policy.spec.validation.caCertificateRefs).toEqual([{ group: '', kind: 'Secret', name: 'orders-secret' }]);
  });

  test('the front admits Envoy\'s client identity only, and a NetworkPolicy admits only Envoy\'s pods to its pods', () => {
    expect(one(manifests, 'ConfigMap', 'orders-nginx').data['nginx.conf']).toContain('"~^CN=envoygateway-client$" 1;');
    const policy = one(manifests, 'NetworkPolicy', 'orders-from-envoy');
    expect(policy.spec.podSelector.matchLabels).toEqual(front.podLabels);
    expect(backend.networkPolicy?.node.path).toBe('c/Setup/OrdersBackend/NetworkPolicy');
  });

  test('two replicas (cdk8s-plus\'s default) get a PodDisruptionBudget', () => {
    expect(front.replicas).toBe(2);
    expect(one(manifests, 'PodDisruptionBudget').spec.selector.matchLabels).toEqual(front.podLabels);
  });

  test('every object passes offline admission', () => {
    expect(validateManifests(manifests)).toEqual([]);
  });
});

describe('the chart\'s wiring checks cover an MtlsFront', () => {
  const build = (clientIssuer: boolean) => {
    const chart = new BackendMtlsChart(Testing.app(), 'c', { namespace: 'shop', separateClientCa: true });
    const front = new MtlsFront(chart, 'OrdersFront', {
      deployment: ordersDeployment(chart, 'shop'), appPort: ORDERS_PORT, issuer: chart.backendMtls.issuer, clientIssuer: clientIssuer ? chart.backendMtls.clientCa : undefined,
    });
    chart.backendMtls.addBackend('OrdersBackend', front, { pathPrefix: '/orders' });
    return chart;
  };

  test('a front that trusts another CA than the one of Envoy\'s client certificate fails the synth', () => {
    expect(() => Testing.synth(build(false))).toThrow(/Envoy's client certificate is issued by .* but backend shop\/orders \(c\/OrdersFront\) only accepts clients of .*: issue the client certificate from the backend's CA/);
  });

  test('with the chart\'s client CA as its clientIssuer, the front trusts that CA only', () => {
    const manifests: Manifest[] = Testing.synth(build(true));
    expect(one(manifests, 'Certificate', 'orders-client-ca').spec.issuerRef.name).toBe(one(manifests, 'Certificate', 'envoygateway-client-cert').spec.issuerRef.name);
    expect(one(manifests, 'ConfigMap', 'orders-nginx').data['nginx.conf']).toContain('ssl_client_certificate /etc/nginx/client-ca/ca.crt;');
  });
});

describe('bad props are refused, naming the front, the prop, the value and the fix', () => {
  test.each<[string, () => unknown, RegExp]>([
    ['app port equal to the TLS port', () => fronted({ appPort: 8443 }), /^test\/Front: appPort 8443 must differ from the front's port 8443 and healthPort 8081/],
    ['app port equal to the health port', () => fronted({ appPort: 8081 }), /^test\/Front: appPort 8081 must differ from the front's port 8443 and healthPort 8081/],
    ['health port equal to the TLS port', () => fronted({ healthPort: 8443 }), /^test\/Front: healthPort 8443 must differ from port 8443/],
    ['app port out of range', () => fronted({ appPort: 70000 }), /^test\/Front: appPort 70000 must be an integer from 1 to 65535/],
    ['health path with a query', () => fronted({ appHealthPath: '/health?full' }), /^test\/Front: appHealthPath "\/health\?full" must be an absolute URL path/],
    ['app name nginx cannot name an upstream', () => fronted({ appName: 'Orders App' }), /^test\/Front: appName "Orders App" must be at most 63 lower-case letters/],
    ['untagged image', () => fronted({ image: 'nginxinc/nginx-unprivileged' }), /^test\/Front: image "nginxinc\/nginx-unprivileged" must pin a tag or digest/],
    ['a misspelt prop (JavaScript, or a transpile-only app)', () => fronted({ appHealthPth: '/health' } as Partial<MtlsFrontProps>),
      /^test\/Front: props field "appHealthPth" is unknown: did you mean "appHealthPath"\?$/],
    ['a misspelt privateKey field', () => fronted({ privateKey: { algorithm: 'RSA', Size: 4096 } as any }),
      /^test\/Front: privateKey field "Size" is unknown: did you mean "size"\?$/],
    ['no Deployment (JavaScript, or a cast)', () => fronted({ deployment: undefined }),
      /^test\/Front: deployment undefined is required: give the cdk8s-plus Deployment whose app the front serves$/],
    ['Deployment without fsGroup', () => fronted({}, { securityContext: { ensureNonRoot: true } }), /^test\/Front: deployment "test\/Orders" sets no pod fsGroup: .* securityContext: \{ fsGroup: 101 \}/],
    ['Deployment without a namespace', () => {
      const chart = Testing.chart();
      const deployment = new kplus.Deployment(chart, 'App', { securityContext: { fsGroup: 101 } });
      new MtlsFront(chart, 'Front', { deployment, appPort: 8080, issuer: new SelfSignedCa(chart, 'Ca', { namespace: 'shop' }) });
    }, /^test\/Front: deployment "test\/App" has no namespace: give it metadata\.namespace/],
    ['Deployment already exposing the TLS port', () => {
      const chart = Testing.chart();
      const deployment = ordersDeployment(chart, 'shop');
      deployment.addContainer({ name: 'sidecar', image: 'docker.io/library/busybox:1.36', ports: [{ number: 8443 }] });
      new MtlsFront(chart, 'Front', { deployment, appPort: ORDERS_PORT, issuer: new SelfSignedCa(chart, 'Ca', { namespace: 'shop' }) });
    }, /^test\/Front: deployment "test\/Orders" container "sidecar" already declares port 8443, which the front listens on/],
    ['a second front on one Deployment', () => {
      const { chart, ca, deployment } = fronted();
      new MtlsFront(chart, 'Front2', { deployment, appPort: ORDERS_PORT, issuer: ca, name: 'orders-two' });
    }, /^test\/Front2: deployment "test\/Orders" already has a container "tls-front": a Deployment takes one MtlsFront/],
    ['client identity without a common name', () => {
      const { chart, ca, front } = fronted();
      front.allowClient(new Certificate(chart, 'Client', { issuer: ca, name: 'client', namespace: 'shop', dnsNames: ['client.shop'], usages: ['client auth'] }));
    }, /^test\/Front: allowClient "client" must be a Certificate with a commonName/],
  ])('%s', (_name, build, message) => {
    expect(build).toThrow(message);
  });

  test.each<[string, (deployment: kplus.Deployment) => void, RegExp]>([
    ['a container added later declaring the health port', (deployment) => deployment.addContainer({ name: 'metrics', image: 'docker.io/library/busybox:1.36', ports: [{ number: 8081 }] }),
      /test\/Front: deployment "test\/Orders" container "metrics" already declares port 8081, which the front listens on/],
    ['a container added later mounting a volume named like the front\'s', (deployment) => deployment.addContainer({
      name: 'cache', image: 'docker.io/library/busybox:1.36', volumeMounts: [{ path: '/cache', volume: kplus.Volume.fromEmptyDir(Chart.of(deployment), 'Tmp', 'tmp') }],
    }), /test\/Front: deployment "test\/Orders" container "cache" mounts a volume named "tmp", a name the front's volumes take/],
  ])('synth refuses %s', (_name, change, message) => {
    const { chart, deployment } = fronted();
    change(deployment);
    expect(() => Testing.synth(chart)).toThrow(message);
  });

});

describe('MtlsFront over a cdk8s-plus-33 Deployment (what `cdk8s init` projects depend on today)', () => {
  // No cast: MtlsFront types the Deployment by the members it uses, so tsc --noEmit checks this against cdk8s-plus-33's own class.
  const chart = Testing.chart();
  const deployment = new kplus33.Deployment(chart, 'Orders', {
    metadata: { name: 'orders', namespace: 'shop', labels: { 'app.kubernetes.io/name': 'orders' } },
    securityContext: { ensureNonRoot: true, fsGroup: 101 },
  });
  deployment.addContainer({
    name: 'orders',
    image: 'docker.io/hashicorp/http-echo:1.0.0',
    args: [`-listen=127.0.0.1:${ORDERS_PORT}`, '-text=orders'],
    securityContext: {
      ensureNonRoot: true, user: 65532, group: 65532, readOnlyRootFilesystem: true, capabilities: { drop: [kplus33.Capability.ALL] },
      seccompProfile: { type: kplus33.SeccompProfileType.RUNTIME_DEFAULT },
    },
    resources: { cpu: { limit: kplus33.Cpu.millis(100) }, memory: { limit: Size.mebibytes(32) } },
  });
  const front = new MtlsFront(chart, 'Front', { deployment, appPort: ORDERS_PORT, issuer: new SelfSignedCa(chart, 'Ca', { namespace: 'shop' }) });
  const manifests: Manifest[] = Testing.synth(chart);
  const pod = one(manifests, 'Deployment', 'orders', 'shop').spec.template.spec;

  test('the front adds its container, volumes, ConfigMap and Service as with cdk8s-plus-28', () => {
    expect(front.deployment).toBe(deployment);
    expect(pod.containers.map((container: any) => container.name)).toEqual(['orders', 'tls-front']);
    expect(pod.volumes.map((volume: any) => volume.name)).toEqual(['tls', 'nginx-conf', 'tmp']);
    const container = pod.containers.find((candidate: any) => candidate.name === 'tls-front');
    expect(container.readinessProbe.httpGet).toEqual({ path: '/readyz', port: 8081, scheme: 'HTTP' });
    expect(container.securityContext).toMatchObject({ runAsUser: 101, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(container.resources).toEqual({ requests: { cpu: '10m', memory: '16Mi' }, limits: { cpu: '200m', memory: '64Mi' } });
    expect(container.volumeMounts.map((mount: any) => mount.mountPath)).toEqual(['/etc/nginx/tls', '/etc/nginx/mtls', '/tmp']);
    expect(one(manifests, 'Service', 'orders', 'shop').spec.selector).toEqual(front.podLabels);
    expect(one(manifests, 'ConfigMap', 'orders-nginx', 'shop').data['nginx.conf']).toContain(`server 127.0.0.1:${ORDERS_PORT};`);
  });

  test('a cdk8s-plus-33 pod field cdk8s-plus-28 cannot render is checked too: an unconfined AppArmor profile is refused', () => {
    const other = Testing.chart();
    const unconfined = new kplus33.Deployment(other, 'Orders', { metadata: { name: 'orders', namespace: 'shop' }, securityContext: { fsGroup: 101 } });
    unconfined.addContainer({
      name: 'orders', image: 'docker.io/hashicorp/http-echo:1.0.0',
      securityContext: { capabilities: { drop: [kplus33.Capability.ALL] }, seccompProfile: { type: kplus33.SeccompProfileType.RUNTIME_DEFAULT } },
      resources: { cpu: { limit: kplus33.Cpu.millis(100) }, memory: { limit: Size.mebibytes(32) } },
    });
    ApiObject.of(unconfined).addJsonPatch(JsonPatch.add('/spec/template/spec/containers/0/securityContext/appArmorProfile', { type: 'Unconfined' }));
    new MtlsFront(other, 'Front', { deployment: unconfined, appPort: ORDERS_PORT, issuer: new SelfSignedCa(other, 'Ca', { namespace: 'shop' }) });
    expect(() => Testing.synth(other)).toThrow(
      /container "orders" securityContext\.appArmorProfile\.type "Unconfined" fails Pod Security "restricted" \(Kubernetes 1\.33, check appArmorProfile\).*"RuntimeDefault" or "Localhost"/);
  });
});

describe('a change to what the front reads rolls its pods', () => {
  const render = (commonName?: string) => {
    const { chart, ca, front } = fronted({ appName: 'orders' });
    if (commonName) front.allowClient(new Certificate(chart, 'Envoy', { issuer: ca, name: 'envoy-client', namespace: 'shop', commonName, usages: ['client auth'] }));
    const manifests: Manifest[] = Testing.synth(chart);
    return {
      checksum: one(manifests, 'Deployment', 'orders').spec.template.metadata.annotations['backend-mtls/config-checksum'],
      data: one(manifests, 'ConfigMap', 'orders-nginx').data,
    };
  };

  test('the pod template carries the sha256 of the ConfigMap\'s nginx.conf and reloader script', () => {
    const { checksum, data } = render('envoy');
    const expected = createHash('sha256').update(JSON.stringify({ 'nginx.conf': data['nginx.conf'], 'certificate-reloader.sh': data['certificate-reloader.sh'] })).digest('hex');
    expect(checksum).toBe(expected);
  });

  test('another admitted identity changes the checksum; the same input keeps it', () => {
    expect(render('envoy').checksum).toBe(render('envoy').checksum);
    expect(render('envoy-2').checksum).not.toBe(render('envoy').checksum);
    expect(render().checksum).not.toBe(render('envoy').checksum);
  });
});
