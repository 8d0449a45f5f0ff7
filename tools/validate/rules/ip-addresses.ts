// IP addresses and CIDRs as the API server reads them with the StrictIPCIDRValidation gate off (1.33's default):
// ParseIPSloppy and ParseCIDRSloppy of k8s.io/utils v0.0.0-20241104100929-3ea5e8cea738 (the version Kubernetes
// v1.33.3 builds with; internal/third_party/forked/golang/net, Go 1.16's parser: leading zeros allowed), Go's
// net/netip (strict), and net.IP's and netip's String forms, which apimachinery v0.33.3 pkg/util/validation/ip.go
// (GetWarningsForIP, GetWarningsForCIDR) compares to warn on non-standard values.
import { isIP } from 'node:net';

/** A dotted IPv4 address as Go 1.16's parseIPv4 reads it (leading zeros allowed), or undefined. */
function dotted(text: string): number[] | undefined {
  const parts = /^\d+\.\d+\.\d+\.\d+$/.test(text) ? text.split('.').map(Number) : [];
  return parts.length === 4 && parts.every((part) => part <= 255) ? parts : undefined;
}

const isMapped = (bytes: readonly number[]) => bytes.slice(0, 12).every((byte, index) => byte === (index < 10 ? 0 : 0xff));

/** The 16 bytes of an address as netutils.ParseIPSloppy reads it (an IPv4 address IPv4-mapped), or undefined. */
export function parseIpSloppy(text: string): number[] | undefined {
  const plain = dotted(text);
  if (plain) return [...Array<number>(10).fill(0), 0xff, 0xff, ...plain];
  const tail = /^(.*:)([^:]*\.[^:]*)$/.exec(text);
  const tailBytes = tail ? dotted(tail[2]) : undefined;
  if (tail && !tailBytes) return undefined;
  // Go 1.16's xtoi reads a group of more than four hex digits if its value fits 16 bits; node:net does not.
  const groups = (tail && tailBytes ? `${tail[1]}${tailBytes.join('.')}` : text).replace(/[0-9a-fA-F]{5,}/g, (group) => group.replace(/^0+(?=[0-9a-fA-F]{4})/, ''));
  if (groups.includes('%') || isIP(groups) !== 6) return undefined;
  const words = (part: string) => (part ? part.split(':') : []).flatMap((group) => {
    const v4 = dotted(group);
    return v4 ? [(v4[0] << 8) | v4[1], (v4[2] << 8) | v4[3]] : [parseInt(group, 16)];
  });
  const [head, rest] = groups.split('::');
  const gap = rest === undefined ? [] : Array<number>(8 - words(head).length - words(rest).length).fill(0);
  return [...words(head), ...gap, ...words(rest ?? '')].flatMap((word) => [word >> 8, word & 0xff]);
}

/** netip.ParseAddr accepts what ParseIPSloppy accepts except a dotted octet with a leading zero and a group of more than four hex digits. */
export function isStrictAddress(text: string): boolean {
  if (!parseIpSloppy(text)) return false;
  const tail = /(?:^|:)(\d+\.\d+\.\d+\.\d+)$/.exec(text)?.[1] ?? '';
  const octets = tail ? tail.split('.') : [];
  return !octets.some((octet) => octet.length > 1 && octet.startsWith('0')) && !/[0-9a-fA-F]{5,}/.test(text.slice(0, text.length - tail.length));
}

/** An address written as IPv6 (netip's Is6, Is4In6 when mapped). */
export const writtenAsIpv6 = (text: string) => text.includes(':');

/** net.IP's String: an IPv4-mapped address dotted, any other RFC 5952 (also netip's String of an IPv6 address that is not mapped). */
export function goIpString(bytes: readonly number[]): string {
  if (isMapped(bytes)) return bytes.slice(12).join('.');
  const words = Array.from({ length: 8 }, (_unused, index) => (bytes[2 * index] << 8) | bytes[2 * index + 1]);
  let [start, end] = [-1, -1];
  for (let index = 0; index < 8; index++) {
    let stop = index;
    while (stop < 8 && words[stop] === 0) stop++;
    if (stop - index > end - start) [start, end] = [index, stop];
    index = Math.max(index, stop);
  }
  const hex = (from: number, to: number) => words.slice(from, to).map((word) => word.toString(16)).join(':');
  return end - start < 2 ? hex(0, 8) : `${hex(0, start)}::${hex(end, 8)}`;
}

/** k8s.io/utils ParseIPSloppy's verdict (IsValidIPForLegacyField without strict validation, the StrictIPCIDRValidation gate being off in 1.33). */
export const isSloppyIp = (text: string) => parseIpSloppy(text) !== undefined;

/** Is the (sloppily parsed) address IPv6 in netutils.IsIPv6String's sense (To4 fails: an IPv4-mapped address counts as IPv4)? */
export const isIpv6Address = (text: string) => {
  const bytes = parseIpSloppy(text);
  return bytes !== undefined && !isMapped(bytes);
};

/** GetWarningsForIP: the detail of the warning on an address in a non-standard form (after `<path>: `), or undefined. */
export function ipWarning(text: string): string | undefined {
  const bytes = parseIpSloppy(text);
  if (!bytes) return undefined;
  if (!isStrictAddress(text) || (writtenAsIpv6(text) && isMapped(bytes))) {
    return `non-standard IP address ${JSON.stringify(text)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(goIpString(bytes))}`;
  }
  const canonical = goIpString(bytes);
  return writtenAsIpv6(text) && canonical !== text ? `IPv6 address ${JSON.stringify(text)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})` : undefined;
}

/** A CIDR as ParseCIDRSloppy reads it: the address (16 bytes), the prefix length, the width of the address as written (32 or 128). */
export interface SloppyCidr { readonly bytes: number[]; readonly ones: number; readonly bits: number }

/** ParseCIDRSloppy (Go 1.16's net.ParseCIDR): the address, the prefix length, the address length in bits; or undefined. */
export function parseCidrSloppy(text: string): SloppyCidr | undefined {
  const slash = text.indexOf('/');
  if (slash < 0) return undefined;
  const [address, length] = [text.slice(0, slash), text.slice(slash + 1)];
  const bits = dotted(address) ? 32 : 128;
  const bytes = parseIpSloppy(address);
  const ones = /^\d+$/.test(length) ? Number(length) : NaN;
  return bytes && ones <= bits ? { bytes, ones, bits } : undefined;
}

/** The network (IPNet.IP, as 16 bytes) of a sloppily parsed CIDR: ip.Mask masks the last 32 bits of an IPv4 CIDR, all 128 of an IPv6 one. */
export function cidrNetwork({ bytes, ones, bits }: SloppyCidr): number[] {
  const firstMasked = 128 - bits + ones;
  return bytes.map((byte, index) => {
    const kept = Math.min(8, Math.max(0, firstMasked - 8 * index));
    return index < 16 - bits / 8 ? byte : byte & ((0xff << (8 - kept)) & 0xff);
  });
}

/**
 * IPNet.Contains(ip) for a network and an address both from ParseCIDRSloppy: an IPv4-mapped network holds only
 * IPv4-mapped addresses (and the reverse), compared on the network's prefix.
 */
export function cidrContains(network: SloppyCidr, address: readonly number[]): boolean {
  const net = cidrNetwork(network);
  if (isMapped(net) !== isMapped(address)) return false;
  return cidrNetwork({ bytes: [...address], ones: network.ones, bits: network.bits }).every((byte, index) => byte === net[index]);
}

/** GetWarningsForCIDR: the details of the warnings on a CIDR in a non-standard form (each after `<path>: `). */
export function cidrWarnings(text: string): string[] {
  const cidr = parseCidrSloppy(text);
  if (!cidr) return [];
  const { bytes, ones, bits } = cidr;
  const network = cidrNetwork(cidr);
  // IPNet.String: a network that is IPv4-mapped prints dotted, with the mask's last 32 bits.
  const networkText = `${goIpString(network)}/${isMapped(network) ? ones - (bits - 32) : ones}`;
  const warnings: string[] = [];
  if (network.some((byte, index) => byte !== bytes[index])) {
    warnings.push(`CIDR value ${JSON.stringify(text)} is ambiguous in this context (should be ${JSON.stringify(networkText)} or ${JSON.stringify(`${goIpString(bytes)}/${bits}`)}?)`);
  }
  const [address, length] = [text.slice(0, text.indexOf('/')), text.slice(text.indexOf('/') + 1)];
  const strictPrefix = isStrictAddress(address) && !(length.length > 1 && length.startsWith('0'));
  if (!strictPrefix || (writtenAsIpv6(address) && isMapped(bytes))) {
    warnings.push(`non-standard CIDR value ${JSON.stringify(text)} will be considered invalid in a future Kubernetes release: use ${JSON.stringify(networkText)}`);
  }
  const canonical = `${goIpString(bytes)}/${ones}`;
  if (warnings.length === 0 && writtenAsIpv6(address) && canonical !== text) {
    warnings.push(`IPv6 CIDR value ${JSON.stringify(text)} should be in RFC 5952 canonical format (${JSON.stringify(canonical)})`);
  }
  return warnings;
}
