// The seeded mutations of test/validate/differential.test.ts: every served version of every pinned CRD kind, mutated
// many ways, judged by the validator and by an independent structural reference (ajv, ./reference.ts). Plain data in
// and out, so the test runs it in a worker thread (test/support/worker.ts).
import { Validator, type CrdVersion, type StructuralSchema } from '../../tools/validate';
import { isRecord } from '../../tools/validate/problem';
import { seeded } from '../support/seeded';
import { validExamples } from './examples';
import { StructuralReference } from './reference';

type Schema = StructuralSchema;
const STRINGS = ['', 'a', 'A', 'a b', '-a-', '0o17', '/x', '1s', '10m', 'example.com', '*.example.com', '10.0.0.1', 'a'.repeat(254), 'http://x', 'Secret', 'v1'];
const NUMBERS = [-1, 0, 1, 2, 443, 65535, 65536, 2 ** 31, 1.5];

/** A small value the schema accepts where that is easy to see (required fields, enums, bounds). */
function sample(schema: Schema | undefined, depth = 0): unknown {
  if (!schema || depth > 8) return {};
  if (schema.enum?.length) return schema.enum[0];
  if (schema['x-kubernetes-int-or-string']) return 1;
  switch (schema.type) {
    case 'string': {
      const candidates = ['a', 'example.com', '/a', '1s', 'a-b', 'A', 'http://a', '10.0.0.1'];
      const fits = candidates.find((candidate) => (!schema.pattern || new RegExp(schema.pattern, 'u').test(candidate))
        && candidate.length >= (schema.minLength ?? 0) && candidate.length <= (schema.maxLength ?? Infinity));
      return fits ?? 'a';
    }
    case 'integer': case 'number': return Math.max(schema.minimum ?? 1, 1);
    case 'boolean': return false;
    case 'array': return Array.from({ length: schema.minItems ?? 0 }, () => sample(schema.items, depth + 1));
    default: {
      const object: Record<string, unknown> = {};
      for (const key of schema.required ?? []) object[key] = sample(schema.properties?.[key], depth + 1);
      return object;
    }
  }
}

function childSchema(schema: Schema | undefined, key: string): Schema | undefined {
  return schema?.properties?.[key] ?? (typeof schema?.additionalProperties === 'object' ? schema.additionalProperties : undefined);
}

/** Applies one seeded mutation somewhere in `root` (changed in place). */
function mutate(root: Record<string, unknown>, schema: Schema, next: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  let parent: Record<string, unknown> | unknown[] = root;
  let key: string | number = 'spec';
  let node: Schema | undefined = schema.properties?.spec;
  let path = 'spec';
  if (root.spec === undefined) root.spec = sample(node);
  while (next() < 0.75) {
    const value: unknown = (parent as any)[key];
    if (Array.isArray(value) && value.length > 0) {
      key = Math.floor(next() * value.length);
      parent = value;
      node = node?.items;
    } else if (isRecord(value)) {
      const absent = Object.keys(node?.properties ?? {}).filter((name) => value[name] === undefined);
      const present = Object.keys(value);
      const name = absent.length > 0 && (present.length === 0 || next() < 0.3) ? pick(absent) : present.length > 0 ? pick(present) : undefined;
      if (name === undefined) break;
      if (value[name] === undefined) value[name] = sample(childSchema(node, name));
      parent = value;
      node = childSchema(node, name);
      key = name;
    } else {break;}
    path += typeof key === 'number' ? `[${key}]` : `.${key}`;
  }
  const target = parent as any;
  const current = target[key];
  const operations: Array<[string, () => void]> = [
    ['wrong type', () => { target[key] = pick([1, 1.5, 'x', true, {}, [], null].filter((candidate) => typeof candidate !== typeof current)); }],
    ['string', () => { target[key] = pick(STRINGS); }],
    ['number', () => { target[key] = pick([...NUMBERS, (node?.minimum ?? 0) - 1, (node?.maximum ?? 0) + 1]); }],
  ];
  if (node?.enum?.length) operations.push(['not in enum', () => { target[key] = `${String(pick(node!.enum!))}x`; }]);
  if (isRecord(current)) {
    operations.push(['unknown field', () => { current.unknownField = 'x'; }]);
    if (Object.keys(current).length > 0) operations.push(['delete a field', () => { delete current[pick(Object.keys(current))]; }]);
  }
  if (Array.isArray(current)) {
    if (current.length > 0) operations.push(['duplicate an item', () => { current.push(structuredClone(current[0])); }]);
    operations.push(['empty list', () => { target[key] = []; }], ['add an item', () => { current.push(sample(node?.items)); }]);
  }
  const [name, apply] = pick(operations);
  apply();
  return `${name} at ${path}`;
}

function baseObject(version: CrdVersion): Record<string, unknown> {
  const apiVersion = `${version.group}/${version.version}`;
  const example = Object.values(validExamples).find((object) => object.kind === version.kind && object.apiVersion === apiVersion);
  if (example) return structuredClone(example);
  const metadata = version.namespaced ? { name: 'sample', namespace: 'backend-mtls' } : { name: 'sample' };
  return { apiVersion, kind: version.kind, metadata, spec: sample(version.schema.properties?.spec) };
}

/** What the validator and the reference made of one channel's mutations. */
export interface ChannelVerdicts {
  readonly channel: 'standard' | 'experimental';
  /** How many served CRD versions were mutated. */
  readonly versions: number;
  /** Mutations the validator accepted and the reference rejected, each with the kind, version, mutation and spec. */
  readonly falseAccepts: readonly string[];
  readonly tally: { readonly bothAccept: number; readonly bothReject: number; readonly onlyValidatorRejects: number };
}

/** Each channel's served CRD versions, `mutationsPerVersion` seeded mutations each (seed `seed`, then `seed + 1`), judged by both. */
export function judgeMutations(seed: number, mutationsPerVersion: number): ChannelVerdicts[] {
  return (['standard', 'experimental'] as const).map((channel) => {
    const validator = Validator.fromPinnedCrds({ channel });
    const versions = validator.catalog.allVersions().filter((version) => version.served);
    const next = seeded(seed + (channel === 'standard' ? 0 : 1));
    const falseAccepts: string[] = [];
    const tally = { bothAccept: 0, bothReject: 0, onlyValidatorRejects: 0 };
    for (const version of versions) {
      const reference = new StructuralReference(version.schema as Record<string, any>, version.statusSubresource);
      const base = baseObject(version);
      for (let i = 0; i < mutationsPerVersion; i++) {
        const object = structuredClone(base);
        const mutation = mutate(object, version.schema, next);
        const accepted = validator.validate([object]).every((problem) => problem.warning);
        const referenceAccepts = reference.accepts(structuredClone(object));
        if (accepted && !referenceAccepts) falseAccepts.push(`${version.kind} ${version.version}: ${mutation}: ${JSON.stringify(object.spec).slice(0, 300)}`);
        else if (accepted) tally.bothAccept += 1;
        else if (referenceAccepts) tally.onlyValidatorRejects += 1;
        else tally.bothReject += 1;
      }
    }
    return { channel, versions: versions.length, falseAccepts, tally };
  });
}
