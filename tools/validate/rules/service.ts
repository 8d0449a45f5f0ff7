// v1 Service: Kubernetes v1.33 pkg/apis/core/validation/validation.go ValidateService and the checks it calls,
// and the warnings of pkg/api/service/warnings.go. A Service is validated after defaulting (type ClusterIP,
// sessionAffinity None, clusterIPs from clusterIP, allocateLoadBalancerNodePorts and externalTrafficPolicy set).
import { childPath, indexPath } from '../field-path';
import { checkLabels, DNS1123_SUBDOMAIN, qualifiedNameErrors, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { duplicate, forbidden, invalid, type Json, notSupported, portNumber, portNumberOrName, record, records, required, warning } from './common';
import { dnsLabel } from './container';
import { cidrWarnings, ipWarning, isIpv6Address, isSloppyIp, parseCidrSloppy, parseIpSloppy } from './ip-addresses';

const LOAD_BALANCER_ONLY = "may only be used when `type` is 'LoadBalancer'";
const MAX_AFFINITY_SECONDS = 86400;
const SOURCE_RANGES_ANNOTATION = 'service.beta.kubernetes.io/load-balancer-source-ranges';
const TOPOLOGY_MODE_ANNOTATION = 'service.kubernetes.io/topology-mode';
const TOPOLOGY_HINTS_ANNOTATION = 'service.kubernetes.io/topology-aware-hints';
// validateServiceTrafficDistribution: PreferSameZone and PreferSameNode need the PreferSameTrafficDistribution gate, alpha (off) in 1.33.
const TRAFFIC_DISTRIBUTIONS = ['PreferClose'];
const INVALID_IP = 'must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)';
const IP_FAMILY_POLICIES = ['PreferDualStack', 'RequireDualStack', 'SingleStack'];
const INVALID_CIDR = 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)';

/** ValidateEndpointIP, which ValidateService applies to each externalIP that IsValidIPForLegacyField accepts (net.IP's ranges). */
function validateEndpointIP(address: string, path: string): FieldError[] {
  const bytes = parseIpSloppy(address);
  if (!bytes) return [invalid(path, address, INVALID_IP)]; // IsValidIPForLegacyField's verdict, ahead of ValidateEndpointIP's own
  const mapped = bytes.slice(0, 12).every((byte, index) => byte === (index < 10 ? 0 : 0xff));
  const [a, b, c] = mapped ? bytes.slice(12) : bytes;
  const errors: FieldError[] = [];
  if ((mapped ? bytes.slice(12) : bytes).every((byte) => byte === 0)) errors.push(invalid(path, address, `may not be unspecified (${address})`));
  if (mapped ? a === 127 : bytes.slice(0, 15).every((byte) => byte === 0) && bytes[15] === 1) {
    errors.push(invalid(path, address, 'may not be in the loopback range (127.0.0.0/8, ::1/128)'));
  }
  if (mapped ? a === 169 && b === 254 : a === 0xfe && (b & 0xc0) === 0x80) errors.push(invalid(path, address, 'may not be in the link-local range (169.254.0.0/16, fe80::/10)'));
  if (mapped ? a === 224 && b === 0 && c === 0 : a === 0xff && (b & 0x0f) === 0x02) {
    errors.push(invalid(path, address, 'may not be in the link-local multicast range (224.0.0.0/24, ff02::/10)'));
  }
  return errors;
}

/** ValidateService: the topology-mode annotation agrees with the deprecated topology-aware-hints one. */
function topologyAnnotations(object: Json): FieldError[] {
  const annotations = record(record(object.metadata)?.annotations) ?? {};
  const mode = annotations[TOPOLOGY_MODE_ANNOTATION];
  if (typeof mode !== 'string' || !(TOPOLOGY_HINTS_ANNOTATION in annotations) || mode === annotations[TOPOLOGY_HINTS_ANNOTATION]) return [];
  return [invalid(`metadata.annotations[${TOPOLOGY_MODE_ANNOTATION}]`, mode, `must match annotations[${TOPOLOGY_HINTS_ANNOTATION}] when both are specified`)];
}

/** ValidateService: each externalIP an address (IsValidIPForLegacyField), then ValidateEndpointIP. */
function externalIPs(spec: Json): FieldError[] {
  return (Array.isArray(spec.externalIPs) ? spec.externalIPs : []).flatMap((address, index) =>
    (typeof address === 'string' ? validateEndpointIP(address, indexPath('spec.externalIPs', index)) : []));
}

/** ValidateService: load-balancer source ranges (the field, else the annotation) only on a LoadBalancer, each a CIDR after trimming. */
function sourceRanges(object: Json, spec: Json, type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const annotations = record(record(object.metadata)?.annotations) ?? {};
  const cidr = (value: unknown, path: string) => (typeof value === 'string' && !parseCidrSloppy(value.trim()) ? [invalid(path, value.trim(), INVALID_CIDR)] : []);
  const ranges = Array.isArray(spec.loadBalancerSourceRanges) ? spec.loadBalancerSourceRanges : [];
  if (ranges.length > 0) {
    if (type !== 'LoadBalancer') errors.push(forbidden('spec.LoadBalancerSourceRanges', LOAD_BALANCER_ONLY)); // upstream's capital L
    ranges.forEach((value, index) => errors.push(...cidr(value, indexPath('spec.LoadBalancerSourceRanges', index))));
  } else if (SOURCE_RANGES_ANNOTATION in annotations) {
    const path = `metadata.annotations[${SOURCE_RANGES_ANNOTATION}]`;
    if (type !== 'LoadBalancer') errors.push(forbidden(path, LOAD_BALANCER_ONLY));
    const annotated = typeof annotations[SOURCE_RANGES_ANNOTATION] === 'string' ? annotations[SOURCE_RANGES_ANNOTATION].trim() : '';
    if (annotated !== '') for (const value of annotated.split(',')) errors.push(...cidr(value, path));
  }
  return errors;
}

/** validateServiceTrafficDistribution. */
function trafficDistribution(spec: Json): FieldError[] {
  const value = spec.trafficDistribution;
  return typeof value === 'string' && !TRAFFIC_DISTRIBUTIONS.includes(value) ? [notSupported('spec.trafficDistribution', value, TRAFFIC_DISTRIBUTIONS)] : [];
}

/** validateServicePort: a name (DNS label, required when several), a port, a target port, an appProtocol that is a qualified name, unique names. */
function servicePorts(ports: readonly Json[], names: Set<unknown>): FieldError[] {
  const errors: FieldError[] = [];
  ports.forEach((port, index) => {
    const at = indexPath('spec.ports', index);
    if (typeof port.name !== 'string' || !port.name) {
      if (ports.length > 1) errors.push(required(childPath(at, 'name')));
    } else {
      errors.push(...dnsLabel(port.name, childPath(at, 'name')));
      if (names.has(port.name)) errors.push(duplicate(childPath(at, 'name'), port.name));
      names.add(port.name);
    }
    if (port.port === undefined || port.port === 0) errors.push(invalid(childPath(at, 'port'), port.port ?? 0, 'must be between 1 and 65535, inclusive'));
    else errors.push(...portNumber(port.port, childPath(at, 'port')));
    // defaulting sets a targetPort of 0 or "" to the port
    if (port.targetPort !== undefined && port.targetPort !== 0 && port.targetPort !== '') errors.push(...portNumberOrName(port.targetPort, childPath(at, 'targetPort')));
    errors.push(...qualifiedName(port.appProtocol, childPath(at, 'appProtocol')));
  });
  return errors;
}

/** ValidateServiceClusterIPsRelatedFields (IsValidIPForLegacyField without strict validation: the StrictIPCIDRValidation gate is off in 1.33). */
function clusterIPs(spec: Json, type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  const ips = clusterIPList(spec);
  if (clusterIP && ips[0] !== clusterIP) errors.push(invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  if (!clusterIP && ips.length > 0) errors.push(invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  const families: unknown[] = Array.isArray(spec.ipFamilies) ? spec.ipFamilies : [];
  families.forEach((family, index) => {
    if (family !== 'IPv4' && family !== 'IPv6') errors.push(notSupported(indexPath('spec.ipFamilies', index), family, ['IPv4', 'IPv6']));
    if (families.indexOf(family) < index) errors.push(duplicate(indexPath('spec.ipFamilies', index), family));
  });
  const policy = spec.ipFamilyPolicy;
  if (policy !== undefined && policy !== null && !IP_FAMILY_POLICIES.includes(policy as string)) errors.push(notSupported('spec.ipFamilyPolicy', policy, IP_FAMILY_POLICIES));
  let invalidIPs = false;
  ips.forEach((ip, index) => {
    if (index === 0 && ip === 'None') {
      if (ips.length > 1) errors.push(invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
      invalidIPs ||= ips.length > 1;
    } else if (typeof ip !== 'string' || !isSloppyIp(ip)) {
      errors.push(invalid(indexPath('spec.clusterIPs', index), ip, INVALID_IP));
      invalidIPs = true;
    }
  });
  if (ips.length > 2) errors.push(invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  if (invalidIPs) return errors;
  const ipv6 = ips.map((ip) => isIpv6Address(ip as string));
  if (ips.length > 1 && !(ipv6.includes(true) && ipv6.includes(false))) errors.push(invalid('spec.clusterIPs', ips, 'may specify no more than one IP for each IP family'));
  const headless = type === 'ClusterIP' && ips.length === 1 && ips[0] === 'None';
  if (!headless) {
    ips.slice(0, families.length).forEach((ip, index) => {
      const expected = families[index] === 'IPv4' && ipv6[index] ? 'IPv4' : families[index] === 'IPv6' && !ipv6[index] ? 'IPv6' : undefined;
      if (expected) errors.push(invalid(indexPath('spec.clusterIPs', index), ip, `expected an ${expected} value as indicated by \`ipFamilies[${index}]\``));
    });
  }
  return errors;
}

/** ValidateService's session affinity rules with validateAffinityTimeout (the timeout is defaulted for ClientIP). */
function sessionAffinity(spec: Json): FieldError[] {
  const errors: FieldError[] = [];
  const affinity = spec.sessionAffinity ?? 'None';
  const affinityConfig = record(spec.sessionAffinityConfig);
  const timeout = record(affinityConfig?.clientIP)?.timeoutSeconds;
  if (affinity === 'ClientIP' && typeof timeout === 'number' && (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS)) {
    errors.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`));
  }
  if (affinity === 'None' && affinityConfig) errors.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  return errors;
}

/** validateServiceExternalTrafficPolicy (its value's enum and the defaulted or allocated fields aside). */
function trafficPolicies(spec: Json, type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const external = type === 'LoadBalancer' || type === 'NodePort' || (type === 'ClusterIP' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0);
  if (!external && spec.externalTrafficPolicy !== undefined && spec.externalTrafficPolicy !== '') {
    errors.push(invalid('spec.externalTrafficPolicy', spec.externalTrafficPolicy, 'may only be set for externally-accessible services'));
  }
  const healthCheck = spec.healthCheckNodePort;
  if (typeof healthCheck === 'number' && healthCheck !== 0) {
    if (!(type === 'LoadBalancer' && spec.externalTrafficPolicy === 'Local')) {
      errors.push(invalid('spec.healthCheckNodePort', healthCheck, "may only be set when `type` is 'LoadBalancer' and `externalTrafficPolicy` is 'Local'"));
    } else {
      errors.push(...portNumber(healthCheck, 'spec.healthCheckNodePort'));
    }
  }
  return errors;
}

/** ValidateService's rules by type: no headless LoadBalancer or NodePort; an ExternalName Service has a DNS name and no cluster IPs. */
function typeFields(spec: Json, type: unknown, headless: boolean): FieldError[] {
  const errors: FieldError[] = [];
  if (type === 'LoadBalancer' && headless) errors.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for LoadBalancer services"));
  if (type === 'NodePort' && headless) errors.push(invalid('spec.clusterIPs[0]', 'None', "may not be set to 'None' for NodePort services"));
  if (type === 'ExternalName') {
    if ((Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) || spec.clusterIP) errors.push(forbidden('spec.clusterIPs', 'may not be set for ExternalName services'));
    if (Array.isArray(spec.ipFamilies) && spec.ipFamilies.length > 0) errors.push(forbidden('spec.ipFamilies', 'may not be set for ExternalName services'));
    if (spec.ipFamilyPolicy !== undefined && spec.ipFamilyPolicy !== null) errors.push(forbidden('spec.ipFamilyPolicy', 'may not be set for ExternalName services'));
    const name = typeof spec.externalName === 'string' ? spec.externalName.replace(/\.$/, '') : '';
    if (!name) errors.push(required('spec.externalName'));
    else if (!(name.length <= 253 && DNS1123_SUBDOMAIN.test(name))) errors.push(invalid('spec.externalName', name, SUBDOMAIN_MESSAGE));
  }
  return errors;
}

/** ValidateService and validateLoadBalancerClassField: allocateLoadBalancerNodePorts and loadBalancerClass belong to a LoadBalancer. */
function loadBalancerFields(spec: Json, type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const set = (value: unknown) => value !== undefined && value !== null;
  if (type !== 'LoadBalancer' && set(spec.allocateLoadBalancerNodePorts)) errors.push(forbidden('spec.allocateLoadBalancerNodePorts', LOAD_BALANCER_ONLY));
  if (type === 'LoadBalancer') errors.push(...qualifiedName(spec.loadBalancerClass, 'spec.loadBalancerClass'));
  else if (set(spec.loadBalancerClass)) errors.push(forbidden('spec.loadBalancerClass', LOAD_BALANCER_ONLY));
  return errors;
}

/** ValidateQualifiedName on an optional string field: every message of IsQualifiedName. */
function qualifiedName(value: unknown, path: string): FieldError[] {
  return typeof value === 'string' ? qualifiedNameErrors(value).map((message) => invalid(path, value, message)) : [];
}

/** The cluster IPs as validation sees them: defaulting copies clusterIP into an empty clusterIPs. */
function clusterIPList(spec: Json): unknown[] {
  if (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0) return spec.clusterIPs;
  return typeof spec.clusterIP === 'string' && spec.clusterIP !== '' ? [spec.clusterIP] : [];
}

/** ValidateService's port rules across ports: no nodePort on a ClusterIP Service, no nodePort or port twice per protocol. */
function portSets(ports: readonly Json[], type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const nodePorts = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port, index) => {
    const at = indexPath('spec.ports', index);
    if (type === 'ClusterIP' && port.nodePort !== undefined && port.nodePort !== 0) errors.push(forbidden(childPath(at, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
  });
  ports.forEach((port, index) => {
    const at = indexPath('spec.ports', index);
    const protocol = port.protocol ?? 'TCP';
    if (port.nodePort === undefined || port.nodePort === 0) return;
    // not upstream validation: the node-port allocator refuses a port outside the cluster's range
    if (type !== 'ClusterIP') errors.push(...portNumber(port.nodePort, childPath(at, 'nodePort')));
    if (nodePorts.has(`${String(port.nodePort)}/${String(protocol)}`)) errors.push(duplicate(childPath(at, 'nodePort'), port.nodePort));
    nodePorts.add(`${String(port.nodePort)}/${String(protocol)}`);
  });
  ports.forEach((port, index) => {
    const protocol = port.protocol ?? 'TCP';
    const key = `${String(port.port)}/${String(protocol)}`;
    if (keys.has(key)) errors.push(duplicate(indexPath('spec.ports', index), { port: port.port, protocol }));
    keys.add(key);
  });
  return errors;
}

/** core ValidateService, in its order, then GetWarningsForService. */
export function validateService(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const type = spec.type ?? 'ClusterIP';
  const ports = records(spec.ports);
  const ips = clusterIPList(spec);
  const headless = ips.length === 1 && ips[0] === 'None';
  const errors = topologyAnnotations(object);
  if (ports.length === 0 && !headless && type !== 'ExternalName') errors.push(required('spec.ports'));
  errors.push(...typeFields(spec, type, headless));
  errors.push(...servicePorts(ports, new Set()));
  errors.push(...checkLabels(spec.selector, 'spec.selector'));
  errors.push(...sessionAffinity(spec));
  if (type !== 'ExternalName') errors.push(...clusterIPs(spec, type));
  errors.push(...externalIPs(spec));
  errors.push(...portSets(ports, type));
  errors.push(...sourceRanges(object, spec, type));
  errors.push(...loadBalancerFields(spec, type));
  errors.push(...trafficPolicies(spec, type));
  errors.push(...trafficDistribution(spec));
  return [...errors, ...serviceWarnings(object, spec, type)];
}

/** GetWarningsForService: a deprecated annotation, addresses in non-standard forms, fields a type ignores. */
function serviceWarnings(object: Json, spec: Json, type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (TOPOLOGY_HINTS_ANNOTATION in (record(record(object.metadata)?.annotations) ?? {})) {
    errors.push(warning(`metadata.annotations[${TOPOLOGY_HINTS_ANNOTATION}]`, `annotation ${TOPOLOGY_HINTS_ANNOTATION} is deprecated, please use ${TOPOLOGY_MODE_ANNOTATION} instead`));
  }
  const strings = (value: unknown) => (Array.isArray(value) ? value : []).map((item) => (typeof item === 'string' ? item : ''));
  const ipWarnings = (path: string, value: string) => {
    const detail = ipWarning(value);
    return detail ? [warning(path, detail)] : [];
  };
  // helper.IsServiceIPSet: a clusterIP that is neither empty nor None (defaulting fills clusterIPs from it)
  if (typeof spec.clusterIP === 'string' && spec.clusterIP !== '' && spec.clusterIP !== 'None') {
    const ips = strings(spec.clusterIPs).length > 0 ? strings(spec.clusterIPs) : [spec.clusterIP];
    ips.forEach((ip, index) => errors.push(...ipWarnings(indexPath('spec.clusterIPs', index), ip)));
  }
  strings(spec.externalIPs).forEach((ip, index) => errors.push(...ipWarnings(indexPath('spec.externalIPs', index), ip)));
  if (typeof spec.loadBalancerIP === 'string' && spec.loadBalancerIP !== '') errors.push(...ipWarnings('spec.loadBalancerIP', spec.loadBalancerIP));
  strings(spec.loadBalancerSourceRanges).forEach((cidr, index) => {
    for (const detail of cidrWarnings(cidr)) errors.push(warning(indexPath('spec.loadBalancerSourceRanges', index), detail));
  });
  if (type === 'ExternalName' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
    errors.push(warning('spec.externalIPs', 'spec.externalIPs is ignored when spec.type is "ExternalName"'));
  }
  if (type !== 'ExternalName' && typeof spec.externalName === 'string' && spec.externalName) {
    errors.push(warning('spec.externalName', 'spec.externalName is ignored when spec.type is not "ExternalName"'));
  }
  return errors;
}
