import { Construct } from 'constructs';
import { ApiObject, Duration, JsonPatch, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  checkCount, checkDerivedNames, checkDnsLabel, checkImage, checkMemory, checkPort, checkPortName, checkQuantity, checkRequestWithinLimit, checkServiceName,
  compareQuantities, fail, parseQuantity,
} from '../checks/rules';
import { CaTrust } from '../pki/ca-trust';
import { Certificate, ICertificate, PrivateKey } from '../pki/certificate';
import { ICertificateIssuer } from '../pki/issuer';
import { IBackendService, serviceDnsNames } from './backend-service';
import { CERTIFICATE_RELOADER_SCRIPT } from './certificate-reloader';
import { renderNginxConf } from './nginx-conf';

/** Pinned images of the backend: go-httpbin's distroless nonroot release, and nginx's current stable line. */
export const HTTPBIN_IMAGE = 'docker.io/mccutchen/go-httpbin:v2.25.0';
export const NGINX_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine';

/** Props for {@link HttpbinTls}. */
export interface HttpbinTlsProps {
  /** Name of the Service, Deployment, ServiceAccount and the prefix of the rest. @default 'httpbin-tls' */
  readonly name?: string;
  /** The namespace everything lives in. */
  readonly namespace: string;
  /** The issuer of the server certificate; unless clientIssuer is set, its CA is also the only CA whose client certificates are accepted. */
  readonly issuer: ICertificateIssuer;
  /**
   * An issuer only for Envoy's client certificates: the front then accepts client certificates from its CA
   * only, read from the `ca.crt` of a small Certificate it issues in the backend's namespace (`<name>-client-ca`).
   * @default - the server certificate's issuer: one CA for both
   */
  readonly clientIssuer?: ICertificateIssuer;
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
  /**
   * How often the TLS front checks the mounted certificate Secret for a renewal and, on a change, reloads
   * nginx gracefully (whole seconds, 1 to 300). A renewed certificate or CA is served this long after the kubelet
   * updates the volume at the latest.
   * @default Duration.seconds(5)
   */
  readonly certificateCheckInterval?: Duration;
}

const HTTPBIN_PORT = 8080;
const NGINX_UID = 101;
const HTTPBIN_UID = 65532;
export const TLS_MOUNT = '/etc/nginx/tls';
export const CONF_MOUNT = '/etc/nginx/mtls';
export const TMP_MOUNT = '/tmp';
export const CLIENT_CA_MOUNT = '/etc/nginx/client-ca';
const RELOADER_FILE = 'certificate-reloader.sh';
/** Secret files readable by the owner (root, as the kubelet writes them) and the pod's fsGroup (nginx's group) only. */
const SECRET_FILE_MODE = 0o440;

/**
 * httpbin behind an nginx mTLS front in one hardened pod: nginx terminates TLS on the Service port with the
 * server certificate, refuses any caller without a client certificate issued directly by the issuer's CA (and,
 * once identities are admitted with {@link HttpbinTls.allowClient}, any other subject), and forwards admitted
 * requests to httpbin, which listens on loopback only. nginx runs under a reloader that reloads it gracefully
 * when the kubelet swaps in a renewed Secret, so renewals need no restart.
 */
export class HttpbinTls extends Construct implements IBackendService {
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly portName: string;
  public readonly port: number;
  public readonly healthPort: number;
  public readonly replicas: number;
  public readonly serverCertificate: Certificate;
  /** With a clientIssuer: the Certificate whose Secret's `ca.crt` is the client CA the front trusts. */
  public readonly clientCaCertificate?: Certificate;
  /** Where the TLS front reads the CA that client certificates must chain to. */
  public readonly clientTrust: CaTrust;
  /** How often the TLS front checks for renewed certificates, in seconds. */
  public readonly certificateCheckSeconds: number;
  public readonly configMap: kplus.ConfigMap;
  public readonly serviceAccount: kplus.ServiceAccount;
  public readonly deployment: kplus.Deployment;
  public readonly service: kplus.Service;
  /** The labels that select this backend's pods. */
  public readonly podLabels: Readonly<Record<string, string>>;
  private readonly allowedClientSubjects: string[] = [];

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
    if (props.clientIssuer) {
      // cert-manager writes the issuing CA into every Secret it fills: this one exists to carry the client CA, without its key.
      this.clientCaCertificate = new Certificate(this, 'ClientCaCertificate', {
        issuer: props.clientIssuer,
        name: `${name}-client-ca`,
        namespace: this.namespace,
        commonName: `${name}-client-ca`,
        usages: ['digital signature'],
      });
    }
    this.clientTrust = CaTrust.fromCertificateSecret(this.clientCaCertificate ?? this.serverCertificate);

    const interval = props.certificateCheckInterval ?? Duration.seconds(5);
    const intervalMs = interval.toMilliseconds();
    if (intervalMs % 1000 !== 0 || intervalMs < 1000 || intervalMs > 300_000) {
      fail(this, 'certificateCheckInterval', `${intervalMs}ms`, 'must be whole seconds from 1 to 300: the front checks for renewed certificates that often');
    }
    this.certificateCheckSeconds = intervalMs / 1000;
    const metadata = (objectName: string) => ({ name: objectName, namespace: this.namespace, labels: this.podLabels });
    this.serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: metadata(name), automountToken: false });
    // Rendered at synth time: the client identities are added after construction (allowClient).
    const nginxConf = Lazy.any({ produce: () => this.nginxConf }) as unknown as string;
    this.configMap = new kplus.ConfigMap(this, 'NginxConf', { metadata: metadata(`${name}-nginx`), data: { 'nginx.conf': nginxConf, [RELOADER_FILE]: CERTIFICATE_RELOADER_SCRIPT } });

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: metadata(name),
      replicas,
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      // The Secret volume's files get this group, so nginx reads tls.key without the file being world-readable.
      securityContext: { ensureNonRoot: true, fsGroup: NGINX_UID },
      podMetadata: { labels: this.podLabels },
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: this.podLabels }));

    const tls = kplus.Volume.fromSecret(this, 'TlsVolume', kplus.Secret.fromSecretName(this, 'ServerSecret', this.serverCertificate.secretName), { name: 'tls', defaultMode: SECRET_FILE_MODE });
    const conf = kplus.Volume.fromConfigMap(this, 'ConfVolume', this.configMap, { name: 'nginx-conf' });
    const tmp = kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(16) });
    // go-httpbin spills multipart uploads over its memory limit to /tmp; the root filesystem is read-only.
    const clientCa = this.clientCaCertificate && kplus.Volume.fromSecret(this, 'ClientCaVolume', kplus.Secret.fromSecretName(this, 'ClientCaSecret', this.clientCaCertificate.secretName), {
      name: 'client-ca', defaultMode: SECRET_FILE_MODE, items: { 'ca.crt': { path: 'ca.crt' } },
    });
    const httpbinTmp = kplus.Volume.fromEmptyDir(this, 'HttpbinTmpVolume', 'httpbin-tmp', { sizeLimit: Size.mebibytes(64) });

    this.deployment.addContainer({
      name: 'tls-front',
      image: nginxImage,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // nginx runs as the reloader's child, which reloads it gracefully when the kubelet swaps in a renewed Secret.
      command: [
        '/bin/sh', `${CONF_MOUNT}/${RELOADER_FILE}`, String(this.certificateCheckSeconds), TLS_MOUNT, ...(clientCa ? [CLIENT_CA_MOUNT] : []),
        '--', 'nginx', '-c', `${CONF_MOUNT}/nginx.conf`,
      ],
      ports: [{ name: this.portName, number: this.port }, { name: 'health', number: this.healthPort }],
      securityContext: hardened(NGINX_UID),
      resources: nginxResources,
      volumeMounts: [
        { volume: tls, path: TLS_MOUNT, readOnly: true },
        { volume: conf, path: CONF_MOUNT, readOnly: true },
        { volume: tmp, path: TMP_MOUNT },
        ...(clientCa ? [{ volume: clientCa, path: CLIENT_CA_MOUNT, readOnly: true }] : []),
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
      volumeMounts: [{ volume: httpbinTmp, path: TMP_MOUNT }],
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

  /**
   * Admits a client certificate's identity (its subject, `CN=<commonName>`) at the TLS front; once any is
   * admitted, every other certificate from the CA gets 403 and never reaches httpbin. Give it Envoy's client certificate.
   */
  public allowClient(certificate: ICertificate): void {
    if (!certificate.commonName) {
      fail(this, 'allowClient', certificate.name, 'must be a Certificate with a commonName: the TLS front pins client identities by subject');
    }
    const subject = commonNameSubject(certificate.commonName);
    if (!this.allowedClientSubjects.includes(subject)) this.allowedClientSubjects.push(subject);
  }

  /** The rendered nginx.conf of the TLS front, with the client identities admitted so far. */
  public get nginxConf(): string {
    return renderNginxConf({
      tlsDir: TLS_MOUNT, tmpDir: TMP_MOUNT, tlsPort: this.port, healthPort: this.healthPort, upstreamPort: HTTPBIN_PORT,
      clientCaFile: this.clientCaCertificate ? `${CLIENT_CA_MOUNT}/ca.crt` : undefined,
      allowedClientSubjects: this.allowedClientSubjects,
    });
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

/** The subject nginx reports (`$ssl_client_s_dn`, RFC 2253) for a certificate whose subject is only a common name. */
function commonNameSubject(commonName: string): string {
  const escaped = commonName.replace(/[,+"\\<>;=]/g, '\\$&').replace(/^[ #]/, '\\$&').replace(/ $/, '\\ ');
  return `CN=${escaped}`;
}

