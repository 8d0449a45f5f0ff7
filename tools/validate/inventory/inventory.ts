import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Why a rule is not ported. */
export type NotPortedReason = string;

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
  readonly reason?: NotPortedReason;
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

/** Coverage of the inventory: ported, not portable offline (cluster state), and the total. */
export interface Coverage {
  readonly total: number;
  readonly ported: number;
  readonly clusterState: number;
  readonly percent: number;
}

export function coverage(rules: readonly InventoryEntry[] = loadInventory()): Coverage {
  const ported = rules.filter((rule) => rule.status === 'ported').length;
  const clusterState = rules.filter((rule) => rule.status === 'not-ported' && /cluster state/.test(rule.reason ?? '')).length;
  return { total: rules.length, ported, clusterState, percent: Math.round((ported / rules.length) * 100) };
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
