// networking.k8s.io/v1 NetworkPolicy: Kubernetes v1.33 pkg/apis/networking/validation/validation.go.
import { childPath, indexPath } from '../field-path';
import type { FieldError } from '../schema';
import { forbidden, invalid, type Json, labelSelector, notSupported, portNameError, portNumber, record, records, required } from './common';
import { cidrContains, cidrNetwork, parseCidrSloppy } from './ip-addresses';

const PROTOCOLS = ['TCP', 'UDP', 'SCTP'];

/** ValidateNetworkPolicyPort: protocol, a numeric port with an endPort not below it, endPort never beside a named or missing port. */
export function validateNetworkPolicyPort(port: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  if (port.protocol !== undefined && !PROTOCOLS.includes(String(port.protocol))) errors.push(notSupported(childPath(path, 'protocol'), port.protocol, PROTOCOLS));
  const endPath = childPath(path, 'endPort');
  if (typeof port.port === 'number') {
    errors.push(...portNumber(port.port, childPath(path, 'port')));
    if (typeof port.endPort === 'number') {
      // upstream reports `port`'s value here
      if (port.endPort < port.port) errors.push(invalid(endPath, port.port, 'must be greater than or equal to `port`'));
      errors.push(...portNumber(port.endPort, endPath));
    }
  } else if (typeof port.port === 'string') {
    if (port.endPort !== undefined) errors.push(invalid(endPath, port.endPort, 'may not be specified when `port` is non-numeric'));
    const error = portNameError(port.port);
    if (error) errors.push(invalid(childPath(path, 'port'), port.port, error));
  } else if (port.endPort !== undefined) {
    errors.push(invalid(endPath, port.endPort, 'may not be specified when `port` is not specified'));
  }
  return errors;
}

/** ValidateIPBlock: a CIDR (ParseCIDRSloppy: the StrictIPCIDRValidation gate is off in 1.33), and each `except` a strict subset of it. */
export function validateIPBlock(block: Json, path: string): FieldError[] {
  if (typeof block.cidr !== 'string' || block.cidr === '') return [required(childPath(path, 'cidr'))];
  const cidr = parseCidrSloppy(block.cidr);
  if (!cidr) return [invalid(childPath(path, 'cidr'), block.cidr, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)')];
  const errors: FieldError[] = [];
  (Array.isArray(block.except) ? block.except : []).forEach((text, index) => {
    const at = indexPath(childPath(path, 'except'), index);
    const except = typeof text === 'string' ? parseCidrSloppy(text) : undefined;
    if (!except) {
      errors.push(invalid(at, text, 'must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)'));
      return;
    }
    // cidrIPNet.Contains(exceptCIDR.IP), then the prefix lengths as written (Mask.Size)
    if (!cidrContains(cidr, cidrNetwork(except)) || cidr.ones >= except.ones) errors.push(invalid(at, text, 'must be a strict subset of `cidr`'));
  });
  return errors;
}

/** ValidateNetworkPolicyPeer: exactly one kind of peer, or selectors without an ipBlock. */
function validateNetworkPolicyPeer(peer: Json, path: string): FieldError[] {
  const errors: FieldError[] = [];
  const selectors = ['podSelector', 'namespaceSelector'].filter((field) => record(peer[field]));
  for (const field of selectors) errors.push(...labelSelector(peer[field], childPath(path, field)));
  const block = record(peer.ipBlock);
  if (block) errors.push(...validateIPBlock(block, childPath(path, 'ipBlock')));
  if (!block && selectors.length === 0) errors.push(required(path, 'must specify a peer'));
  else if (block && selectors.length > 0) errors.push(forbidden(path, 'may not specify both ipBlock and another peer'));
  return errors;
}

/** ValidateNetworkPolicySpec (podSelector optional: an empty selector selects every pod). */
export function networkPolicy(object: Json): FieldError[] {
  const spec = record(object.spec) ?? {};
  const errors = labelSelector(spec.podSelector, 'spec.podSelector');
  for (const [direction, peersField] of [['ingress', 'from'], ['egress', 'to']] as const) {
    records(spec[direction]).forEach((rule, ruleIndex) => {
      const at = indexPath(`spec.${direction}`, ruleIndex);
      records(rule.ports).forEach((port, index) => errors.push(...validateNetworkPolicyPort(port, indexPath(childPath(at, 'ports'), index))));
      records(rule[peersField]).forEach((peer, index) => {
        errors.push(...validateNetworkPolicyPeer(peer, indexPath(childPath(at, peersField), index)));
      });
    });
  }
  const policyTypes = Array.isArray(spec.policyTypes) ? spec.policyTypes : [];
  if (policyTypes.length > 2) return [...errors, invalid('spec.policyTypes', policyTypes, 'may not specify more than two policyTypes')];
  policyTypes.forEach((policyType, index) => {
    if (policyType !== 'Ingress' && policyType !== 'Egress') errors.push(notSupported(indexPath('spec.policyTypes', index), policyType, ['Ingress', 'Egress']));
  });
  return errors;
}
