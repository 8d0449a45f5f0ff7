import { createHash } from 'node:crypto';
import { ApiObject, ApiObjectMetadataDefinition, Chart, Duration, Lazy, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct, IConstruct } from 'constructs';
import { pinnedSubject } from '../core/client-identity';
import { RenderedObjects } from '../core/rendered-objects';
import {
  checkDerivedNames, checkDnsLabel, checkImage, checkKnownKeys, checkMemory, checkPort, checkPortName, checkQuantity, checkRequestWithinLimit,
  checkServiceName, checkRequired, checkText, compareQuantities, fail, parseQuantity,
} from '../core/validate-props';
import { CaTrust } from '../pki/ca-trust';
import { Certificate, ICertificate, PRIVATE_KEY_KEYS, PrivateKey } from '../pki/certificate';
import { ICertificateIssuer } from '../pki/issuer';
import { IBackendService, serviceDnsNames } from './backend-service';
import { CERTIFICATE_RELOADER_SCRIPT, keepAliveTimings } from './certificate-reloader';
import { drainFlagFile, renderNginxConf } from './nginx-conf';
import { PodTemplateJson, podSecurityFindings } from './pod-security';

/**
 * The pinned nginx (unprivileged) image of the TLS front: nginx's stable line, uid/gid 101.
 * github.com/nginx/docker-nginx-unprivileged main (e26803b, 2026-07-15): `update.sh:16` (`[stable]='1.30.4'`),
 * `stable/alpine-slim/Dockerfile:11` (`NGINX_VERSION=1.30.4`) and `:15` (`UID=101`), and the publishing workflow
 * `.github/workflows/alpine-stable.yml:203` (image `docker.io/nginxinc/nginx-unprivileged`) and `:208`
 * (tag `<major>.<minor>.<patch>-alpine`). Pinned by tag: no digest could be read from the registry here.
 */
export const NGINX_IMAGE = 'docker.io/nginxinc/nginx-unprivileged:1.30.4-alpine';

const TLS_MOUNT = '/etc/nginx/tls';
const CONF_MOUNT = '/etc/nginx/mtls';
const TMP_MOUNT = '/tmp';
const CLIENT_CA_MOUNT = '/etc/nginx/client-ca';
/** The user of nginx in the unprivileged image. */
const NGINX_UID = 101;
const RELOADER_FILE = 'certificate-reloader.sh';
/** The pod template annotation that carries a checksum of the front's ConfigMap, so a change to it rolls the pods. */
export const CONFIG_CHECKSUM_ANNOTATION = 'backend-mtls/config-checksum';
const FRONT_CONTAINER = 'tls-front';
/** The pod volumes the front adds; another volume of the Deployment must not take these names. */
const FRONT_VOLUMES = ['tls', 'nginx-conf', 'tmp', 'client-ca'];
/** Secret files readable by the owner (root, as the kubelet writes them) and the pod's fsGroup only. */
const SECRET_FILE_MODE = 0o440;

/**
 * A container of a cdk8s-plus Deployment, as far as an {@link MtlsFront} reads it: any cdk8s-plus from 28 on fits.
 */
export interface IFrontedContainer {
  /** The container's name. */
  readonly name: string;
  /** The ports it declares. */
  readonly ports: readonly { readonly number: number }[];
  /** The volumes it mounts. */
  readonly mounts: readonly { readonly volume: { readonly name: string } }[];
}

/**
 * The container an {@link MtlsFront} adds. Its values are the cdk8s-plus objects the front builds (volumes, probes,
 * CPU amounts); a Deployment of another cdk8s-plus major takes them as its own, since they render alike.
 */
export interface FrontContainerProps {
  /** The container's name. @default - cdk8s-plus names it */
  readonly name?: string;
  /** The image. */
  readonly image: string;
  /** When the kubelet pulls the image. @default - cdk8s-plus's default */
  readonly imagePullPolicy?: string;
  /** The command the container runs. @default - the image's entrypoint */
  readonly command?: readonly string[];
  /** The ports it declares. @default - none */
  readonly ports?: readonly unknown[];
  /** Its security context. @default - cdk8s-plus's default */
  readonly securityContext?: unknown;
  /** Its resources. @default - none */
  readonly resources?: unknown;
  /** The volumes it mounts. @default - none */
  readonly volumeMounts?: readonly unknown[];
  /** Its readiness probe. @default - none */
  readonly readiness?: unknown;
  /** Its liveness probe. @default - none */
  readonly liveness?: unknown;
}

/**
 * The members of a cdk8s-plus `Deployment` an {@link MtlsFront} uses, so that a Deployment of any cdk8s-plus major
 * (cdk8s-plus-28 through the newest) fits: the front types it by what it touches, not by one major's class.
 */
export interface IFrontedDeployment extends IConstruct {
  /** The Deployment's name. */
  readonly name: string;
  /** Its metadata: the namespace and labels the front's objects take. */
  readonly metadata: ApiObjectMetadataDefinition;
  /** Its pod template's metadata: the front annotates it with a checksum of its configuration. */
  readonly podMetadata: ApiObjectMetadataDefinition;
  /** Its pod security context: the front needs an fsGroup. */
  readonly securityContext: { readonly fsGroup?: number };
  /** Its containers so far. */
  readonly containers: readonly IFrontedContainer[];
  /** The labels that select its pods. */
  readonly matchLabels: Readonly<Record<string, string>>;
  /** Its replicas. @default - cdk8s-plus renders 2 */
  readonly replicas?: number;
  /** Adds a container to its pods. */
  addContainer(container: FrontContainerProps): IFrontedContainer;
}

/** The settings of an mTLS front: its certificates, ports and renewal checks (shared by {@link MtlsFront} and HttpbinTls). */
export interface MtlsFrontOptions {
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
  /** The Service's TLS port, which the front listens on. @default 8443 */
  readonly port?: number;
  /** The name of that port, which a BackendTLSPolicy's sectionName names. @default 'https' */
  readonly portName?: string;
  /** The plain port kubelet probes; serves health endpoints only. @default 8081 */
  readonly healthPort?: number;
  /**
   * How often the front checks the mounted certificate Secret for a renewal and, on a change, reloads nginx
   * gracefully (whole seconds, 1 to 300). A renewed certificate or CA is served at the latest this interval plus the
   * drain before the reload (the keep-alive timeout, three intervals up to 20 s, plus 1 s: 16 s by default) after the
   * kubelet updates the volume.
   * @default Duration.seconds(5)
   */
  readonly certificateCheckInterval?: Duration;
}

/** The fields of {@link MtlsFrontOptions}, shared by MtlsFront's and HttpbinTls' props; TypeScript keeps the list complete. */
export const MTLS_FRONT_OPTIONS_KEYS = {
  issuer: true, clientIssuer: true, certificateName: true, secretName: true, certificateDuration: true, certificateRenewBefore: true,
  privateKey: true, port: true, portName: true, healthPort: true, certificateCheckInterval: true,
} satisfies Record<keyof MtlsFrontOptions, true>;

/** Props for {@link MtlsFront}. */
export interface MtlsFrontProps extends MtlsFrontOptions {
  /**
   * The Deployment to put the front in. Its app must listen on 127.0.0.1:`appPort` only, so that nothing reaches
   * it without passing the front; its pods must set an fsGroup (`securityContext: { fsGroup: 101 }`).
   */
  readonly deployment: IFrontedDeployment;
  /** The loopback port the Deployment's app listens on; the front forwards admitted requests there. */
  readonly appPort: number;
  /** The path on the app that answers 2xx when it is ready; the front's `/readyz` forwards there. @default '/' */
  readonly appHealthPath?: string;
  /** What the front's nginx.conf calls the app (its upstream's name, in comments). @default 'app' */
  readonly appName?: string;
  /** Name of the Service and the prefix of the front's other objects. @default - the Deployment's name */
  readonly name?: string;
  /** The nginx (unprivileged) image of the front. @default NGINX_IMAGE */
  readonly image?: string;
  /** The front's resources. @default - 10m/16Mi requested, 200m/64Mi limit */
  readonly resources?: kplus.ContainerResources;
}

const MTLS_FRONT_PROPS_KEYS = {
  ...MTLS_FRONT_OPTIONS_KEYS, deployment: true, appPort: true, appHealthPath: true, appName: true, name: true, image: true, resources: true,
} satisfies Record<keyof MtlsFrontProps, true>;

/**
 * The nginx mTLS front of a Deployment, as a TLS backend the chart routes to and secures: a server Certificate
 * for the Service's DNS names, a hardened nginx container in the Deployment's pods that terminates TLS on the
 * Service port, refuses any caller without a client certificate issued directly by the issuer's CA (and, once
 * identities are admitted with {@link MtlsFront.allowClient}, any other subject) and forwards admitted requests to
 * the app on 127.0.0.1:`appPort`, and the Service that exposes only that TLS port. nginx runs under a reloader that
 * reloads it gracefully when the kubelet swaps in a renewed Secret, so renewals need no restart.
 */
export class MtlsFront extends Construct implements IBackendService {
  public readonly serviceName: string;
  public readonly namespace: string;
  public readonly portName: string;
  public readonly port: number;
  /** The plain port kubelet probes; it serves `/livez` and `/readyz` only. */
  public readonly healthPort: number;
  /** The loopback port of the app behind the front. */
  public readonly appPort: number;
  /** The app's path that the front's readiness endpoint forwards to. */
  public readonly appHealthPath: string;
  /** What the front's nginx.conf calls the app. */
  public readonly appName: string;
  public readonly serverCertificate: Certificate;
  /** With a clientIssuer: the Certificate whose Secret's `ca.crt` is the client CA the front trusts. */
  public readonly clientCaCertificate?: Certificate;
  /** Where the front reads the CA that client certificates must chain to. */
  public readonly clientTrust: CaTrust;
  /** How often the front checks for renewed certificates, in seconds. */
  public readonly certificateCheckSeconds: number;
  /** How long nginx keeps an idle keep-alive connection open, in seconds (three check intervals, at most 20). */
  public readonly keepAliveTimeoutSeconds: number;
  /** The ConfigMap holding the front's nginx.conf and certificate reloader. */
  public readonly configMap: kplus.ConfigMap;
  /** The Deployment the front was put in. */
  public readonly deployment: IFrontedDeployment;
  /** The front's container in the Deployment's pods. */
  public readonly container: IFrontedContainer;
  /** The Service that exposes the TLS port, and only it. */
  public readonly service: kplus.Service;
  /** The labels that select the Deployment's pods. */
  public readonly podLabels: Readonly<Record<string, string>>;
  private readonly allowedClientSubjects: string[] = [];

  constructor(scope: Construct, id: string, props: MtlsFrontProps) {
    super(scope, id);
    checkKnownKeys(this, 'props', props, MTLS_FRONT_PROPS_KEYS);
    checkKnownKeys(this, 'privateKey', props.privateKey, PRIVATE_KEY_KEYS);
    this.deployment = checkRequired(this, 'deployment', props.deployment, 'the cdk8s-plus Deployment whose app the front serves');
    this.serviceName = this.checkName(props);
    this.namespace = this.checkNamespace();
    this.port = checkPort(this, 'port', props.port ?? 8443);
    this.portName = checkPortName(this, 'portName', props.portName ?? 'https');
    this.healthPort = this.checkHealthPort(props.healthPort ?? 8081);
    this.appPort = this.checkAppPort(props.appPort);
    this.appHealthPath = checkAppHealthPath(this, props.appHealthPath ?? '/');
    this.appName = checkAppName(this, props.appName ?? 'app');
    this.certificateCheckSeconds = checkCertificateCheckInterval(
      this, 'certificateCheckInterval', props.certificateCheckInterval ?? Duration.seconds(5),
    );
    this.keepAliveTimeoutSeconds = keepAliveTimings(this.certificateCheckSeconds).keepaliveSeconds;
    this.podLabels = { ...this.deployment.matchLabels };
    const fsGroup = this.checkFsGroup();
    checkContainers(this, this.deployment, [], this.port, this.healthPort);

    this.serverCertificate = this.addServerCertificate(props);
    this.clientCaCertificate = props.clientIssuer && this.addClientCaCertificate(props.clientIssuer);
    this.clientTrust = CaTrust.fromCertificateSecret(this.clientCaCertificate ?? this.serverCertificate);
    this.configMap = this.addConfigMap();
    this.container = this.addFrontContainer(props, fsGroup);
    this.service = this.addService();
    // Containers and volumes added to the Deployment after the front must not take its ports or volume names either,
    // and its pods must pass Pod Security `restricted`, the level of the namespace the front's pods run in.
    this.node.addValidation({ validate: () => this.validateDeployment() });
  }

  /**
   * Admits a client certificate's identity (its subject, `CN=<commonName>`) at the front; once any is admitted,
   * every other certificate from the CA gets 403 and never reaches the app. Give it Envoy's client certificate.
   */
  public allowClient(certificate: ICertificate): void {
    if (!certificate.commonName) {
      fail(this, 'allowClient', certificate.name, 'must be a Certificate with a commonName: the TLS front pins client identities by subject');
    }
    // Printable text only (as every Certificate of the library checks), so the pin below is defined for every byte.
    const subject = pinnedSubject(
      checkText(this, `allowClient(${certificate.name}).commonName`, certificate.commonName, 1, 64, ' (X.509 ub-common-name)'),
    );
    if (!this.allowedClientSubjects.includes(subject)) this.allowedClientSubjects.push(subject);
  }

  /** The client subjects admitted so far (RFC 2253, as nginx reports them); empty while the front admits its whole CA. */
  public get admittedClientSubjects(): readonly string[] {
    return [...this.allowedClientSubjects];
  }

  /** The rendered nginx.conf of the front, with the client identities admitted so far. */
  public get nginxConf(): string {
    return renderNginxConf({
      tlsDir: TLS_MOUNT, tmpDir: TMP_MOUNT, tlsPort: this.port, healthPort: this.healthPort, upstreamPort: this.appPort,
      upstreamHealthPath: this.appHealthPath, appName: this.appName,
      clientCaFile: this.clientCaCertificate ? `${CLIENT_CA_MOUNT}/ca.crt` : undefined,
      allowedClientSubjects: this.allowedClientSubjects, keepaliveSeconds: this.keepAliveTimeoutSeconds,
    });
  }

  /** The DNS names on the server certificate. */
  public get tlsHostnames(): readonly string[] {
    return this.serverCertificate.dnsNames;
  }

  /** How many pods serve the backend: the Deployment's replicas (cdk8s-plus renders 2 when unset). */
  public get replicas(): number {
    return this.deployment.replicas ?? 2;
  }

  /** The sha256 of the front's ConfigMap data (nginx.conf and the reloader), which the pod template carries. */
  private get configChecksum(): string {
    return createHash('sha256').update(JSON.stringify({ 'nginx.conf': this.nginxConf, [RELOADER_FILE]: CERTIFICATE_RELOADER_SCRIPT })).digest('hex');
  }

  /** The Service's name, and the names derived from it within their limits. */
  private checkName(props: MtlsFrontProps): string {
    const name = checkServiceName(this, 'name', props.name ?? this.deployment.name);
    checkDerivedNames(this, 'name', name, [
      ...(props.certificateName === undefined ? [{ name: `${name}-cert`, max: 63 }] : []),
      ...(props.secretName === undefined ? [{ name: `${name}-secret`, max: 63 }] : []),
      { name: `${name}-nginx`, max: 63 },
    ]);
    return name;
  }

  /** The Deployment's namespace, where the front's objects go and which the server certificate names. */
  private checkNamespace(): string {
    const namespace = this.deployment.metadata.namespace ?? Chart.of(this.deployment).namespace;
    if (namespace === undefined) {
      fail(this, 'deployment', this.deployment.node.path, 'has no namespace: give it metadata.namespace (or its chart a namespace); '
        + 'the server certificate names the Service in it');
    }
    return checkDnsLabel(this, 'deployment namespace', namespace);
  }

  private checkHealthPort(healthPort: number): number {
    checkPort(this, 'healthPort', healthPort);
    if (this.port === healthPort) fail(this, 'healthPort', healthPort, `must differ from port ${this.port}: the health port is plain HTTP`);
    return healthPort;
  }

  private checkAppPort(appPort: number): number {
    checkPort(this, 'appPort', appPort);
    if (appPort === this.port || appPort === this.healthPort) {
      fail(this, 'appPort', appPort, `must differ from the front's port ${this.port} and healthPort ${this.healthPort}: `
        + 'the app listens on loopback behind them');
    }
    return appPort;
  }

  /** The pod's fsGroup, which lets nginx read the Secret files (mode 0440). */
  private checkFsGroup(): number {
    const fsGroup = this.deployment.securityContext.fsGroup;
    if (fsGroup === undefined) {
      fail(this, 'deployment', this.deployment.node.path, 'sets no pod fsGroup: the front reads its private key from a Secret volume '
        + `readable by the fsGroup only (mode 0440); create the Deployment with securityContext: { fsGroup: ${NGINX_UID} }`);
    }
    return fsGroup;
  }

  private addServerCertificate(props: MtlsFrontProps): Certificate {
    return new Certificate(this, 'ServerCertificate', {
      issuer: props.issuer,
      name: props.certificateName ?? `${this.serviceName}-cert`,
      namespace: this.namespace,
      secretName: props.secretName ?? `${this.serviceName}-secret`,
      dnsNames: serviceDnsNames(this.serviceName, this.namespace),
      usages: ['server auth', 'digital signature'],
      duration: props.certificateDuration,
      renewBefore: props.certificateRenewBefore,
      privateKey: props.privateKey,
    });
  }

  /** cert-manager writes the issuing CA into every Secret it fills: this one exists to carry the client CA, without its key. */
  private addClientCaCertificate(clientIssuer: ICertificateIssuer): Certificate {
    return new Certificate(this, 'ClientCaCertificate', {
      issuer: clientIssuer,
      name: `${this.serviceName}-client-ca`,
      namespace: this.namespace,
      commonName: `${this.serviceName}-client-ca`,
      usages: ['digital signature'],
    });
  }

  private addConfigMap(): kplus.ConfigMap {
    // Rendered at synth time: the client identities are added after construction (allowClient).
    const nginxConf = Lazy.any({ produce: () => this.nginxConf }) as unknown as string;
    // Running pods never re-read what the ConfigMap holds (nginx.conf, the pinned identities, the reloader): a change rolls them.
    this.deployment.podMetadata.addAnnotation(CONFIG_CHECKSUM_ANNOTATION, Lazy.any({ produce: () => this.configChecksum }) as unknown as string);
    return new kplus.ConfigMap(this, 'NginxConf', {
      metadata: { name: `${this.serviceName}-nginx`, namespace: this.namespace, labels: this.deployment.metadata.toJson().labels },
      data: { 'nginx.conf': nginxConf, [RELOADER_FILE]: CERTIFICATE_RELOADER_SCRIPT },
    });
  }

  /** The front's volumes and container in the Deployment's pods. */
  private addFrontContainer(props: MtlsFrontProps, fsGroup: number): IFrontedContainer {
    const secret = (id: string, secretName: string) => kplus.Secret.fromSecretName(this, id, secretName);
    const tls = kplus.Volume.fromSecret(this, 'TlsVolume', secret('ServerSecret', this.serverCertificate.secretName), {
      name: 'tls', defaultMode: SECRET_FILE_MODE,
    });
    const conf = kplus.Volume.fromConfigMap(this, 'ConfVolume', this.configMap, { name: 'nginx-conf' });
    const tmp = kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp', { sizeLimit: Size.mebibytes(16) });
    const clientCa = this.clientCaCertificate && kplus.Volume.fromSecret(
      this, 'ClientCaVolume', secret('ClientCaSecret', this.clientCaCertificate.secretName),
      { name: 'client-ca', defaultMode: SECRET_FILE_MODE, items: { 'ca.crt': { path: 'ca.crt' } } },
    );
    return this.deployment.addContainer({
      name: FRONT_CONTAINER,
      image: checkImage(this, 'image', props.image ?? NGINX_IMAGE),
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      // nginx runs as the reloader's child, which reloads it gracefully when the kubelet swaps in a renewed Secret.
      command: [
        '/bin/sh', `${CONF_MOUNT}/${RELOADER_FILE}`, String(this.certificateCheckSeconds),
        String(keepAliveTimings(this.certificateCheckSeconds).drainSeconds), drainFlagFile(TMP_MOUNT),
        TLS_MOUNT, ...(clientCa ? [CLIENT_CA_MOUNT] : []),
        '--', 'nginx', '-c', `${CONF_MOUNT}/nginx.conf`,
      ],
      ports: [{ name: this.portName, number: this.port }, { name: 'health', number: this.healthPort }],
      // The pod's fsGroup is nginx's group, so it reads the Secret files (mode 0440) the kubelet gives that group.
      securityContext: hardenedSecurityContext(NGINX_UID, fsGroup),
      resources: checkResources(this, 'resources', props.resources ?? {
        cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(200) },
        memory: { request: Size.mebibytes(16), limit: Size.mebibytes(64) },
      }),
      volumeMounts: [
        { volume: tls, path: TLS_MOUNT, readOnly: true },
        { volume: conf, path: CONF_MOUNT, readOnly: true },
        { volume: tmp, path: TMP_MOUNT },
        ...(clientCa ? [{ volume: clientCa, path: CLIENT_CA_MOUNT, readOnly: true }] : []),
      ],
      readiness: kplus.Probe.fromHttpGet('/readyz', { port: this.healthPort, periodSeconds: Duration.seconds(5), failureThreshold: 3 }),
      liveness: kplus.Probe.fromHttpGet('/livez', { port: this.healthPort, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
    });
  }

  /** The Service that exposes the TLS port, and only it, selecting the Deployment's pods. */
  private addService(): kplus.Service {
    const service = new kplus.Service(this, 'Service', {
      metadata: { name: this.serviceName, namespace: this.namespace, labels: this.deployment.metadata.toJson().labels },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: this.portName, port: this.port, targetPort: this.port, protocol: kplus.Protocol.TCP }],
    });
    for (const [key, value] of Object.entries(this.podLabels)) service.selectLabel(key, value);
    return service;
  }

  /** The whole Deployment at synth time: other containers leave the front its ports and volumes, and every pod field passes Pod Security. */
  private validateDeployment(): string[] {
    const errors = collectErrors(() => checkContainers(this, this.deployment, [this.container], this.port, this.healthPort));
    return errors.length > 0 ? errors : podSecurityErrors(this, this.deployment);
  }
}

/** The hardening of every container this library adds: non-root, read-only root filesystem, no capabilities. */
export function hardenedSecurityContext(uid: number, gid: number = uid): kplus.ContainerSecurityContextProps {
  return {
    ensureNonRoot: true,
    user: uid,
    group: gid,
    readOnlyRootFilesystem: true,
    allowPrivilegeEscalation: false,
    privileged: false,
    capabilities: { drop: [kplus.Capability.ALL] },
    seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
  };
}

/** The app's readiness path, which nginx.conf forwards `/readyz` to. */
function checkAppHealthPath(front: MtlsFront, path: string): string {
  if (!/^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/%]*$/.test(path) || /[;'"]/.test(path)) {
    fail(front, 'appHealthPath', path, 'must be an absolute URL path such as "/healthz", without query, quotes or \';\'');
  }
  return path;
}

/** The app's name, which nginx.conf gives its upstream. */
function checkAppName(front: MtlsFront, name: string): string {
  if (!/^[a-z][a-z0-9-]{0,62}$/.test(name)) {
    fail(front, 'appName', name, 'must be at most 63 lower-case letters, digits or \'-\', starting with a letter: nginx.conf names its upstream so');
  }
  return name;
}

/** The interval at which the front checks for renewed certificates, in whole seconds from 1 to 300. */
export function checkCertificateCheckInterval(scope: Construct, field: string, interval: Duration): number {
  const intervalMs = interval.toMilliseconds();
  if (intervalMs % 1000 !== 0 || intervalMs < 1000 || intervalMs > 300_000) {
    fail(scope, field, `${intervalMs}ms`, 'must be whole seconds from 1 to 300: the front checks for renewed certificates that often');
  }
  return intervalMs / 1000;
}

/** Checks a container's resources: limits set, requests within them, memory enough to start. */
export function checkResources(scope: Construct, field: string, given: kplus.ContainerResources): kplus.ContainerResources {
  const cpu = given.cpu ?? {};
  const memory = given.memory ?? {};
  if (!cpu.limit || !memory.limit) {
    fail(scope, field, 'without limits', 'must set cpu.limit and memory.limit: an unbounded container can starve the node');
  }
  checkQuantity(scope, `${field}.cpu.limit`, cpu.limit.amount);
  if (cpu.request) checkRequestWithinLimit(scope, `${field}.cpu.request`, cpu.request.amount, `${field}.cpu.limit`, cpu.limit.amount);
  const memoryLimit = checkMemory(scope, `${field}.memory.limit`, memory.limit);
  if (memory.request) {
    const memoryRequest = checkMemory(scope, `${field}.memory.request`, memory.request);
    checkRequestWithinLimit(scope, `${field}.memory.request`, memoryRequest, `${field}.memory.limit`, memoryLimit);
  }
  if (compareQuantities(parseQuantity(memoryLimit)!, parseQuantity('8Mi')!) < 0) {
    fail(scope, `${field}.memory.limit`, memoryLimit, 'must be at least 8Mi for the process to start');
  }
  return given;
}

/** The Deployment's other containers must leave the front its ports, its container name and its volume names. */
function checkContainers(
  front: MtlsFront, deployment: IFrontedDeployment, own: readonly IFrontedContainer[], port: number, healthPort: number,
): void {
  for (const container of deployment.containers.filter((candidate) => !own.includes(candidate))) {
    const where = `container "${container.name}"`;
    if (container.name === FRONT_CONTAINER) {
      fail(front, 'deployment', deployment.node.path, `already has a ${where}: a Deployment takes one MtlsFront`);
    }
    for (const declared of container.ports) {
      if (declared.number === port || declared.number === healthPort) {
        fail(front, 'deployment', deployment.node.path, `${where} already declares port ${declared.number}, which the front listens on `
          + `(port ${port}, healthPort ${healthPort}); let the app listen on appPort on 127.0.0.1 only, or give the front other ports`);
      }
    }
    for (const mount of container.mounts) {
      if (FRONT_VOLUMES.includes(mount.volume.name)) {
        fail(front, 'deployment', deployment.node.path, `${where} mounts a volume named "${mount.volume.name}", `
          + `a name the front's volumes take (${FRONT_VOLUMES.join(', ')}); rename that volume`);
      }
    }
  }
}

/** The Deployment's rendered pod template against Kubernetes 1.33's Pod Security `restricted` checks, one error per finding. */
function podSecurityErrors(front: MtlsFront, deployment: IFrontedDeployment): string[] {
  let template: PodTemplateJson;
  try {
    template = RenderedObjects.jsonOf(ApiObject.of(deployment)).spec.template;
  } catch {
    return []; // The synth reports why the Deployment cannot render.
  }
  const where = `${front.node.path}: deployment ${deployment.node.path}`;
  return podSecurityFindings(template).map((finding) => `${where}: ${finding.where} ${finding.field} ${finding.found} `
    + `fails Pod Security "restricted" (Kubernetes 1.33, check ${finding.check}), which the front's namespace enforces: ${finding.fix}`);
}

function collectErrors(check: () => void): string[] {
  try {
    check();
    return [];
  } catch (error) {
    return [(error as Error).message];
  }
}
