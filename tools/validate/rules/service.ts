// v1 Service: Kubernetes v1.33 pkg/apis/core/validation/validation.go ValidateService and the checks it calls,
// and the warnings of pkg/api/service/warnings.go. A Service is validated after defaulting (type ClusterIP,
// sessionAffinity None, clusterIPs from clusterIP, allocateLoadBalancerNodePorts and externalTrafficPolicy set).
import { childPath, indexPath } from '../field-path';
import { checkLabels, DNS1123_SUBDOMAIN, SUBDOMAIN_MESSAGE } from '../metadata';
import type { FieldError } from '../schema';
import { duplicate, forbidden, invalid, type Json, portNumber, portNumberOrName, record, records, required, warning } from './common';
import { dnsLabel } from './container';

const LOAD_BALANCER_ONLY = "may only be used when `type` is 'LoadBalancer'";
const MAX_AFFINITY_SECONDS = 86400;

/** validateServicePort: a name (DNS label, required when several), a port, a target port, unique names. */
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
    if (port.targetPort !== undefined && port.targetPort !== 0) errors.push(...portNumberOrName(port.targetPort, childPath(at, 'targetPort')));
  });
  return errors;
}

/** ValidateServiceClusterIPsRelatedFields' shape rules (IP syntax and families are left to the upstream values). */
function clusterIPs(spec: Json): FieldError[] {
  const errors: FieldError[] = [];
  const clusterIP = typeof spec.clusterIP === 'string' ? spec.clusterIP : '';
  // defaulting copies clusterIP into an empty clusterIPs
  const ips = Array.isArray(spec.clusterIPs) && spec.clusterIPs.length > 0 ? spec.clusterIPs : clusterIP ? [clusterIP] : [];
  if (clusterIP && ips[0] !== clusterIP) errors.push(invalid('spec.clusterIPs', ips, 'first value must match `clusterIP`'));
  if (!clusterIP && ips.length > 0) errors.push(invalid('spec.clusterIPs', ips, 'must be empty when `clusterIP` is not specified'));
  const families = new Set<unknown>();
  (Array.isArray(spec.ipFamilies) ? spec.ipFamilies : []).forEach((family, index) => {
    if (families.has(family)) errors.push(duplicate(indexPath('spec.ipFamilies', index), family));
    families.add(family);
  });
  if (ips[0] === 'None' && ips.length > 1) errors.push(invalid('spec.clusterIPs', ips, "'None' must be the first and only value"));
  if (ips.length > 2) errors.push(invalid('spec.clusterIPs', ips, 'may only hold up to 2 values'));
  return errors;
}

/** The session affinity and traffic policy rules (ValidateService, validateAffinityTimeout, validateServiceExternalTrafficPolicy). */
function policies(spec: Json, type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  const affinity = spec.sessionAffinity ?? 'None';
  const affinityConfig = record(spec.sessionAffinityConfig);
  if (affinity === 'None' && affinityConfig) errors.push(forbidden('spec.sessionAffinityConfig', 'must not be set when session affinity is None'));
  const timeout = record(affinityConfig?.clientIP)?.timeoutSeconds;
  if (affinity === 'ClientIP' && typeof timeout === 'number' && (timeout <= 0 || timeout > MAX_AFFINITY_SECONDS)) {
    errors.push(invalid('spec.sessionAffinityConfig.clientIP.timeoutSeconds', timeout, `must be greater than 0 and less than ${MAX_AFFINITY_SECONDS}`));
  }
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

/** The fields only a LoadBalancer (or a non-ExternalName) Service may set. */
function typeFields(object: Json, spec: Json, type: unknown, headless: boolean): FieldError[] {
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
  if (type !== 'LoadBalancer') {
    if (Array.isArray(spec.loadBalancerSourceRanges) && spec.loadBalancerSourceRanges.length > 0) {
      errors.push(forbidden('spec.LoadBalancerSourceRanges', LOAD_BALANCER_ONLY)); // upstream's capital L
    } else if ('service.beta.kubernetes.io/load-balancer-source-ranges' in (record(record(object.metadata)?.annotations) ?? {})) {
      errors.push(forbidden('metadata.annotations[service.beta.kubernetes.io/load-balancer-source-ranges]', LOAD_BALANCER_ONLY));
    }
    if (spec.allocateLoadBalancerNodePorts !== undefined && spec.allocateLoadBalancerNodePorts !== null) errors.push(forbidden('spec.allocateLoadBalancerNodePorts', LOAD_BALANCER_ONLY));
    if (spec.loadBalancerClass !== undefined && spec.loadBalancerClass !== null) errors.push(forbidden('spec.loadBalancerClass', LOAD_BALANCER_ONLY));
  }
  return errors;
}

/** core ValidateService. */
export function validateService(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const type = spec.type ?? 'ClusterIP';
  const ports = records(spec.ports);
  const headless = spec.clusterIP === 'None' || (Array.isArray(spec.clusterIPs) && spec.clusterIPs.length === 1 && spec.clusterIPs[0] === 'None');
  const errors: FieldError[] = [];
  if (ports.length === 0 && !headless && type !== 'ExternalName') errors.push(required('spec.ports'));
  errors.push(...typeFields(object, spec, type, headless));
  errors.push(...servicePorts(ports, new Set()));
  errors.push(...checkLabels(spec.selector, 'spec.selector'));
  errors.push(...policies(spec, type));
  if (type !== 'ExternalName') errors.push(...clusterIPs(spec));
  const nodePorts = new Set<string>();
  const keys = new Set<string>();
  ports.forEach((port, index) => {
    const at = indexPath('spec.ports', index);
    const protocol = port.protocol ?? 'TCP';
    if (port.nodePort !== undefined && port.nodePort !== 0) {
      if (type === 'ClusterIP') errors.push(forbidden(childPath(at, 'nodePort'), "may not be used when `type` is 'ClusterIP'"));
      else errors.push(...portNumber(port.nodePort, childPath(at, 'nodePort')));
      if (nodePorts.has(`${String(port.nodePort)}/${String(protocol)}`)) errors.push(duplicate(childPath(at, 'nodePort'), port.nodePort));
      nodePorts.add(`${String(port.nodePort)}/${String(protocol)}`);
    }
    const key = `${String(port.port)}/${String(protocol)}`;
    if (keys.has(key)) errors.push(duplicate(at, { port: port.port, protocol }));
    keys.add(key);
  });
  return [...errors, ...serviceWarnings(spec, type)];
}

/** GetWarningsForService: fields a type ignores. */
function serviceWarnings(spec: Json, type: unknown): FieldError[] {
  const errors: FieldError[] = [];
  if (type === 'ExternalName' && Array.isArray(spec.externalIPs) && spec.externalIPs.length > 0) {
    errors.push(warning('spec.externalIPs', 'spec.externalIPs is ignored when spec.type is "ExternalName"'));
  }
  if (type !== 'ExternalName' && typeof spec.externalName === 'string' && spec.externalName) {
    errors.push(warning('spec.externalName', 'spec.externalName is ignored when spec.type is not "ExternalName"'));
  }
  return errors;
}
