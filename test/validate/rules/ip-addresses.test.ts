// IP addresses and CIDRs as the API server parses and warns on them (tools/validate/rules/ip-addresses.ts), with the
// cases of apimachinery's pkg/util/validation/ip_test.go (TestGetWarningsForIP, TestGetWarningsForCIDR, TestIsValidIP).
import { cidrContains, cidrWarnings, goIpString, ipWarning, isIpv6Address, isSloppyIp, parseCidrSloppy, parseIpSloppy } from '../../../tools/validate/rules/ip-addresses';

describe('ParseIPSloppy and ParseCIDRSloppy (k8s.io/utils, Go 1.16\'s parser)', () => {
  test.each(['192.12.2.2', '192.012.2.2', '::ffff:192.12.2.2', '2001:db8:0:0::2', '2001:DB8::1', '::1.2.3.4', 'fd00:00001::1'])('%s is an address', (text) => {
    expect(isSloppyIp(text)).toBe(true);
  });

  test.each(['', 'aaaaaaa', '1.2.3', '1.2.3.256', '[2001:db8::1]:80', 'example.com:80', '1234::abcd%eth0', '169.254.0.0%eth0', '1:2:3:4:5:6:7:8:9', 'fd00:10000::1'])(
    '%j is no address', (text) => {
      expect(isSloppyIp(text)).toBe(false);
    });

  test.each(['', 'aaaaaaa', '1.2.3.4', '192.168.0.1/healthz', '192.168.0.1/0/99', '192.168.0.0/-16', '192.168.0.0/+16', '1.2.3.4/33', '::/129'])('%j is no CIDR', (text) => {
    expect(parseCidrSloppy(text)).toBeUndefined();
  });

  test('an IPv4-mapped address counts as IPv4 (IsIPv6String), and prints dotted (net.IP.String)', () => {
    expect([isIpv6Address('::ffff:10.0.0.1'), isIpv6Address('fd00::1'), isIpv6Address('10.0.0.1')]).toEqual([false, true, false]);
    expect(goIpString(parseIpSloppy('::ffff:10.0.0.1')!)).toBe('10.0.0.1');
    expect(goIpString(parseIpSloppy('2001:db8:0:0:1:0:0:1')!)).toBe('2001:db8::1:0:0:1');
    expect(goIpString(parseIpSloppy('0:0:0:0:0:0:0:0')!)).toBe('::');
  });

  test('IPNet.Contains: a mapped network holds only mapped addresses, compared on its prefix', () => {
    const network = parseCidrSloppy('10.0.0.0/8')!;
    expect(cidrContains(network, parseIpSloppy('10.1.2.3')!)).toBe(true);
    expect(cidrContains(network, parseIpSloppy('::ffff:10.1.2.3')!)).toBe(true);
    expect(cidrContains(network, parseIpSloppy('11.0.0.0')!)).toBe(false);
    expect(cidrContains(parseCidrSloppy('::/0')!, parseIpSloppy('10.0.0.1')!)).toBe(false);
  });
});

describe('GetWarningsForIP and GetWarningsForCIDR (apimachinery v0.33.3 pkg/util/validation/ip.go)', () => {
  test.each<[string, string | undefined]>([
    ['192.12.2.2', undefined],
    ['2001:db8::2', undefined],
    ['192.012.2.2', 'non-standard IP address "192.012.2.2" will be considered invalid in a future Kubernetes release: use "192.12.2.2"'],
    ['::ffff:192.12.2.2', 'non-standard IP address "::ffff:192.12.2.2" will be considered invalid in a future Kubernetes release: use "192.12.2.2"'],
    ['2001:db8:0:0::2', 'IPv6 address "2001:db8:0:0::2" should be in RFC 5952 canonical format ("2001:db8::2")'],
    ['not an address', undefined],
  ])('address %s', (text, expected) => {
    expect(ipWarning(text)).toEqual(expected);
  });

  test.each<[string, string[]]>([
    ['192.12.2.0/24', []],
    ['2001:db8::/64', []],
    ['192.012.2.0/24', ['non-standard CIDR value "192.012.2.0/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"']],
    ['192.12.2.0/024', ['non-standard CIDR value "192.12.2.0/024" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"']],
    ['::ffff:192.12.2.0/120', ['non-standard CIDR value "::ffff:192.12.2.0/120" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"']],
    ['192.12.2.8/24', ['CIDR value "192.12.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)']],
    ['192.012.2.8/24', ['CIDR value "192.012.2.8/24" is ambiguous in this context (should be "192.12.2.0/24" or "192.12.2.8/32"?)',
      'non-standard CIDR value "192.012.2.8/24" will be considered invalid in a future Kubernetes release: use "192.12.2.0/24"']],
    ['2001:db8:0:0::/64', ['IPv6 CIDR value "2001:db8:0:0::/64" should be in RFC 5952 canonical format ("2001:db8::/64")']],
    ['not/a-cidr', []],
  ])('CIDR %s', (text, expected) => {
    expect(cidrWarnings(text)).toEqual(expected);
  });
});
