import { Testing } from 'cdk8s';
import { Certificate, HTTPBIN_IMAGE, HttpbinTls, HttpbinTlsProps, NGINX_IMAGE, SelfSignedCa } from '../../lib';
import { Manifest, one } from '../support/manifests';

/** A chart with a self-signed CA and one HttpbinTls. */
function httpbin(props: Partial<HttpbinTlsProps> = {}) {
  const chart = Testing.chart();
  const ca = new SelfSignedCa(chart, 'Ca', { namespace: 'shop' });
  const workload = new HttpbinTls(chart, 'Httpbin', { namespace: 'shop', issuer: ca, ...props });
  return { chart, ca, workload };
}

describe('HttpbinTls: httpbin on loopback behind an MtlsFront, in one hardened pod', () => {
  const { chart, workload } = httpbin();
  const manifests: Manifest[] = Testing.synth(chart);
  const pod = one(manifests, 'Deployment', 'httpbin-tls', 'shop').spec.template.spec;
  const container = (name: string) => pod.containers.find((candidate: any) => candidate.name === name);

  test('renders the ServiceAccount, Deployment, Certificate, ConfigMap and Service', () => {
    expect(manifests.map((object) => `${object.kind} ${object.metadata.name}`)).toMatchSnapshot();
  });

  test('httpbin listens on 127.0.0.1 only, behind the front, with its own writable /tmp', () => {
    expect(container('httpbin').image).toBe(HTTPBIN_IMAGE);
    expect(container('httpbin').env).toEqual(expect.arrayContaining([{ name: 'HOST', value: '127.0.0.1' }, { name: 'PORT', value: '8080' }]));
    expect(container('httpbin').ports ?? []).toEqual([]);
    expect(container('httpbin').volumeMounts.map((mount: any) => mount.mountPath)).toEqual(['/tmp']);
    expect(container('tls-front').image).toBe(NGINX_IMAGE);
    expect(workload.front.appPort).toBe(8080);
  });

  test('the default images carry the tags their upstream release configs publish', () => {
    // go-httpbin's GoReleaser tags images with .Version, which drops the git tag's leading v (.goreleaser.yaml:67 at v2.25.0).
    expect(HTTPBIN_IMAGE).toMatch(/^docker\.io\/mccutchen\/go-httpbin:\d+\.\d+\.\d+$/);
    // docker-nginx-unprivileged's alpine-stable workflow tags <major>.<minor>.<patch>-alpine (alpine-stable.yml:208).
    expect(NGINX_IMAGE).toMatch(/^docker\.io\/nginxinc\/nginx-unprivileged:\d+\.\d+\.\d+-alpine$/);
  });

  test('both containers run non-root with a read-only root filesystem and no capabilities', () => {
    for (const name of ['tls-front', 'httpbin']) {
      expect(container(name).securityContext).toMatchObject({
        runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] },
      });
    }
    expect(pod.automountServiceAccountToken).toBe(false);
  });

  test('the Service exposes only the TLS port; the health port stays inside the pod', () => {
    expect(one(manifests, 'Service', 'httpbin-tls', 'shop').spec.ports).toEqual([{ name: 'https', port: 8443, targetPort: 8443, protocol: 'TCP' }]);
    expect(workload.healthPort).toBe(8081);
  });

  test('admits its whole CA until an identity is given, then only that subject', () => {
    const fresh = httpbin();
    expect(fresh.workload.admittedClientSubjects).toEqual([]);
    expect(fresh.workload.nginxConf).not.toContain('$mtls_client_allowed');
    fresh.workload.allowClient(new Certificate(fresh.chart, 'Envoy', { issuer: fresh.ca, name: 'envoy', namespace: 'shop', commonName: 'envoy', usages: ['client auth'] }));
    expect(fresh.workload.admittedClientSubjects).toEqual(['CN=envoy']);
    expect(fresh.workload.nginxConf).toMatch(/"~\^CN=envoy\$" 1;/);
  });

  test('an identity without a commonName cannot be pinned', () => {
    const fresh = httpbin();
    const unnamed = new Certificate(fresh.chart, 'Unnamed', { issuer: fresh.ca, name: 'unnamed', namespace: 'shop', dnsNames: ['unnamed.shop.svc'], usages: ['client auth'] });
    expect(() => fresh.workload.allowClient(unnamed)).toThrow(/^test\/Httpbin: allowClient "unnamed" must be a Certificate with a commonName/);
  });
});

describe('HttpbinTls refuses bad props where they enter', () => {
  test.each<[string, Partial<HttpbinTlsProps>, RegExp]>([
    ['a health port equal to the TLS port', { healthPort: 8443 }, /^test\/Httpbin: healthPort 8443 must differ from port 8443 and from httpbin's loopback port 8080/],
    ['a name that is not a DNS-1035 label', { name: '9lives' }, /^test\/Httpbin: name "9lives" must be a DNS-1035 label/],
    ['a replica count below zero', { replicas: -1 }, /^test\/Httpbin: replicas -1 must be/],
    ['a misspelt prop (JavaScript, or a transpile-only app)', { replica: 3 } as Partial<HttpbinTlsProps>,
      /^test\/Httpbin: props field "replica" is unknown: did you mean "replicas"\?$/],
    ['a misspelt privateKey field', { privateKey: { algoritm: 'RSA' } as any }, /^test\/Httpbin: privateKey field "algoritm" is unknown: did you mean "algorithm"\?$/],
  ])('%s', (_case, props, message) => {
    expect(() => httpbin(props)).toThrow(message);
  });
});
