/**
 * The Pod Security Standards checks of Kubernetes 1.33 at level `restricted` (which includes `baseline`), ported from
 * k8s.io/pod-security-admission v0.33.13 (357c71d) `policy/check_*.go`, over a rendered pod template. Each finding
 * names the container (or the pod), the field, the check and the fix. Not ported: the relaxations for pods with
 * `hostUsers: false` (behind the alpha UserNamespacesPodSecurityStandards gate, off by default), so this is stricter
 * only where a cluster turned that gate on.
 */

/** One check a pod template fails: where, which field, and what to write instead. */
export interface PodSecurityFinding {
  /** The upstream check's ID, e.g. `capabilities_restricted`. */
  readonly check: string;
  /** `container "name"`, `initContainer "name"` or `pod`. */
  readonly where: string;
  /** The field as the pod spec names it, e.g. `securityContext.capabilities.drop`. */
  readonly field: string;
  /** The value found, as JSON; `unset` when missing. */
  readonly found: string;
  /** What to write instead. */
  readonly fix: string;
}

interface ContainerJson {
  readonly name: string;
  readonly ports?: readonly { readonly hostPort?: number }[];
  readonly securityContext?: SecurityContextJson;
}

interface SecurityContextJson {
  readonly privileged?: boolean;
  readonly allowPrivilegeEscalation?: boolean;
  readonly runAsNonRoot?: boolean;
  readonly runAsUser?: number;
  readonly procMount?: string;
  readonly capabilities?: { readonly add?: readonly string[]; readonly drop?: readonly string[] };
  readonly seccompProfile?: { readonly type?: string };
  readonly appArmorProfile?: { readonly type?: string };
  readonly seLinuxOptions?: { readonly type?: string; readonly user?: string; readonly role?: string };
  readonly windowsOptions?: { readonly hostProcess?: boolean };
  readonly sysctls?: readonly { readonly name: string }[];
}

/** The parts of a pod template (spec and metadata) the checks read, as Kubernetes' JSON names them. */
export interface PodTemplateJson {
  readonly metadata?: { readonly annotations?: Readonly<Record<string, string>> };
  readonly spec: {
    readonly hostNetwork?: boolean;
    readonly hostPID?: boolean;
    readonly hostIPC?: boolean;
    readonly os?: { readonly name?: string };
    readonly securityContext?: SecurityContextJson;
    readonly volumes?: readonly ({ readonly name: string } & Readonly<Record<string, unknown>>)[];
    readonly containers?: readonly ContainerJson[];
    readonly initContainers?: readonly ContainerJson[];
    readonly ephemeralContainers?: readonly ContainerJson[];
  };
}

/** check_restrictedVolumes.go: the only volume sources `restricted` allows. */
const RESTRICTED_VOLUME_SOURCES = [
  'configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret',
];
/** check_sysctls.go at 1.32 and later: the sysctls `baseline` allows. */
const ALLOWED_SYSCTLS = [
  'kernel.shm_rmid_forced', 'net.ipv4.ip_local_port_range', 'net.ipv4.tcp_syncookies', 'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.ip_local_reserved_ports', 'net.ipv4.tcp_keepalive_time', 'net.ipv4.tcp_fin_timeout', 'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes', 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem',
];
/** check_seLinuxOptions.go at 1.31 and later. */
const ALLOWED_SELINUX_TYPES = ['', 'container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'];
const SECCOMP_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_TYPES = ['RuntimeDefault', 'Localhost'];
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/';

/** Every Pod Security `restricted` check of Kubernetes 1.33 the pod template fails, in the upstream checks' order. */
export function podSecurityFindings(template: PodTemplateJson): PodSecurityFinding[] {
  const spec = template.spec;
  const pod = spec.securityContext ?? {};
  const windows = spec.os?.name === 'windows';
  const containers: [string, ContainerJson][] = [
    ...(spec.initContainers ?? []).map((container): [string, ContainerJson] => [`initContainer "${container.name}"`, container]),
    ...(spec.containers ?? []).map((container): [string, ContainerJson] => [`container "${container.name}"`, container]),
    ...(spec.ephemeralContainers ?? []).map((container): [string, ContainerJson] => [`ephemeralContainer "${container.name}"`, container]),
  ];
  const findings: PodSecurityFinding[] = [];
  const find = (check: string, where: string, field: string, found: unknown, fix: string) => {
    findings.push({ check, where, field, found: found === undefined ? 'unset' : JSON.stringify(found), fix });
  };

  hostNamespaceFindings(spec, find);
  for (const [where, container] of containers) {
    const context = container.securityContext ?? {};
    if (context.privileged) find('privileged', where, 'securityContext.privileged', true, 'remove it or set it to false');
    for (const port of container.ports ?? []) {
      if (port.hostPort) find('hostPorts', where, 'ports[].hostPort', port.hostPort, 'remove the hostPort: the Service reaches the pod port');
    }
    if (!windows) capabilityFindings(where, context, find);
    if (!windows && context.allowPrivilegeEscalation !== false) {
      find('allowPrivilegeEscalation', where, 'securityContext.allowPrivilegeEscalation', context.allowPrivilegeEscalation, 'set it to false');
    }
    if (context.runAsNonRoot === false || (context.runAsNonRoot === undefined && pod.runAsNonRoot !== true)) {
      find('runAsNonRoot', where, 'securityContext.runAsNonRoot', context.runAsNonRoot, 'set it to true (or the pod\'s '
        + 'securityContext.runAsNonRoot), and run as a non-zero uid');
    }
    if (context.runAsUser === 0) find('runAsUser', where, 'securityContext.runAsUser', 0, 'set a non-zero uid');
    if (!windows) seccompFindings(where, context.seccompProfile?.type, pod.seccompProfile?.type, find);
    if (context.procMount !== undefined && context.procMount !== 'Default') {
      find('procMount', where, 'securityContext.procMount', context.procMount, 'remove it or set it to "Default"');
    }
    if (context.appArmorProfile && !APPARMOR_TYPES.includes(context.appArmorProfile.type ?? '')) {
      find('appArmorProfile', where, 'securityContext.appArmorProfile.type', context.appArmorProfile.type, 'set it to "RuntimeDefault" or '
        + '"Localhost", or remove it');
    }
    seLinuxFindings(where, context.seLinuxOptions, find);
    if (context.windowsOptions?.hostProcess) {
      find('windowsHostProcess', where, 'securityContext.windowsOptions.hostProcess', true, 'remove it or set it to false');
    }
  }
  podLevelFindings(template, find);
  return findings;
}

type Find = (check: string, where: string, field: string, found: unknown, fix: string) => void;

function hostNamespaceFindings(spec: PodTemplateJson['spec'], find: Find): void {
  if (spec.hostNetwork) {find('hostNamespaces', 'pod', 'hostNetwork', true, 'remove it: with the node\'s network the app\'s 127.0.0.1 is the '
    + 'node\'s, open to every pod on it');}
  if (spec.hostPID) find('hostNamespaces', 'pod', 'hostPID', true, 'remove it or set it to false');
  if (spec.hostIPC) find('hostNamespaces', 'pod', 'hostIPC', true, 'remove it or set it to false');
}

function capabilityFindings(where: string, context: SecurityContextJson, find: Find): void {
  if (!(context.capabilities?.drop ?? []).includes('ALL')) {
    find('capabilities_restricted', where, 'securityContext.capabilities.drop', context.capabilities?.drop, 'drop ["ALL"] (cdk8s-plus: '
      + 'capabilities: { drop: [Capability.ALL] })');
  }
  const added = (context.capabilities?.add ?? []).filter((capability) => capability !== 'NET_BIND_SERVICE');
  if (added.length > 0) find('capabilities_restricted', where, 'securityContext.capabilities.add', added, 'add none but NET_BIND_SERVICE');
}

// Since 1.19 the seccomp checks read the fields only; the alpha annotations are no longer checked.
function seccompFindings(where: string, type: string | undefined, podType: string | undefined, find: Find): void {
  if (type !== undefined && !SECCOMP_TYPES.includes(type)) {
    find('seccompProfile_restricted', where, 'securityContext.seccompProfile.type', type, 'set it to "RuntimeDefault" or "Localhost"');
  } else if (type === undefined && !SECCOMP_TYPES.includes(podType ?? '')) {
    find('seccompProfile_restricted', where, 'securityContext.seccompProfile.type', undefined,
      'set it (or the pod\'s) to "RuntimeDefault" (cdk8s-plus: seccompProfile: { type: SeccompProfileType.RUNTIME_DEFAULT })');
  }
}

function seLinuxFindings(where: string, options: SecurityContextJson['seLinuxOptions'], find: Find): void {
  if (!options) return;
  if (!ALLOWED_SELINUX_TYPES.includes(options.type ?? '')) {
    find('seLinuxOptions', where, 'securityContext.seLinuxOptions.type', options.type, `use one of `
      + `${ALLOWED_SELINUX_TYPES.filter(Boolean).join(', ')}, or leave it unset`);
  }
  if (options.user) find('seLinuxOptions', where, 'securityContext.seLinuxOptions.user', options.user, 'leave it unset');
  if (options.role) find('seLinuxOptions', where, 'securityContext.seLinuxOptions.role', options.role, 'leave it unset');
}

function podLevelFindings(template: PodTemplateJson, find: Find): void {
  const spec = template.spec;
  const pod = spec.securityContext ?? {};
  for (const volume of spec.volumes ?? []) {
    const source = Object.keys(volume).find((key) => key !== 'name') ?? 'unknown';
    if (!RESTRICTED_VOLUME_SOURCES.includes(source)) {
      find(source === 'hostPath' ? 'hostPathVolumes' : 'restrictedVolumes', 'pod', `volumes["${volume.name}"].${source}`, source,
        `use one of ${RESTRICTED_VOLUME_SOURCES.join(', ')}`);
    }
  }
  if (pod.runAsNonRoot === false) find('runAsNonRoot', 'pod', 'securityContext.runAsNonRoot', false, 'set it to true or leave it unset');
  if (pod.runAsUser === 0) find('runAsUser', 'pod', 'securityContext.runAsUser', 0, 'set a non-zero uid');
  if (pod.seccompProfile && !SECCOMP_TYPES.includes(pod.seccompProfile.type ?? '')) {
    find('seccompProfile_restricted', 'pod', 'securityContext.seccompProfile.type', pod.seccompProfile.type, 'set it to "RuntimeDefault" or '
      + '"Localhost"');
  }
  if (pod.appArmorProfile && !APPARMOR_TYPES.includes(pod.appArmorProfile.type ?? '')) {
    find('appArmorProfile', 'pod', 'securityContext.appArmorProfile.type', pod.appArmorProfile.type, 'set it to "RuntimeDefault" or "Localhost", '
      + 'or remove it');
  }
  seLinuxFindings('pod', pod.seLinuxOptions, find);
  if (pod.windowsOptions?.hostProcess) {find('windowsHostProcess', 'pod', 'securityContext.windowsOptions.hostProcess', true, 'remove it or set it '
    + 'to false');}
  for (const sysctl of pod.sysctls ?? []) {
    if (!ALLOWED_SYSCTLS.includes(sysctl.name)) {find('sysctls', 'pod', 'securityContext.sysctls', sysctl.name, `remove it; allowed: `
      + `${ALLOWED_SYSCTLS.join(', ')}`);}
  }
  for (const [key, value] of Object.entries(template.metadata?.annotations ?? {})) {
    if (key.startsWith(APPARMOR_ANNOTATION) && !(value === '' || value === 'runtime/default' || value.startsWith('localhost/'))) {
      find('appArmorProfile', 'pod', `metadata.annotations["${key}"]`, value, 'remove the annotation or set it to "runtime/default"');
    }
  }
}
