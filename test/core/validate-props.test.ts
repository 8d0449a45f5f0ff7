import {
  checkDataKey, checkDnsLabel, checkKnownKeys, checkLabels, checkPathPrefix, checkServiceName, checkText, compareQuantities, parseGoDurationNanos,
  parseQuantity,
} from '../../lib/core/validate-props';

const quantity = (value: string) => {
  const parsed = parseQuantity(value);
  if (!parsed) throw new Error(`not a quantity: ${value}`);
  return parsed;
};

describe('Kubernetes quantities (apimachinery resource.Quantity grammar)', () => {
  test.each([
    ['200m', '0.2', 0], ['1', '1000m', 0], ['1k', '1000', 0], ['1Ki', '1024', 0], ['1e3', '1k', 0], ['1E', '1e18', 0], ['1.5Gi', '1536Mi', 0],
    ['2k', '200m', 1], ['1Ki', '1k', 1], ['0.2001', '200m', 1], ['1e999999999', '1E', 1], ['1e-3', '1m', 0], ['999m', '1', -1], ['.5', '500m', 0],
    ['0', '0m', 0], ['+1', '1', 0], ['-1', '0', -1], ['1.', '1', 0], ['500u', '0.5m', 0], ['1000n', '1u', 0], ['1n', '1e-9', 0], ['999n', '1u', -1],
  ])('%s compared with %s is %d, exactly', (a, b, expected) => {
    expect(Math.sign(compareQuantities(quantity(a), quantity(b)))).toBe(expected);
    expect(Math.sign(compareQuantities(quantity(b), quantity(a)))).toBe(-expected || 0);
  });

  test.each(['', 'NaN', '1 k', '1KI', '1kb', 'k', '1.5e', '1e1.5', '--1', '0x10', '1Ki1', 'Infinity', ' 1'])('%j is not a quantity', (value) => {
    expect(parseQuantity(value)).toBeUndefined();
  });
});

describe('Go durations (time.ParseDuration), in nanoseconds', () => {
  test.each<[string, bigint]>([
    ['0', 0n], ['+0', 0n], ['1h', 3_600_000_000_000n], ['1h30m', 5_400_000_000_000n], ['.5h', 1_800_000_000_000n], ['1.h', 3_600_000_000_000n],
    ['1.5s', 1_500_000_000n], ['300ms', 300_000_000n], ['1\u00b5s', 1_000n], ['1\u03bcs', 1_000n], ['1us', 1_000n], ['-1h', -3_600_000_000_000n],
    ['2562047h47m16.854775807s', (1n << 63n) - 1n], ['9223372036854775807ns', (1n << 63n) - 1n], ['-9223372036854775808ns', -(1n << 63n)],
  ])('%s is %d', (value, nanos) => {
    expect(parseGoDurationNanos(value)).toBe(nanos);
  });

  test.each(['', '1', 'h', '.h', '1d', '90d', '1 h', '2562048h', '9223372036854775808ns', '2562047h47m16.854775808s', '1h-1m', '--1h', '1H'])('%j is refused', (value) => {
    expect(parseGoDurationNanos(value)).toBeUndefined();
  });
});

describe('string rules', () => {
  const refuses = (check: () => unknown) => expect(check).toThrow(/^T: /);

  test('Service names are DNS-1035 labels: a letter first', () => {
    expect(checkServiceName('T', 'name', 'a1')).toBe('a1');
    for (const bad of ['1a', '-a', 'a-', 'A', 'a.b', 'a'.repeat(64), '']) refuses(() => checkServiceName('T', 'name', bad));
  });

  test('label keys take an optional DNS prefix, values may be empty; both at most 63 in the name part', () => {
    expect(checkLabels('T', 'labels', { 'example.com/a_b.c-d': '', 'A': 'Z_9.z-0' })).toBeDefined();
    for (const key of ['', '/a', 'a/', 'Example.com/a', 'a b', '_a', 'a'.repeat(64), `${'a'.repeat(254)}/a`, 'a/b/c']) refuses(() => checkLabels('T', 'labels', { [key]: 'v' }));
    for (const value of ['a b', '-a', 'a-', 'é', 'a'.repeat(64), 'a/b']) refuses(() => checkLabels('T', 'labels', { k: value }));
  });

  test('text refuses controls, line and paragraph separators, byte-order marks and unpaired surrogates; keeps other Unicode', () => {
    expect(checkText('T', 'commonName', 'Envoy · 日本 🙂', 1, 64)).toBe('Envoy · 日本 🙂');
    for (const bad of ['a\tb', 'a\nb', 'a\x85b', 'a\u2028b', 'a\u2029b', '\ufeffa', 'a\ud800', '']) refuses(() => checkText('T', 'commonName', bad, 1, 64));
  });

  test('strings a YAML reader could take for numbers or booleans are kept where the API server takes them: the writer quotes them', () => {
    for (const kept of ['0o17', '0O17', '0B1', '0X1F', '0_o17', '1e_3', '017', '0x1f', '1_000', 'on', 'y', 'null']) {
      expect(checkLabels('T', 'labels', { [kept]: kept })).toEqual({ [kept]: kept });
    }
    for (const kept of ['0o17', '0O17', '0B101', '0X1F', '_1', '1_000', '.5', 'on', '~']) expect(checkText('T', 'commonName', kept, 1, 64)).toBe(kept);
    for (const kept of ['0o17', '0x1f', '0b1', '1e3', '017', 'on', 'y', 'null']) expect(checkDnsLabel('T', 'namespace', kept)).toBe(kept);
  });

  test('Secret keys and path prefixes', () => {
    expect(checkDataKey('T', 'key', 'ca.crt')).toBe('ca.crt');
    for (const bad of ['.', '..', '..a', 'a b', 'a/b', '']) refuses(() => checkDataKey('T', 'key', bad));
    expect(checkPathPrefix('T', 'path', "/api/v1/~user-_.!$&'()*+,;=:@")).toBeDefined();
    for (const bad of ['api', '/a b', '/é', '/a//b', '/a/./b', '/a/..', '/%2f', '/a#b', '/a?b', `/${'a'.repeat(1024)}`]) refuses(() => checkPathPrefix('T', 'path', bad));
  });
});

describe('known keys: a misspelt field fails instead of leaving its prop at the default', () => {
  const known = { namespace: true, hostname: true, replicas: true } as const;

  test('a misspelt key names the nearest known one: a swap, a missing letter, another case', () => {
    expect(() => checkKnownKeys('T', 'props', { hostnmae: 'x.example' }, known)).toThrow(/^T: props field "hostnmae" is unknown: did you mean "hostname"\?$/);
    expect(() => checkKnownKeys('T', 'props', { namespce: 'ns' }, known)).toThrow(/^T: props field "namespce" is unknown: did you mean "namespace"\?$/);
    expect(() => checkKnownKeys('T', 'props', { HostName: 'x.example' }, known)).toThrow(/^T: props field "HostName" is unknown: did you mean "hostname"\?$/);
    expect(() => checkKnownKeys('T', 'props', { hstnmae: 'x.example' }, known)).toThrow(/did you mean "hostname"\?$/);
  });

  test('a key that begins a known one names that one; a longer word that a known key begins is another key', () => {
    const route = { pathPrefix: true, backend: true, idleTimeoutSeconds: true } as const;
    expect(() => checkKnownKeys('T', 'rules[0]', { path: '/api' }, route)).toThrow(/^T: rules\[0\] field "path" is unknown: did you mean "pathPrefix"\?$/);
    expect(() => checkKnownKeys('T', 'props', { idleTimeout: 5 }, route)).toThrow(/did you mean "idleTimeoutSeconds"\?$/);
    expect(() => checkKnownKeys('T', 'props', { pat: '/api', id: 1, backendRefs: [] }, route)).not.toThrow();
  });

  test('a key near none passes, as TypeScript passes it in an object of a wider type (props spread from another construct\'s)', () => {
    expect(() => checkKnownKeys('T', 'props', { colour: 'blue', routeName: 'r', gateway: {} }, known)).not.toThrow();
  });

  test('a short key must be one edit away: three edits from a known key is another key', () => {
    const short = { port: true, name: true } as const;
    expect(() => checkKnownKeys('T', 'props', { prot: 1 }, short)).toThrow(/^T: props field "prot" is unknown: did you mean "port"\?$/);
    expect(() => checkKnownKeys('T', 'props', { tag: 1, id: 2 }, short)).not.toThrow();
  });

  test('a nested options object names its field, here httpbin.replica', () => {
    const options = { httpbin: { replica: 3 } };
    expect(() => checkKnownKeys('backend-mtls', 'httpbin', options.httpbin, known))
      .toThrow(/^backend-mtls: httpbin field "replica" is unknown: did you mean "replicas"\?$/);
  });

  test('known keys pass, undefined values included; absent props pass; props that are no object fail', () => {
    expect(() => checkKnownKeys('T', 'props', { namespace: 'ns', hostname: undefined }, known)).not.toThrow();
    expect(() => checkKnownKeys('T', 'httpbin', undefined, known)).not.toThrow();
    expect(() => checkKnownKeys('T', 'httpbin', 'httpbin', known)).toThrow(/^T: httpbin "httpbin" must be an object$/);
    expect(() => checkKnownKeys('T', 'httpbin', [], known)).toThrow(/^T: httpbin \[\] must be an object$/);
  });
});
