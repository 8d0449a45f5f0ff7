import { Construct } from 'constructs';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  checkCount, checkDerivedNames, checkDnsLabel, checkImage, checkMemory, checkPort, checkPortName, checkQuantity, checkRequestWithinLimit, checkServiceName,
  compareQuantities, fail, parseQuantity,
} from '../checks/rules';
import { CaTrust } from '../pki/ca-trust';
import { Certificate, PrivateKey } from '../pki/certificate';
import { ICertificateIssuer } from '../pki/issuer';
import { IBackendService, serviceDnsNames } from './backend-service';
import { renderNginxConf } from './nginx-conf';

/** Pinned images of the backend. */
export const HTTPBIN_IMAGE = 'docker.io/mccutchen/go-httpbin:v2.15.0';
export const NGINX_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.27.4-alpine';

/** Props for {@link HttpbinTls}. */
export interface HttpbinTlsProps {
  /** Name of the Service, Deployment, ServiceAccount and the prefix of the rest. @default 'httpbin-tls' */
  readonly name?: string;
  /** The namespace everything lives in. */
  readonly namespace: string;
  /** The issuer of the server certificate; its CA is also the only CA whose client certificates are accepted. */
  readonly issuer: ICertificateIssuer;
  /** Name of the server Certificate. @default '<name>-cert' */
  readonly certificateName?: string;
  /** Name of the server certificate's Secret. @default '<name>-secret' */
  readonly secretName?: string;
  /** The server certificate's lifetime. @default '2160h' */
  readonly certificateDuration?: string;
  /** When the server certificate is renewed. @default '360h' */
  readonly certificateRenewBefore?: string;
  /** The server certificate's private key. @default - ECDSA P-256 */
  readonly privateKey?: PrivateKey;
  /** The Service's TLS port. @default 8443 */
  readonly port?: number;
  /** The name of that port, which a BackendTLSPolicy's sectionName names. @default 'https' */
  readonly portName?: string;
  /** The plain port kubelet probes; serves health endpoints only. @default 8081 */
  readonly healthPort?: number;
  /** Pod replicas. @default 1 */
  readonly replicas?: number;
  /** The httpbin image. @default HTTPBIN_IMAGE */
  readonly httpbinImage?: string;
  /** The nginx (unprivileged) image of the TLS front. @default NGINX_IMAGE */
  readonly nginxImage?: string;
  /** httpbin's resources. @default - 10m/32Mi requested, 200m/64Mi limit */
  readonly httpbinResources?: kplus.ContainerResources;
  /** The TLS front's resources. @default - 10m/16Mi requested, 200m/64Mi limit */
  readonly nginxResources?: kplus.ContainerResources;
}

const HTTPBIN_PORT = 8080;
const NGINX_UID = 101;
const HTTPBIN_UID = 65532;
export const TLS_MOUNT = '/etc/nginx/tls';
export const CONF_MOUNT = '/etc/nginx/mtls';
export const TMP_MOUNT = '/tmp';

/**
 * httpbin behind an nginx mTLS front in one hardened pod: nginx terminates TLS on the Service port with the
 * server certificate, refuses any caller without a client certificate signed by the issuer's CA, and
 * forwards verified requests to httpbin, which listens on loopback only.
 */
export class HttpbinTls extends Construct implements IBackendService {
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly portName: string;
  public readonly port: number;
  public readonly healthPort: number;
  public readonly replicas: number;
  public readonly serverCertificate: Certificate;
  /** Where the TLS front reads the CA that client certificates must chain to. */
  public readonly clientTrust: CaTrust;
  /** The rendered nginx.conf of the TLS front. */
  public readonly nginxConf: string;
  public readonly configMap: kplus.ConfigMap;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  /** The labels that select this backend's pods. */
  public readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: HttpbinTlsProps) {
    super(scope, id);
    const name = checkServiceName(this, 'name', props.name ?? 'httpbin-tls');
    checkDerivedNames(this, 'name', name, [
      ...(props.certificateName === undefined ? [{ name: `${name}-cert`, max: 63 }] : []),
      ...(props.secretName === undefined ? [{ name: `${name}-secret`, max: 63 }] : []),
      { name: `${name}-nginx`, max: 63 },
    ]);
    this.serviceName = name;
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.port = checkPort(this, 'port', props.port ?? 8443);
    this.portName = checkPortName(this, 'portName', props.portName ?? 'https');
    this.healthPort = checkPort(this, 'healthPort', props.healthPort ?? 8081);
    if (this.port === this.healthPort || [this.port, this.healthPort].includes(HTTPBIN_PORT)) {
      fail(this, 'healthPort', this.healthPort, `must differ from port ${this.port} and from httpbin's loopback port ${HTTPBIN_PORT}`);
    }
    const replicas = checkCount(this, 'replicas', props.replicas ?? 1, 0, 100);
    this.replicas = replicas;
    const httpbinImage = checkImage(this, 'httpbinImage', props.httpbinImage ?? HTTPBIN_IMAGE);
    const nginxImage = checkImage(this, 'nginxImage', props.nginxImage ?? NGINX_IMAGE);
    const httpbinResources = this.checkResources('httpbinResources', props.httpbinResources ?? resources(10, 200, 32, 64));
    const nginxResources = this.checkResources('nginxResources', props.nginxResources ?? resources(10, 200, 16, 64));
    this.podLabels = { 'app.kubernetes.io/name': name, 'app.kubernetes.io/component': 'backend', 'app.kubernetes.io/part-of': 'backend-mtls' };

    this.serverCertificate = new Certificate(this, 'ServerCertificate', {
      issuer: props.issuer,
      name: props.certificateName ?? `${name}-cert`,
      namespace: this.namespace,
      secretName: props.secretName ?? `${name}-secret`,
      dnsNames: serviceDnsNames(name, this.namespace),
      usages: ['server auth', 'digital signature'],
      duration: props.certificateDuration,
      renewBefore: props.certificateRenewBefore,
      privateKey: props.privateKey,
    });
    this.clientTrust = CaTrust.fromCertificateSecret(this.serverCertificate);

    this.nginxConf = renderNginxConf({ tlsDir: TLS_MOUNT, tmpDir: TMP_MOUNT, tlsPort: this.port, healthPort: this.healthPort, upstreamPort: HTTPBIN_PORT });
    const metadata = (objectName: string) => ({ name: objectName, namespace: this.namespace, labels: this.podLabels });
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: metadata(name), automountToken: false });
    this.configMap = new kplus.ConfigMap(this, 'NginxConf', { metadata: metadata(`${name}-nginx`), data: { 'nginx.conf': this.nginxConf } });

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: metadata(name),
      replicas,
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      securityContext: { ensureNonRoot: true },
      podMetadata: { labels: this.podLabels },
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.podLabels }));

    const tls = kplus.Volume.fromSecret(this, 'TlsVolume', kplus.Secret.fromSecretName(this, 'ServerSecret', this.serverCertificate.secretName), { name: 'tls' });
    const conf = kplus.Volume.fromConfigMap(this, 'ConfVolume', this.configMap, { name: 'nginx-conf' });
    const tmp = kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(16) });

    this.deployment.addContainer({
      name: 'tls-front',
      image: nginxImage,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command: ['nginx', '-c', `${CONF_MOUNT}/nginx.conf`],
      ports: [{ name: this.portName, number: this.port }, { name: 'health', number: this.healthPort }],
      securityContext: hardened(NGINX_UID),
      resources: nginxResources,
      volumeMounts: [
        { volume: tls, path: TLS_MOUNT, readOnly: true },
        { volume: conf, path: CONF_MOUNT, readOnly: true },
        { volume: tmp, path: TMP_MOUNT },
      ],
      readiness: kplus.Probe.fromHttpGet('/readyz', { port: this.healthPort, periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
      liveness: kplus.Probe.fromHttpGet('/livez', { port: this.healthPort, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
    });
    this.deployment.addContainer({
      name: 'httpbin',
      image: httpbinImage,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // Loopback only: nothing reaches httpbin without passing the TLS front's client-certificate check.
      envVariables: { HOST: kplus.EnvValue.fromValue('127.0.0.1'), PORT: kplus.EnvValue.fromValue(String(HTTPBIN_PORT)) },
      securityContext: hardened(HTTPBIN_UID),
      resources: httpbinResources,
    });

    this.service = new kplus.Service(this, 'Service', {
      metadata: metadata(name),
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: this.portName, port: this.port, targetPort: this.port, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(this.podLabels)) this.service.selectLabel(key, value);
    // cdk8s-plus labels pods with their construct path; selection uses podLabels, so the output drops it.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
  }

  /** The DNS names on the server certificate. */
  public get tlsHostnames(): readonly string[] {
    return this.serverCertificate.dnsNames;
  }

  private checkResources(field: string, given: kplus.ContainerResources): kplus.ContainerResources {
    const cpu = given.cpu ?? {};
    const memory = given.memory ?? {};
    if (!cpu.limit || !memory.limit) fail(this, field, 'without limits', 'must set cpu.limit and memory.limit: an unbounded container can starve the node');
    checkQuantity(this, `${field}.cpu.limit`, cpu.limit.amount);
    if (cpu.request) checkRequestWithinLimit(this, `${field}.cpu.request`, cpu.request.amount, `${field}.cpu.limit`, cpu.limit.amount);
    const memoryLimit = checkMemory(this, `${field}.memory.limit`, memory.limit);
    if (memory.request) checkRequestWithinLimit(this, `${field}.memory.request`, checkMemory(this, `${field}.memory.request`, memory.request), `${field}.memory.limit`, memoryLimit);
    if (compareQuantities(parseQuantity(memoryLimit)!, parseQuantity('8Mi')!) < 0) fail(this, `${field}.memory.limit`, memoryLimit, 'must be at least 8Mi for the process to start');
    return given;
  }
}

function hardened(uid: number): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: uid,
    group: uid,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

function resources(cpuRequestMillis: number, cpuLimitMillis: number, memoryRequestMebibytes: number, memoryLimitMebibytes: number): kplus.ContainerResources {
  return {
    cpu: { request: kplus.Cpu.millis(cpuRequestMillis), limit: kplus.Cpu.millis(cpuLimitMillis) },
    memory: { request: Size.mebibytes(memoryRequestMebibytes), limit: Size.mebibytes(memoryLimitMebibytes) },
  };
}
