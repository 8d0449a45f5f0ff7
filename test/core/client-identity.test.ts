import { pinnedSubject, presentedClientCertificate } from '../../lib/core/client-identity';
import { nginxMapKey } from '../../lib/workloads/nginx-conf';

// Each row follows OpenSSL's do_esc_char/do_buf with XN_FLAG_RFC2253 (crypto/asn1/a_strex.c, charmap.h); the corpus
// test (test/rehearsal/client-identity-corpus.test.ts) checks the same function against real openssl and nginx.
describe('pinnedSubject: a common name as nginx reports the subject ($ssl_client_s_dn, RFC 2253)', () => {
  test.each([
    ['envoy', 'CN=envoy'],
    ['a,b+c"d\\e<f>g;h', 'CN=a\\,b\\+c\\"d\\\\e\\<f\\>g\\;h'],
    ['a=b', 'CN=a=b'],
    ['#x', 'CN=\\#x'],
    ['x#', 'CN=x#'],
    ['#', 'CN=#'],
    [' ', 'CN=\\ '],
    [' a b ', 'CN=\\ a b\\ '],
    ['café', 'CN=caf\\C3\\A9'],
    ['😀', 'CN=\\F0\\9F\\98\\80'],
    ['\u00a0', 'CN=\\C2\\A0'],
    ['\u202e', 'CN=\\E2\\80\\AE'],
    ['tab\t\u007f', 'CN=tab\\09\\7F'],
  ])('%j is pinned as %s', (commonName, subject) => {
    expect(pinnedSubject(commonName)).toBe(subject);
  });

  test('a name with no UTF-8 form or no characters has no subject to pin', () => {
    expect(() => pinnedSubject('')).toThrow(/commonName "" is empty: .*give it one/);
    expect(() => pinnedSubject('a\ud800')).toThrow(/unpaired surrogate, which has no UTF-8 form .*remove it/);
  });
});

describe('nginxMapKey: a pinned subject as an nginx map key that matches it exactly', () => {
  test('a case-sensitive anchored regex: PCRE metacharacters escaped, then the nginx.conf string\'s \\ and "', () => {
    expect(nginxMapKey('CN=envoy')).toBe('"~^CN=envoy$"');
    expect(nginxMapKey('CN=a\\,b.c$(d)')).toBe('"~^CN=a\\\\\\\\,b\\\\.c\\\\$\\\\(d\\\\)$"');
    expect(nginxMapKey('CN=say \\"hi\\"')).toBe('"~^CN=say \\\\\\\\\\"hi\\\\\\\\\\"$"');
  });

  test('refuses what RFC 2253 printing never gives, and what nginx cannot read as one parameter', () => {
    expect(() => nginxMapKey('CN=café')).toThrow(/is not printable ASCII, which RFC 2253 printing always gives; pin subjects made by pinnedSubject/);
    expect(() => nginxMapKey(`CN=${'\\'.repeat(1400)}`)).toThrow(/makes an nginx.conf parameter of \d+ bytes; nginx reads at most 4096/);
  });
});

describe('presentedClientCertificate: the one rule for which certificate Envoy presents to a backend', () => {
  test('the Envoy Gateway Backend\'s own, else the Gateway\'s, else the EnvoyProxy\'s', () => {
    expect(presentedClientCertificate({ backend: 'backend', gateway: 'gateway', proxy: 'proxy' })).toBe('backend');
    expect(presentedClientCertificate({ gateway: 'gateway', proxy: 'proxy' })).toBe('gateway');
    expect(presentedClientCertificate({ proxy: 'proxy' })).toBe('proxy');
    expect(presentedClientCertificate({})).toBeUndefined();
  });
});
