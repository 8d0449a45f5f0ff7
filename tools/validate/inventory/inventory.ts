import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** One verdict site of an upstream validation function (see rules.json). */
export interface InventoryEntry {
  /** `<area>.<function>.<n>`: the n-th verdict site of the function at the pinned tag. */
  readonly id: string;
  /** The kinds whose create path reaches the rule. */
  readonly kinds: readonly string[];
  /** The upstream call that gives the verdict. */
  readonly rule: string;
  readonly function: string;
  /** `<project>@<tag> <path>:<line>`. */
  readonly source: string;
  readonly verdict: 'error' | 'warning';
  readonly status: 'ported' | 'not-ported';
  /** For a ported rule: `tools/validate/<file>.ts#<function>` that makes the check. */
  readonly port?: string;
  /** For a ported rule: the test file that names the id. */
  readonly test?: string;
  /** For a rule not ported: why (needs cluster state, feature gate off by default, ...). */
  readonly reason?: string;
  /** Written by hand (a file whose copy at the tag was not at hand for the extractor). */
  readonly manual?: boolean;
}

export interface InventoryFile {
  readonly comment: string;
  readonly rules: readonly InventoryEntry[];
}

export const INVENTORY_FILE = join(__dirname, 'rules.json');

/** The checked-in inventory. */
export function loadInventory(): readonly InventoryEntry[] {
  return (JSON.parse(readFileSync(INVENTORY_FILE, 'utf8')) as InventoryFile).rules;
}

/**
 * The inventory ids a text names, reading the shorthand tests use: `core.validateHandler.2 and .4` names
 * core.validateHandler.2 and core.validateHandler.4; `cert-manager.validateKeystores.1, .2 and .3` three ids.
 */
export function idsNamedIn(text: string): Set<string> {
  const ids = new Set<string>();
  for (const match of text.matchAll(/\b([a-z][a-z-]*\.\w+)\.(\d+)((?:(?:,| and|, and) \.\d+\b)*)/g)) {
    ids.add(`${match[1]}.${match[2]}`);
    for (const more of match[3].matchAll(/\.(\d+)/g)) ids.add(`${match[1]}.${more[1]}`);
  }
  return ids;
}

/** The kinds the validator checks, in the order docs/admission.md lists them. */
export const INVENTORY_KINDS = ['ObjectMeta (every kind)', 'Namespace', 'ServiceAccount', 'ConfigMap', 'Secret', 'Service', 'Deployment', 'NetworkPolicy',
  'PodDisruptionBudget', 'Certificate', 'Issuer', 'ClusterIssuer', 'Bundle'] as const;

/** The coverage table of docs/admission.md: per kind, rules, ported, not portable offline or unreachable, not yet ported. */
export function coverageTable(rules: readonly InventoryEntry[] = loadInventory()): string {
  const settled = (rule: InventoryEntry) => rule.status === 'not-ported' && rule.reason !== 'not yet ported';
  const row = (label: string, subset: readonly InventoryEntry[]) => {
    const ported = subset.filter((rule) => rule.status === 'ported').length;
    const other = subset.filter(settled).length;
    const percent = Math.round((ported / subset.length) * 100);
    return `| ${label} | ${subset.length} | ${ported} (${percent}%) | ${other} | ${subset.length - ported - other} |`;
  };
  return [
    '| kind | rules | ported | not ported, for a stated reason | not yet ported |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...INVENTORY_KINDS.map((kind) => row(kind, rules.filter((rule) => rule.kinds.includes(kind)))),
    row('all (each rule once)', rules),
  ].join('\n');
}
