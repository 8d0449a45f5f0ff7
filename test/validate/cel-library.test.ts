import { parse } from '@bufbuild/cel';
import { KUBERNETES_LIBRARY_FUNCTIONS, split, upperAscii } from '../../tools/validate/cel/library';
import { compileExpression, evaluateExpression } from '../../tools/validate/cel/rules';
import { escapePropertyName, toCelValue } from '../../tools/validate/cel/values';
import { readCrdDocuments } from '../../tools/validate/crd-catalog';
import { pinnedCrdFiles } from '../../tools/validate/crd-sources';

/** Every rule and messageExpression in the given CRD files. */
function rulesIn(files: readonly string[]): string[] {
  const rules = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    for (const rule of (record['x-kubernetes-validations'] as Array<{ rule: string; messageExpression?: string }> | undefined) ?? []) {
      rules.add(rule.rule);
      if (rule.messageExpression) rules.add(rule.messageExpression);
    }
    Object.values(record).forEach(visit);
  };
  files.forEach((file) => readCrdDocuments(file).forEach(visit));
  return [...rules];
}

function calledFunctions(expression: string): Set<string> {
  const names = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (typeof node !== 'object' || node === null) return;
    const record = node as Record<string, unknown>;
    if (record.case === 'callExpr') names.add((record.value as { function: string }).function);
    if (record.case === 'comprehensionExpr') names.add('<macro>');
    Object.values(record).forEach(visit);
  };
  visit(parse(expression).expr);
  return names;
}

const STANDARD_CEL = new Set(['<macro>', 'has', 'size', 'matches', 'contains', 'startsWith', 'endsWith', 'duration',
  '_==_', '_!=_', '_<_', '_<=_', '_>_', '_>=_', '_&&_', '_||_', '!_', '_?_:_', '_+_', '_-_', '_[_]', '@in', '-_', '@not_strictly_false']);

describe('the pinned CRDs\' CEL', () => {
  // Every pinned CRD, both Gateway API channels.
  const files = pinnedCrdFiles();
  const rules = rulesIn(files);

  test('there are rules to check (both channels, cert-manager, Envoy Gateway, trust-manager)', () => {
    expect(rules.length).toBeGreaterThan(150);
  });

  test('every rule compiles with this environment', () => {
    expect(rules.filter((rule) => compileExpression(rule).error !== undefined)).toEqual([]);
  });

  test('every function they call is standard CEL or in the Kubernetes library implemented here', () => {
    const called = new Set(rules.flatMap((rule) => [...calledFunctions(rule)]));
    const beyondStandard = [...called].filter((name) => !STANDARD_CEL.has(name)).sort();
    expect(beyondStandard).toEqual([...KUBERNETES_LIBRARY_FUNCTIONS].sort());
  });

  test('the scanned CRDs include both Gateway API channels', () => {
    const channels = files.map((file) => /gateway-api-[^/]+\/([^/]+)\//.exec(file)?.[1]).filter(Boolean);
    expect([...new Set(channels)].sort()).toEqual(['experimental', 'standard']);
  });
});

describe('Kubernetes CEL library functions', () => {
  test('upperAscii changes ASCII letters only', () => {
    expect(upperAscii('post-ü-Put')).toBe('POST-ü-PUT');
    expect(evaluateExpression("self.upperAscii() in ['POST','PUT']", { self: 'put' })).toBe(true);
    expect(evaluateExpression("self.upperAscii() in ['POST','PUT']", { self: 'get' })).toBe(false);
  });

  test('split follows Go strings.Split / SplitN', () => {
    expect(split('example.com/key', '/')).toEqual(['example.com', 'key']);
    expect(split('a/b/c', '/', 2)).toEqual(['a', 'b/c']);
    expect(split('a/b/c', '/', 0)).toEqual([]);
    expect(split('a/b/c', '/', -1)).toEqual(['a', 'b', 'c']);
    expect(split('abc', '')).toEqual(['a', 'b', 'c']);
    expect(evaluateExpression("self.all(key, key.split('/')[0].size() < 253)", { self: ['x.io/a', 'b'] })).toBe(true);
    expect(evaluateExpression("'a/b/c'.split('/', 2)[1]", {})).toBe('b/c');
  });

  test('standard functions the CRDs rely on behave as in cel-go', () => {
    expect(evaluateExpression("duration('1h30m') > duration('90m')", {})).toBe(false);
    expect(evaluateExpression("duration('500ms') < duration('1s')", {})).toBe(true);
    expect(evaluateExpression("self.matches('^[a-z]+$')", { self: 'abc' })).toBe(true);
    expect(evaluateExpression('[true, false, true].filter(x, x).size() == 2', {})).toBe(true);
    expect(evaluateExpression('self.exists_one(x, x == 1)', { self: [1n, 2n, 1n] })).toBe(false);
  });

  test('property names are escaped as Kubernetes escapes them', () => {
    expect(escapePropertyName('namespace')).toBe('__namespace__');
    expect(escapePropertyName('x-forwarded.for/a__b')).toBe('x__dash__forwarded__dot__for__slash__a__underscores__b');
    expect(escapePropertyName('9lives')).toBeUndefined();
    const self = toCelValue({ namespace: 'ns', port: 8 }, { type: 'object', properties: { namespace: { type: 'string' }, port: { type: 'integer' } } });
    expect(evaluateExpression("self.__namespace__ == 'ns' && self.port == 8", { self })).toBe(true);
  });

  test('a missing field is a CEL error, not false', () => {
    expect(() => evaluateExpression('self.missing == 1', { self: new Map() })).toThrow(/missing/);
  });
});
