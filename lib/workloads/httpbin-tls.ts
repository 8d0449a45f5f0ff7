import { ApiObject, ApiObjectMetadata, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import {
  checkCount, checkDerivedNames, checkDnsLabel, checkImage, checkKnownKeys, checkPort, checkPortName, checkServiceName, fail,
} from '../core/validate-props';
import { CaTrust } from '../pki/ca-trust';
import { Certificate, ICertificate, PRIVATE_KEY_KEYS } from '../pki/certificate';
import { IBackendService } from './backend-service';
import {
  checkCertificateCheckInterval, checkResources, hardenedSecurityContext, MTLS_FRONT_OPTIONS_KEYS, MtlsFront, MtlsFrontOptions, NGINX_IMAGE,
} from './mtls-front';

/**
 * The pinned image of the backend's app: go-httpbin's distroless nonroot release (uid 65532), the newest release.
 * Its release config tags images with GoReleaser's `.Version`, which drops the tag's leading `v`:
 * github.com/mccutchen/go-httpbin v2.25.0 (697b6e3) `.goreleaser.yaml:64` (image `index.docker.io/mccutchen/go-httpbin`)
 * and `:67` (tag `"{{.Version}}"`); its base is `Dockerfile.release:10` (`gcr.io/distroless/static:nonroot`).
 * Pinned by tag: no digest could be read from the registry here.
 */
export const HTTPBIN_IMAGE = 'docker.io/mccutchen/go-httpbin:2.25.0';

/** Props for {@link HttpbinTls}: the front's settings, and httpbin's. */
export interface HttpbinTlsProps extends MtlsFrontOptions {
  /** Name of the Service, Deployment, ServiceAccount and the prefix of the rest. @default 'httpbin-tls' */
  readonly name?: string;
  /** The namespace everything lives in. */
  readonly namespace: string;
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

/** The fields of {@link HttpbinTlsProps}, which the constructor admits; TypeScript keeps the list complete. */
export const HTTPBIN_TLS_PROPS_KEYS = {
  ...MTLS_FRONT_OPTIONS_KEYS, name: true, namespace: true, replicas: true, httpbinImage: true, nginxImage: true, httpbinResources: true,
  nginxResources: true,
} satisfies Record<keyof HttpbinTlsProps, true>;

const HTTPBIN_PORT = 8080;
/** nginx's group in its unprivileged image: the pod's fsGroup, so the front reads the Secret files. */
const NGINX_GID = 101;
const HTTPBIN_UID = 65532;
const TMP_MOUNT = '/tmp';

/**
 * httpbin behind an nginx mTLS front ({@link MtlsFront}) in one hardened pod: nginx terminates TLS on the Service
 * port with the server certificate, refuses any caller without a client certificate issued directly by the issuer's
 * CA (and, once identities are admitted with {@link HttpbinTls.allowClient}, any other subject), and forwards
 * admitted requests to httpbin, which listens on loopback only. nginx runs under a reloader that reloads it
 * gracefully when the kubelet swaps in a renewed Secret, so renewals need no restart.
 */
export class HttpbinTls extends Construct implements IBackendService {
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly portName: string;
  public readonly port: number;
  /** The plain port kubelet probes; it serves `/livez` and `/readyz` only. */
  public readonly healthPort: number;
  public readonly replicas: number;
  public readonly serverCertificate: Certificate;
  /** With a clientIssuer: the Certificate whose Secret's `ca.crt` is the client CA the front trusts. */
  public readonly clientCaCertificate?: Certificate;
  /** Where the TLS front reads the CA that client certificates must chain to. */
  public readonly clientTrust: CaTrust;
  /** How often the TLS front checks for renewed certificates, in seconds. */
  public readonly certificateCheckSeconds: number;
  /** How long the front keeps an idle keep-alive connection open, in seconds. */
  public readonly keepAliveTimeoutSeconds: number;
  /** The ConfigMap holding the TLS front's nginx.conf and certificate reloader. */
  public readonly configMap: kplus.ConfigMap;
  /** httpbin's ServiceAccount, with no API token mounted. */
  public readonly serviceAccount: kplus.ServiceAccount;
  /** The Deployment running httpbin and its TLS front. */
  public readonly deployment: kplus.Deployment;
  /** The mTLS front in httpbin's pods, with its certificate, ConfigMap and Service. */
  public readonly front: MtlsFront;
  /** The Service that exposes the TLS port, and only it. */
  public readonly service: kplus.Service;
  /** The labels that select this backend's pods. */
  public readonly podLabels: Readonly<Record<string, string>>;

  constructor(scope: Construct, id: string, props: HttpbinTlsProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, HTTPBIN_TLS_PROPS_KEYS);
    checkKnownKeys(this, 'privateKey', props.privateKey, PRIVATE_KEY_KEYS);
    this.serviceName = this.checkName(props);
    this.namespace = checkDnsLabel(this, 'namespace', props.namespace);
    this.port = checkPort(this, 'port', props.port ?? 8443);
    this.portName = checkPortName(this, 'portName', props.portName ?? 'https');
    this.healthPort = this.checkHealthPort(props.healthPort ?? 8081);
    this.replicas = checkCount(this, 'replicas', props.replicas ?? 1, 0, 100);
    const containers = this.checkContainers(props);
    this.podLabels = {
      'app.kubernetes.io/name': this.serviceName, 'app.kubernetes.io/component': 'backend', 'app.kubernetes.io/part-of': 'backend-mtls',
    };

    this.serviceAccount = this.addServiceAccount();
    this.deployment = this.addDeployment();
    this.front = this.addFront(props, containers);
    this.serverCertificate = this.front.serverCertificate;
    this.clientCaCertificate = this.front.clientCaCertificate;
    this.clientTrust = this.front.clientTrust;
    this.certificateCheckSeconds = this.front.certificateCheckSeconds;
    this.keepAliveTimeoutSeconds = this.front.keepAliveTimeoutSeconds;
    this.configMap = this.front.configMap;
    this.service = this.front.service;
    this.addHttpbinContainer(containers);
  }

  /**
   * Admits a client certificate's identity (its subject, `CN=<commonName>`) at the TLS front; once any is
   * admitted, every other certificate from the CA gets 403 and never reaches httpbin. Give it Envoy's client certificate.
   */
  public allowClient(certificate: ICertificate): void {
    if (!certificate.commonName) {
      fail(this, 'allowClient', certificate.name, 'must be a Certificate with a commonName: the TLS front pins client identities by subject');
    }
    this.front.allowClient(certificate);
  }

  /** The client subjects admitted so far (RFC 2253, as nginx reports them); empty while the front admits its whole CA. */
  public get admittedClientSubjects(): readonly string[] {
    return this.front.admittedClientSubjects;
  }

  /** The rendered nginx.conf of the TLS front, with the client identities admitted so far. */
  public get nginxConf(): string {
    return this.front.nginxConf;
  }

  /** The DNS names on the server certificate. */
  public get tlsHostnames(): readonly string[] {
    return this.front.tlsHostnames;
  }

  /** The Service's name, and the names derived from it within their limits. */
  private checkName(props: HttpbinTlsProps): string {
    const name = checkServiceName(this, 'name', props.name ?? 'httpbin-tls');
    checkDerivedNames(this, 'name', name, [
      ...(props.certificateName === undefined ? [{ name: `${name}-cert`, max: 63 }] : []),
      ...(props.secretName === undefined ? [{ name: `${name}-secret`, max: 63 }] : []),
      { name: `${name}-nginx`, max: 63 },
    ]);
    return name;
  }

  private checkHealthPort(given: number): number {
    const healthPort = checkPort(this, 'healthPort', given);
    if (this.port === healthPort || [this.port, healthPort].includes(HTTPBIN_PORT)) {
      fail(this, 'healthPort', healthPort, `must differ from port ${this.port} and from httpbin's loopback port ${HTTPBIN_PORT}`);
    }
    return healthPort;
  }

  /** The images and resources of httpbin and its TLS front, and how often the front checks for renewed certificates. */
  private checkContainers(props: HttpbinTlsProps): ContainerSettings {
    const httpbinImage = checkImage(this, 'httpbinImage', props.httpbinImage ?? HTTPBIN_IMAGE);
    const nginxImage = checkImage(this, 'nginxImage', props.nginxImage ?? NGINX_IMAGE);
    const httpbinResources = checkResources(this, 'httpbinResources', props.httpbinResources ?? resources(10, 200, 32, 64));
    const nginxResources = checkResources(this, 'nginxResources', props.nginxResources ?? resources(10, 200, 16, 64));
    const certificateCheckInterval = props.certificateCheckInterval ?? Duration.seconds(5);
    checkCertificateCheckInterval(this, 'certificateCheckInterval', certificateCheckInterval);
    return { httpbinImage, nginxImage, httpbinResources, nginxResources, certificateCheckInterval };
  }

  private metadata(objectName: string): ApiObjectMetadata {
    return { name: objectName, namespace: this.namespace, labels: this.podLabels };
  }

  private addServiceAccount(): kplus.ServiceAccount {
    return new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: this.metadata(this.serviceName), automountToken: false });
  }

  /** The Deployment, selecting its pods by podLabels; the front and httpbin add their containers to it. */
  private addDeployment(): kplus.Deployment {
    const deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: this.metadata(this.serviceName),
      replicas: this.replicas,
      select: false,
      serviceAccount: this.serviceAccount,
      automountServiceAccountToken: false,
      // The Secret volume's files get this group, so nginx reads tls.key without the file being world-readable.
      securityContext: { ensureNonRoot: true, fsGroup: NGINX_GID },
      podMetadata: { labels: this.podLabels },
    });
    deployment.select(kplus.LabelSelector.of({ labels: this.podLabels }));
    return deployment;
  }

  private addFront(props: HttpbinTlsProps, containers: ContainerSettings): MtlsFront {
    return new MtlsFront(this, 'Front', {
      deployment: this.deployment,
      appPort: HTTPBIN_PORT,
      appHealthPath: '/status/200',
      appName: 'httpbin',
      issuer: props.issuer,
      clientIssuer: props.clientIssuer,
      name: this.serviceName,
      certificateName: props.certificateName,
      secretName: props.secretName,
      certificateDuration: props.certificateDuration,
      certificateRenewBefore: props.certificateRenewBefore,
      privateKey: props.privateKey,
      port: this.port,
      portName: this.portName,
      healthPort: this.healthPort,
      image: containers.nginxImage,
      resources: containers.nginxResources,
      certificateCheckInterval: containers.certificateCheckInterval,
    });
  }

  private addHttpbinContainer(containers: ContainerSettings): void {
    // go-httpbin spills multipart uploads over its memory limit to /tmp; the root filesystem is read-only.
    const httpbinTmp = kplus.Volume.fromEmptyDir(this, 'HttpbinTmpVolume', 'httpbin-tmp', { sizeLimit: Size.mebibytes(64) });
    this.deployment.addContainer({
      name: 'httpbin',
      image: containers.httpbinImage,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // Loopback only: nothing reaches httpbin without passing the TLS front's client-certificate check.
      envVariables: { HOST: kplus.EnvValue.fromValue('127.0.0.1'), PORT: kplus.EnvValue.fromValue(String(HTTPBIN_PORT)) },
      securityContext: hardenedSecurityContext(HTTPBIN_UID),
      resources: containers.httpbinResources,
      volumeMounts: [{ volume: httpbinTmp, path: TMP_MOUNT }],
    });
    // cdk8s-plus labels pods with their construct path; selection uses podLabels, so the output drops it.
    ApiObject.of(this.deployment).addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
  }
}

/** The checked settings of httpbin's container and the TLS front's. */
interface ContainerSettings {
  readonly httpbinImage: string;
  readonly nginxImage: string;
  readonly httpbinResources: kplus.ContainerResources;
  readonly nginxResources: kplus.ContainerResources;
  readonly certificateCheckInterval: Duration;
}

function resources(
  cpuRequestMillis: number, cpuLimitMillis: number, memoryRequestMebibytes: number, memoryLimitMebibytes: number,
): kplus.ContainerResources {
  return {
    cpu: { request: kplus.Cpu.millis(cpuRequestMillis), limit: kplus.Cpu.millis(cpuLimitMillis) },
    memory: { request: Size.mebibytes(memoryRequestMebibytes), limit: Size.mebibytes(memoryLimitMebibytes) },
  };
}
