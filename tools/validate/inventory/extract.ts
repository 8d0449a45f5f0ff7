// Writes tools/validate/inventory/rules.json: one entry per verdict site (a field.Invalid/Required/Forbidden/...
// call, a call into a validator of another package, or a warning appended) in every upstream function reachable
// on create from the roots of the kinds the validator checks. Statuses already in the file are kept by id.
// Usage: tsx tools/validate/inventory/extract.ts <dir holding the upstream files named in SOURCES>
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type InventoryEntry, type InventoryFile, INVENTORY_FILE } from './inventory';

interface Source {
  /** Short name used in ids, e.g. `core`. */
  readonly area: string;
  /** Where the file lives upstream, at its tag: `kubernetes v1.33.3 pkg/apis/core/validation/validation.go`. */
  readonly upstream: string;
  /** The local copy's name below the directory given on the command line. */
  readonly local: string;
}

const SOURCES: readonly Source[] = [
  { area: 'core', upstream: 'kubernetes@v1.33.3 pkg/apis/core/validation/validation.go', local: 'k8s/validation-validation.go' },
  { area: 'meta', upstream: 'apimachinery@v0.33.3 pkg/api/validation/objectmeta.go', local: 'k8s/validation-objectmeta.go' },
  { area: 'service-warnings', upstream: 'kubernetes@v1.33.3 pkg/api/service/warnings.go', local: 'k8s/service-warnings.go' },
  { area: 'cert-manager', upstream: 'cert-manager@v1.21.1 internal/apis/certmanager/validation/certificate.go', local: 'cm/certificate.go' },
  { area: 'cert-manager', upstream: 'cert-manager@v1.21.1 internal/apis/certmanager/validation/issuer.go', local: 'cm/issuer.go' },
  { area: 'cert-manager', upstream: 'cert-manager@v1.21.1 internal/apis/certmanager/validation/clusterissuer.go', local: 'cm/clusterissuer.go' },
  { area: 'trust-manager', upstream: 'trust-manager@v0.24.0 pkg/webhook/validation.go', local: 'tm/validation.go' },
];

/** The functions the API server (or webhook) calls on create, per kind. */
const ROOTS: Readonly<Record<string, readonly string[]>> = {
  'ObjectMeta (every kind)': ['ValidateObjectMeta'],
  'Namespace': ['ValidateNamespace'],
  'ServiceAccount': ['ValidateServiceAccount'],
  'ConfigMap': ['ValidateConfigMap'],
  'Secret': ['ValidateSecret'],
  'Service': ['ValidateService', 'GetWarningsForService'],
  'Deployment': ['ValidatePodTemplateSpec'],
  'Certificate': ['ValidateCertificate'],
  'Issuer': ['ValidateIssuer'],
  'ClusterIssuer': ['ValidateClusterIssuer'],
  'Bundle': ['validate'],
};

/** Update, status and resize paths never run on create. */
const CREATE_ONLY = (name: string) => !/Updates?$|Update(Spec|Status)|Status$|StatusUpdate|Resize|ValidateImmutable/.test(name);

const SITE = /\bfield\.(Invalid|Required|Forbidden|NotSupported|Duplicate|TooLong|TooLongMaxLength|TooMany|NotFound|TypeInvalid)\(|warnings = append\(warnings,/;
const EXTERNAL = /\b(metav1validation|unversionedvalidation|validation|apimachineryvalidation|apivalidation|metavalidation)\.(Validate\w+)\(/;

interface GoFunction { readonly name: string; readonly source: Source; readonly start: number; readonly lines: readonly string[] }

function functionsOf(source: Source, dir: string): GoFunction[] {
  const lines = readFileSync(join(dir, source.local), 'utf8').split('\n');
  const functions: GoFunction[] = [];
  lines.forEach((line, index) => {
    const match = /^func (?:\([^)]*\)\s*)?(\w+)\(/.exec(line);
    if (!match) return;
    const end = lines.findIndex((text, at) => at > index && text === '}');
    functions.push({ name: match[1], source, start: index + 1, lines: lines.slice(index, end + 1) });
  });
  return functions;
}

/** The call text from a site's line until its parentheses balance (at most 8 lines). */
function callText(lines: readonly string[], at: number): string {
  let text = '';
  for (let index = at; index < Math.min(lines.length, at + 8); index++) {
    text += ` ${lines[index].trim()}`;
    const opened = (text.match(/\(/g) ?? []).length;
    if (opened > 0 && opened <= (text.match(/\)/g) ?? []).length) break;
  }
  return text.trim().replace(/^(el|allErrs|errs|warnings) = append\(\1, /, '').replace(/^(el|allErrs), warnings = /, '');
}

function main(dir: string): void {
  const functions = SOURCES.flatMap((source) => functionsOf(source, dir));
  const byName = new Map<string, GoFunction[]>();
  for (const fn of functions) byName.set(fn.name, [...(byName.get(fn.name) ?? []), fn]);
  const kindsOf = new Map<GoFunction, Set<string>>();
  for (const [kind, roots] of Object.entries(ROOTS)) {
    const queue = roots.flatMap((root) => byName.get(root) ?? []);
    if (queue.length === 0) throw new Error(`root ${roots.join(', ')} of ${kind} not found`);
    const seen = new Set<GoFunction>();
    while (queue.length > 0) {
      const fn = queue.pop()!;
      if (seen.has(fn) || !CREATE_ONLY(fn.name)) continue;
      seen.add(fn);
      kindsOf.set(fn, new Set([...(kindsOf.get(fn) ?? []), kind]));
      for (const line of fn.lines.slice(1)) {
        for (const call of line.matchAll(/\b(\w+)\(/g)) queue.push(...(byName.get(call[1]) ?? []).filter((callee) => callee !== fn));
      }
    }
  }
  const previous = existsSync(INVENTORY_FILE) ? (JSON.parse(readFileSync(INVENTORY_FILE, 'utf8')) as InventoryFile).rules : [];
  const kept = new Map(previous.map((entry) => [entry.id, entry]));
  const rules: InventoryEntry[] = [];
  for (const [fn, kinds] of kindsOf) {
    let ordinal = 0;
    fn.lines.forEach((line, offset) => {
      if (offset === 0 || /^\s*\/\//.test(line)) return;
      const external = EXTERNAL.exec(line);
      const site = SITE.exec(line);
      if (!site && !(external && !byName.has(external[2]))) return;
      ordinal += 1;
      const id = `${fn.source.area}.${fn.name}.${ordinal}`;
      const old = kept.get(id);
      const verdict = site?.[0].startsWith('warnings') ? 'warning' : 'error';
      rules.push({
        id, kinds: [...kinds].sort(), rule: callText(fn.lines, offset), function: fn.name,
        source: `${fn.source.upstream}:${fn.start + offset}`, verdict,
        status: old?.status ?? 'not-ported', ...(old?.test ? { test: old.test } : {}), ...(old?.port ? { port: old.port } : {}),
        ...(old?.reason ? { reason: old.reason } : { reason: 'not yet ported' }),
      });
    });
  }
  const manual = previous.filter((entry) => entry.manual);
  const file: InventoryFile = { comment: 'Generated by tools/validate/inventory/extract.ts; statuses and manual entries are kept by id.', rules: [...rules, ...manual] };
  writeFileSync(INVENTORY_FILE, `${JSON.stringify(file, null, 1)}\n`);
  process.stdout.write(`${rules.length} generated + ${manual.length} manual rules\n`);
}

main(process.argv[2] ?? '/tmp/up');
