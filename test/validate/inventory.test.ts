// The inventory of upstream rules (tools/validate/inventory/rules.json) against the code and tests that port them,
// and the coverage docs/admission.md states, computed from it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { coverageTable, idsNamedIn, INVENTORY_KINDS, loadInventory } from '../../tools/validate/inventory/inventory';

const ROOT = join(__dirname, '..', '..');
const rules = loadInventory();
const read = (file: string) => readFileSync(join(ROOT, file), 'utf8');

describe('the inventory of upstream rules', () => {
  test('every entry has a unique id, a known kind, its upstream source, a verdict and a status with what it needs', () => {
    const ids = rules.map((rule) => rule.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of rules) {
      expect(rule.id).toMatch(/^[a-z][a-z-]*\.\w+\.\d+$/);
      expect(rule.kinds.every((kind) => (INVENTORY_KINDS as readonly string[]).includes(kind))).toBe(true);
      expect(rule.source).toMatch(/^(kubernetes|apimachinery|cert-manager|trust-manager)@\S+ \S+\.go(:\d+| \(func \w+; line not pinned)/);
      expect(['error', 'warning']).toContain(rule.verdict);
      if (rule.status === 'ported') expect([typeof rule.port, typeof rule.test, rule.reason]).toEqual(['string', 'string', undefined]);
      else expect([rule.status, typeof rule.reason, rule.port]).toEqual(['not-ported', 'string', undefined]);
    }
  });

  test('every kind the validator checks has rules in it', () => {
    for (const kind of INVENTORY_KINDS) expect(rules.filter((rule) => rule.kinds.includes(kind)).length).toBeGreaterThan(0);
  });

  test('every ported rule names a function that exists in its file, and a test file that names the rule\'s id', () => {
    const missing: string[] = [];
    for (const rule of rules.filter((entry) => entry.status === 'ported')) {
      const [file, name] = rule.port!.split('#');
      if (!existsSync(join(ROOT, file)) || !new RegExp(`function ${name}\\(`).test(read(file))) missing.push(`${rule.id}: no function ${rule.port}`);
      if (!existsSync(join(ROOT, rule.test!)) || !idsNamedIn(read(rule.test!)).has(rule.id)) missing.push(`${rule.id}: not named in ${rule.test}`);
    }
    expect(missing).toEqual([]);
  });

  test('ids named in test names read as the inventory reads them', () => {
    expect([...idsNamedIn('core.validateHandler.2 and .4: x; cert-manager.validateKeystores.1, .2 and .3; meta.X.1 with core.Y.2')])
      .toEqual(['core.validateHandler.2', 'core.validateHandler.4', 'cert-manager.validateKeystores.1', 'cert-manager.validateKeystores.2',
        'cert-manager.validateKeystores.3', 'meta.X.1', 'core.Y.2']);
  });

  test('docs/admission.md states the coverage computed from the inventory', () => {
    const docs = read('docs/admission.md');
    const table = /<!-- coverage:start -->\n([^]*?)\n<!-- coverage:end -->/.exec(docs)?.[1];
    expect(table).toBe(coverageTable(rules));
  });
});
