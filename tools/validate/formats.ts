import { isIP } from 'node:net';

// The string formats the API server checks on custom resources (kube-openapi's strfmt default registry); others,
// such as int32, only document. IP formats follow kube-openapi: ipv4 and cidr parse as k8s.io/utils/net's
// ParseIPSloppy/ParseCIDRSloppy (leading zeros tolerated), ipv6 as Go's net.ParseIP (no zone).
const SLOPPY_IPV4 = /^\d+\.\d+\.\d+\.\d+$/;
function isSloppyIPv4(value: string): boolean {
  return SLOPPY_IPV4.test(value) && value.split('.').every((part) => Number(part) <= 255);
}
/** Go's net.ParseIP for an address with a colon: an IPv6 address, without a zone. */
const IPV6 = (value: string) => value.includes(':') && !value.includes('%') && isIP(value) === 6;
/** ParseIPSloppy: a dotted IPv4 address (leading zeros allowed) or an IPv6 address, whose IPv4 tail may have them too. */
function isSloppyIP(value: string): boolean {
  if (isSloppyIPv4(value)) return true;
  const tail = /^(.*:)(\d+\.\d+\.\d+\.\d+)$/.exec(value);
  if (tail && isSloppyIPv4(tail[2])) return IPV6(`${tail[1]}${tail[2].split('.').map(Number).join('.')}`);
  return IPV6(value);
}
const IPV4 = (value: string) => isSloppyIP(value) && value.includes('.');
const CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  // govalidator.IsBase64: at least one quantum, so "" is not base64.
  'byte': (value) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=|[A-Za-z0-9+/]{4})$/.test(value),
  'date-time': (value) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  'datetime': (value) => CHECKS['date-time'](value),
  'date': (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  'ipv4': IPV4,
  'ipv6': IPV6,
  'cidr': (value) => {
    const [address, bits, extra] = value.split('/');
    if (extra !== undefined || bits === undefined || !/^\d+$/.test(bits) || !isSloppyIP(address)) return false;
    return Number(bits) <= (isSloppyIPv4(address) ? 32 : 128);
  },
  'uuid': (value) => /^[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}$/i.test(value),
  'hostname': (value) => value.length <= 255 && /^([a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([-a-zA-Z0-9]{0,61}[a-zA-Z0-9])?)*\.?$/.test(value),
  'mac': (value) => /^([0-9a-fA-F]{2}[:-]){5}[0-9a-fA-F]{2}$/.test(value),
  'uri': (value) => URL.canParse(value) || value.startsWith('/'),
  'email': (value) => /^[^\s@]+@[^\s@]+$/.test(value),
  // Not an OpenAPI format: core kinds' resource.Quantity, as its parser accepts it.
  'quantity': (value) => /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[munkMGTPE])?$/.test(value),
};

/** Whether `value` satisfies `format`; formats the API server does not check always pass. */
export function matchesFormat(format: string, value: string): boolean {
  const check = CHECKS[format];
  return check ? check(value) : true;
}
