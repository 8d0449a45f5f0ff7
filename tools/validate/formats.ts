import { isIP } from 'node:net';

// The string formats the API server checks (kube-openapi's default registry); others, such as int32, only document.
const IPV4 = (value: string) => isIP(value) === 4;
const IPV6 = (value: string) => isIP(value) === 6;
const CHECKS: Readonly<Record<string, (value: string) => boolean>> = {
  'byte': (value) => /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(value),
  'date-time': (value) => /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.test(value) && !Number.isNaN(Date.parse(value)),
  'datetime': (value) => CHECKS['date-time'](value),
  'date': (value) => /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(Date.parse(value)),
  'ipv4': IPV4,
  'ipv6': IPV6,
  'cidr': (value) => {
    const [address, bits, extra] = value.split('/');
    if (extra !== undefined || bits === undefined || !/^\d{1,3}$/.test(bits)) return false;
    return (IPV4(address) && Number(bits) <= 32) || (IPV6(address) && Number(bits) <= 128);
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
