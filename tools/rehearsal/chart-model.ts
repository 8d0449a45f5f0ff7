import * as path from 'node:path';
import { CertificateModel, certificateWritingSecret } from './certificate-model';
import { ChartObjects, describeObject, K8sObject } from './chart-objects';

/** A volume mounted into the TLS front's container, with what the kubelet would put there. */
export type MountModel =
  /** A Secret that a Certificate writes; `files` maps each file name in the mount to the Secret key it holds. */
  | {
    readonly kind: 'Secret'; readonly mountPath: string; readonly secretName: string; readonly certificate: CertificateModel;
    readonly files: Readonly<Record<string, string>>;
    /** The volume's `defaultMode`: the mode of every file (the kubelet's default is 0644). */
    readonly defaultMode: number;
  }
  /** A ConfigMap; `files` maps each file name in the mount to its content. */
  | { readonly kind: 'ConfigMap'; readonly mountPath: string; readonly configMapName: string; readonly files: Readonly<Record<string, string>> }
  /** A writable emptyDir. */
  | { readonly kind: 'EmptyDir'; readonly mountPath: string };

/** The backend's TLS front as the Deployment runs it: program, config, mounts, ports and user. */
export interface TlsFrontModel {
  /** `Deployment namespace/name container <name>`. */
  readonly id: string;
  /** The container's command followed by its args. */
  readonly argv: readonly string[];
  /**
   * Where nginx is in argv: 0 when the container runs nginx itself, otherwise the position of the `nginx`
   * that argv[0] (a shell running a script from a ConfigMap, such as the certificate reloader) starts.
   */
  readonly nginxIndex: number;
  /** The nginx.conf path inside the pod (the `-c` argument). */
  readonly confPath: string;
  /** The nginx.conf content, from the ConfigMap mounted at that path. */
  readonly conf: string;
  readonly mounts: readonly MountModel[];
  /** The Secret mount holding the file the conf's `ssl_certificate` names: the server certificate. */
  readonly serverCertificateMount: Extract<MountModel, { kind: 'Secret' }>;
  /** The container port the Service's TLS port targets. */
  readonly tlsPort: number;
  /** Every port the container declares (the TLS port among them). */
  readonly containerPorts: readonly number[];
  /** The pod-local ports of the other containers, which the front may forward to, and who listens there. */
  readonly siblingPorts: Readonly<Record<number, string>>;
  /** The readiness probe's HTTP GET, if the container has one. */
  readonly readiness?: { readonly path: string; readonly port: number };
  /** The application's path the conf forwards the readiness probe to, when it does (httpbin's is `/status/200`). */
  readonly upstreamHealthPath?: string;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  /** The pod's fsGroup: the group of the files in its Secret volumes. */
  readonly fsGroup?: number;
}

/** How Envoy verifies the backend's server certificate (BackendTLSPolicy `validation`). */
export interface ServerValidationModel {
  /** `validation.hostname`: Envoy's SNI, and the name it verifies when subjectAltNames is empty. */
  readonly hostname: string;
  /** `validation.subjectAltNames`: when set, the server certificate must carry one of these instead. */
  readonly subjectAltNames: readonly ({ readonly type: 'Hostname'; readonly hostname: string } | { readonly type: 'URI'; readonly uri: string })[];
  /** The Certificates whose Secrets' `ca.crt` the policy's caCertificateRefs name: the CAs Envoy trusts. */
  readonly trustedSecrets: readonly CertificateModel[];
}

/** Where Envoy's client certificate for this backend comes from. */
export interface ClientCertificateModel {
  readonly certificate: CertificateModel;
  /** The field that names it, e.g. `EnvoyProxy httpbin-tls/custom-proxy-mtls spec.backendTLS.clientCertificateRef`. */
  readonly source: string;
}

/** One TLS backend as Envoy reaches it: a BackendTLSPolicy target, resolved through the chart's objects. */
export interface BackendModel {
  /** `BackendTLSPolicy namespace/name`. */
  readonly policy: string;
  /** `Service namespace/name port <name>`. */
  readonly service: string;
  readonly validation: ServerValidationModel;
  /** Envoy's client certificate; undefined when no Gateway or EnvoyProxy on the route sets one. */
  readonly clientCertificate?: ClientCertificateModel;
  /** Why there is no client certificate, when there is none. */
  readonly noClientCertificateReason?: string;
  /** The Host header Envoy forwards: the route's first hostname. */
  readonly host: string;
  readonly front: TlsFrontModel;
}

/** Everything the rehearsal needs, read from a chart's synthesized objects. */
export interface RehearsalModel {
  readonly backends: readonly BackendModel[];
}

/**
 * Resolves every BackendTLSPolicy target of a synthesized chart to what a rehearsal needs: the Service port,
 * the Deployment container behind it with its mounts and nginx.conf, the Certificates behind each Secret,
 * and the trust and client certificate Envoy uses. Throws, naming the referring field, on any dangling reference.
 */
export function resolveRehearsalModel(synthesized: readonly unknown[]): RehearsalModel {
  const objects = new ChartObjects(synthesized);
  const policies = objects.all('BackendTLSPolicy');
  if (policies.length === 0) throw new Error('the chart has no BackendTLSPolicy: there is no backend TLS to rehearse');
  const backends = policies.flatMap((policy) => {
    const targets: any[] = policy.spec?.targetRefs ?? [];
    if (targets.length === 0) throw new Error(`${describeObject(policy)} has no spec.targetRefs`);
    return targets.map((target, index) => resolveBackend(objects, policy, target, `${describeObject(policy)} spec.targetRefs[${index}]`));
  });
  return { backends };
}

function resolveBackend(objects: ChartObjects, policy: K8sObject, target: any, referrer: string): BackendModel {
  const namespace = policy.metadata.namespace;
  if ((target.group ?? '') !== '' || target.kind !== 'Service') throw new Error(`${referrer} targets ${target.group}/${target.kind}; the rehearsal follows Service targets only`);
  const service = objects.get('Service', target.name, namespace, referrer);
  const servicePorts: any[] = service.spec?.ports ?? [];
  const servicePort = target.sectionName === undefined && servicePorts.length === 1
    ? servicePorts[0]
    : servicePorts.find((port) => port.name === target.sectionName);
  if (!servicePort) {
    throw new Error(`${referrer} sectionName "${target.sectionName}" is not a port name of ${describeObject(service)}; its ports are ${JSON.stringify(servicePorts.map((port) => port.name))}`);
  }
  const serviceId = `${describeObject(service)} port ${servicePort.name ?? servicePort.port}`;
  const validation = resolveValidation(objects, policy);
  const { host, client } = resolveEnvoySide(objects, service, servicePort.port, validation.hostname);
  return {
    policy: describeObject(policy),
    service: serviceId,
    validation,
    clientCertificate: 'certificate' in client ? client : undefined,
    noClientCertificateReason: 'reason' in client ? client.reason : undefined,
    host,
    front: resolveFront(objects, service, servicePort, serviceId),
  };
}

function resolveValidation(objects: ChartObjects, policy: K8sObject): ServerValidationModel {
  const id = describeObject(policy);
  const validation = policy.spec?.validation ?? {};
  if (!validation.hostname) throw new Error(`${id} has no spec.validation.hostname; Envoy needs it for SNI and server verification`);
  if (validation.wellKnownCACertificates) {
    throw new Error(`${id} trusts wellKnownCACertificates "${validation.wellKnownCACertificates}"; the rehearsal can only trust CAs the chart issues (caCertificateRefs)`);
  }
  const refs: any[] = validation.caCertificateRefs ?? [];
  if (refs.length === 0) throw new Error(`${id} has no spec.validation.caCertificateRefs: Envoy would trust no CA for the backend`);
  const trustedSecrets = refs.map((ref, index) => {
    const field = `${id} spec.validation.caCertificateRefs[${index}]`;
    if ((ref.group ?? '') !== '' || ref.kind !== 'Secret') {
      throw new Error(`${field} is a ${ref.kind}; the rehearsal resolves Secret refs (written by a Certificate) only`);
    }
    return certificateWritingSecret(objects, policy.metadata.namespace, ref.name, field);
  });
  return { hostname: validation.hostname, subjectAltNames: validation.subjectAltNames ?? [], trustedSecrets };
}

/** The route's Host header and Envoy's client certificate, through HTTPRoute → Gateway → EnvoyProxy. */
function resolveEnvoySide(
  objects: ChartObjects, service: K8sObject, port: number, fallbackHost: string,
): { host: string; client: ClientCertificateModel | { reason: string } } {
  const serviceNamespace = service.metadata.namespace;
  const routes = objects.all('HTTPRoute').filter((route) => (route.spec?.rules ?? []).some((rule: any) => (rule.backendRefs ?? []).some((ref: any) =>
    (ref.group ?? '') === '' && (ref.kind ?? 'Service') === 'Service' && ref.name === service.metadata.name
      && (ref.namespace ?? route.metadata.namespace) === serviceNamespace && (ref.port === undefined || ref.port === port))));
  if (routes.length === 0) throw new Error(`no HTTPRoute in the chart sends traffic to ${describeObject(service)} port ${port}, so no Envoy connects to it`);
  const gateways = routes.flatMap((route) => (route.spec?.parentRefs ?? [])
    .filter((ref: any) => (ref.kind ?? 'Gateway') === 'Gateway')
    .map((ref: any) => objects.get('Gateway', ref.name, ref.namespace ?? route.metadata.namespace, `${describeObject(route)} spec.parentRefs`)));
  if (gateways.length === 0) throw new Error(`${routes.map(describeObject).join(', ')} attach to no Gateway`);
  const clients = gateways.map((gateway) => clientCertificateOf(objects, gateway));
  const distinct = new Set(clients.map((client) => ('certificate' in client ? client.certificate.id : 'none')));
  if (distinct.size > 1) {
    throw new Error(`the Gateways routing to ${describeObject(service)} present different client certificates (${[...distinct].join(', ')}); the rehearsal plays one Envoy per backend`);
  }
  return { host: routes[0].spec?.hostnames?.[0] ?? fallbackHost, client: clients[0] };
}

/** The client certificate a Gateway's Envoy presents: the Gateway's own `tls.backend`, else its EnvoyProxy's. */
export function clientCertificateOf(objects: ChartObjects, gateway: K8sObject): ClientCertificateModel | { reason: string } {
  const gatewayId = describeObject(gateway);
  const gatewayRef = gateway.spec?.tls?.backend?.clientCertificateRef;
  if (gatewayRef) return clientCertificateFrom(objects, gatewayRef, gateway.metadata.namespace, `${gatewayId} spec.tls.backend.clientCertificateRef`);
  const proxies: { proxy: K8sObject | undefined; field: string }[] = [];
  const infrastructureRef = gateway.spec?.infrastructure?.parametersRef;
  if (infrastructureRef?.kind === 'EnvoyProxy') {
    const field = `${gatewayId} spec.infrastructure.parametersRef`;
    proxies.push({ proxy: objects.get('EnvoyProxy', infrastructureRef.name, gateway.metadata.namespace, field), field });
  }
  const gatewayClass = objects.get('GatewayClass', gateway.spec?.gatewayClassName, undefined, `${gatewayId} spec.gatewayClassName`);
  const classRef = gatewayClass.spec?.parametersRef;
  if (classRef?.kind === 'EnvoyProxy') {
    const field = `GatewayClass ${gatewayClass.metadata.name} spec.parametersRef`;
    proxies.push({ proxy: objects.get('EnvoyProxy', classRef.name, classRef.namespace, field), field });
  }
  for (const { proxy } of proxies) {
    const ref = proxy?.spec?.backendTLS?.clientCertificateRef;
    if (proxy && ref) return clientCertificateFrom(objects, ref, proxy.metadata.namespace, `${describeObject(proxy)} spec.backendTLS.clientCertificateRef`);
  }
  return { reason: `neither ${gatewayId} spec.tls.backend nor its EnvoyProxy's spec.backendTLS sets a clientCertificateRef` };
}

function clientCertificateFrom(objects: ChartObjects, ref: any, defaultNamespace: string | undefined, source: string): ClientCertificateModel {
  if ((ref.group ?? '') !== '' || (ref.kind ?? 'Secret') !== 'Secret') throw new Error(`${source} names a ${ref.kind}; a client certificate must be a Secret`);
  return { certificate: certificateWritingSecret(objects, ref.namespace ?? defaultNamespace, ref.name, source), source };
}

/** Service port → the one Deployment whose pods the Service selects → the container exposing the target port. */
function resolveFront(objects: ChartObjects, service: K8sObject, servicePort: any, serviceId: string): TlsFrontModel {
  const selector: Record<string, string> = service.spec?.selector ?? {};
  if (Object.keys(selector).length === 0) throw new Error(`${describeObject(service)} has no spec.selector, so the rehearsal cannot tell which pods serve it`);
  const deployments = objects.all('Deployment', service.metadata.namespace).filter((deployment) => {
    const labels = deployment.spec?.template?.metadata?.labels ?? {};
    return Object.entries(selector).every(([key, value]) => labels[key] === value);
  });
  if (deployments.length !== 1) {
    const found = deployments.length === 0 ? 'none' : deployments.map(describeObject).join(', ');
    throw new Error(`${describeObject(service)} selects ${JSON.stringify(selector)}; the rehearsal needs exactly one Deployment whose pod labels match, found ${found}`);
  }
  const deployment = deployments[0];
  const pod = deployment.spec.template.spec ?? {};
  const containers: any[] = pod.containers ?? [];
  const targetPort = servicePort.targetPort ?? servicePort.port;
  const targeted = containers.flatMap((candidate) => (candidate.ports ?? [])
    .filter((port: any) => port.containerPort === targetPort || port.name === targetPort)
    .map((port: any) => ({ container: candidate, tlsPort: port.containerPort as number })))[0];
  if (!targeted) throw new Error(`${serviceId} targets port ${JSON.stringify(targetPort)}, which no container of ${describeObject(deployment)} declares in its ports`);
  const { container, tlsPort } = targeted;
  const id = `${describeObject(deployment)} container ${container.name}`;

  const argv: string[] = [...(container.command ?? []), ...(container.args ?? [])];
  if (argv.length === 0) throw new Error(`${id} sets no command; the rehearsal runs the program the Deployment names and cannot read an image's entrypoint`);
  const nginxIndex = argv.findIndex((arg) => path.basename(arg) === 'nginx');
  if (nginxIndex < 0) throw new Error(`${id} runs "${argv[0]}" and starts no nginx; the rehearsal can only run an nginx TLS front`);
  if (nginxIndex > 0 && path.basename(argv[0]) !== 'sh') {
    throw new Error(`${id} starts nginx through "${argv[0]}"; the rehearsal runs nginx directly or through a POSIX sh script from a ConfigMap`);
  }
  const confFlag = argv.indexOf('-c', nginxIndex);
  if (confFlag < 0 || !argv[confFlag + 1]) throw new Error(`${id} runs nginx without "-c <nginx.conf>"; the rehearsal needs the config path the Deployment uses`);
  const confPath = argv[confFlag + 1];

  const mounts = (container.volumeMounts ?? []).map((mount: any) => resolveMount(objects, deployment, pod.volumes ?? [], mount, id));
  const confMount = mounts.find((mount: MountModel) => mount.kind === 'ConfigMap' && confPath.startsWith(`${mount.mountPath}/`)) as Extract<MountModel, { kind: 'ConfigMap' }> | undefined;
  const conf = confMount?.files[path.relative(confMount.mountPath, confPath)];
  if (conf === undefined) throw new Error(`${id} reads ${confPath}, which no ConfigMap volume mounted in the container provides`);
  if (nginxIndex > 0) {
    const script = argv[1];
    const scriptMount = mounts.find((mount: MountModel) => mount.kind === 'ConfigMap' && script?.startsWith(`${mount.mountPath}/`)) as Extract<MountModel, { kind: 'ConfigMap' }> | undefined;
    if (scriptMount?.files[path.relative(scriptMount.mountPath, script)] === undefined) {
      throw new Error(`${id} runs the script ${script}, which no ConfigMap volume mounted in the container provides`);
    }
  }

  const certificatePath = /^\s*ssl_certificate\s+([^\s;]+)\s*;/m.exec(conf)?.[1];
  if (!certificatePath) throw new Error(`the nginx.conf of ${id} has no ssl_certificate directive: the front would not terminate TLS`);
  const serverCertificateMount = mounts.find((mount: MountModel) => mount.kind === 'Secret' && certificatePath.startsWith(`${mount.mountPath}/`));
  if (!serverCertificateMount) throw new Error(`the nginx.conf of ${id} reads its ssl_certificate from ${certificatePath}, where no Secret volume is mounted`);

  const containerPorts: number[] = (container.ports ?? []).map((port: any) => port.containerPort);
  const siblingPorts: Record<number, string> = {};
  for (const sibling of containers.filter((candidate) => candidate !== container)) {
    for (const port of (sibling.ports ?? []).map((declared: any) => declared.containerPort)) siblingPorts[port] = sibling.name;
    // go-httpbin (and many small servers) take their port from $PORT rather than a declared containerPort.
    const envPort = Number((sibling.env ?? []).find((variable: any) => variable.name === 'PORT')?.value);
    if (Number.isInteger(envPort) && envPort > 0) siblingPorts[envPort] = sibling.name;
  }

  const probe = container.readinessProbe?.httpGet;
  const probePort = typeof probe?.port === 'string' ? container.ports.find((port: any) => port.name === probe.port)?.containerPort : probe?.port;
  const securityContext = { ...pod.securityContext, ...container.securityContext };
  return {
    id,
    argv,
    nginxIndex,
    confPath,
    conf,
    mounts,
    serverCertificateMount,
    tlsPort,
    containerPorts,
    siblingPorts,
    readiness: probe ? { path: probe.path ?? '/', port: probePort } : undefined,
    upstreamHealthPath: probe ? upstreamPathOf(conf, probe.path ?? '/') : undefined,
    runAsUser: securityContext.runAsUser,
    runAsGroup: securityContext.runAsGroup,
    fsGroup: pod.securityContext?.fsGroup,
  };
}

/** The path of the `proxy_pass` in the conf's `location = <path>` block, if it forwards with a path. */
function upstreamPathOf(conf: string, locationPath: string): string | undefined {
  const escaped = locationPath.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const block = new RegExp(`location\\s*=\\s*${escaped}\\s*\\{([^}]*)\\}`).exec(conf)?.[1];
  return block && /^\s*proxy_pass\s+https?:\/\/[^/\s;]+(\/[^\s;?]*)/m.exec(block)?.[1];
}

/** The mode of a Secret volume's files when the volume sets no defaultMode. */
const KUBELET_DEFAULT_MODE = 0o644;

/** The Secret keys cert-manager writes for a Certificate. */
const CERTIFICATE_SECRET_KEYS = ['tls.crt', 'tls.key', 'ca.crt'];

function resolveMount(objects: ChartObjects, deployment: K8sObject, volumes: any[], mount: any, containerId: string): MountModel {
  const field = `${containerId} volumeMount ${mount.mountPath}`;
  if (mount.subPath) throw new Error(`${field} uses subPath "${mount.subPath}"; the rehearsal places whole volumes only`);
  const volume = volumes.find((candidate) => candidate.name === mount.name);
  if (!volume) throw new Error(`${field} names volume "${mount.name}", which ${describeObject(deployment)} does not declare`);
  const namespace = deployment.metadata.namespace;
  if (volume.secret) {
    const certificate = certificateWritingSecret(objects, namespace, volume.secret.secretName, `${field} (volume ${volume.name})`);
    return {
      kind: 'Secret', mountPath: mount.mountPath, secretName: volume.secret.secretName, certificate,
      files: projectedFiles(volume.secret.items, CERTIFICATE_SECRET_KEYS), defaultMode: volume.secret.defaultMode ?? KUBELET_DEFAULT_MODE,
    };
  }
  if (volume.configMap) {
    const configMap = objects.get('ConfigMap', volume.configMap.name, namespace, `${field} (volume ${volume.name})`);
    const data: Record<string, string> = configMap.data ?? {};
    const projected = projectedFiles(volume.configMap.items, Object.keys(data));
    const files = Object.fromEntries(Object.entries(projected).map(([file, key]) => [file, data[key]]));
    return { kind: 'ConfigMap', mountPath: mount.mountPath, configMapName: configMap.metadata.name, files };
  }
  if (volume.emptyDir) return { kind: 'EmptyDir', mountPath: mount.mountPath };
  throw new Error(`${field} mounts volume "${volume.name}" of a kind the rehearsal cannot place (only secret, configMap and emptyDir)`);
}

/** File name in the mount → source key, as the kubelet projects a Secret or ConfigMap (all keys, or `items`). */
function projectedFiles(items: { key: string; path: string }[] | undefined, keys: readonly string[]): Record<string, string> {
  return Object.fromEntries(items ? items.map((item) => [item.path, item.key]) : keys.map((key) => [key, key]));
}
