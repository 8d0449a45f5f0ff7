import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { defineScalarTag, FAILSAFE_SCHEMA, loadAll, mergeTag, NOT_RESOLVED } from 'js-yaml';

/** The objects of one manifest file. */
export interface ManifestFile {
  readonly file: string;
  readonly objects: unknown[];
}

function manifestFiles(path: string): string[] {
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((entry) => {
      const child = join(path, entry.name);
      if (entry.isDirectory()) return manifestFiles(child);
      return /\.(ya?ml|json)$/.test(entry.name) ? [child] : [];
    });
}

// kubectl turns YAML into JSON with sigs.k8s.io/yaml, whose go-yaml v2 resolves plain scalars by YAML 1.1 rules
// as Go implements them (goyaml.v2/resolve.go `resolve`): the tags below mirror that function, not the YAML 1.1 spec.
const GO_YAML_BOOLS: Readonly<Record<string, boolean>> = Object.fromEntries([
  ...['y', 'Y', 'yes', 'Yes', 'YES', 'true', 'True', 'TRUE', 'on', 'On', 'ON'].map((word) => [word, true]),
  ...['n', 'N', 'no', 'No', 'NO', 'false', 'False', 'FALSE', 'off', 'Off', 'OFF'].map((word) => [word, false]),
]);
const GO_YAML_NULLS = new Set(['', '~', 'null', 'Null', 'NULL']);
const GO_YAML_SPECIAL_FLOATS: Readonly<Record<string, number>> = Object.fromEntries([
  ...['.nan', '.NaN', '.NAN'].map((word) => [word, NaN]),
  ...['.inf', '.Inf', '.INF', '+.inf', '+.Inf', '+.INF'].map((word) => [word, Infinity]),
  ...['-.inf', '-.Inf', '-.INF'].map((word) => [word, -Infinity]),
]);
// Go's strconv.ParseInt(s, 0, 64) (and ParseUint) after go-yaml removed every '_': a sign, then 0x, 0o, 0b or a
// leading 0 (octal), else decimal.
const GO_INTEGER = /^[-+]?(0[xX][0-9a-fA-F]+|0[oO]?[0-7]+|0[bB][01]+|[1-9][0-9]*|0)$/;
const YAML_STYLE_FLOAT = /^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$/;
const SIGN_OR_DIGIT = ['+', '-', '0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

function goInteger(plain: string): number {
  const negative = plain.startsWith('-');
  const digits = plain.replace(/^[-+]/, '');
  const prefix = digits.slice(0, 2).toLowerCase();
  let magnitude: number;
  if (prefix === '0x' || prefix === '0o' || prefix === '0b') magnitude = Number(`0${prefix[1]}${digits.slice(2)}`);
  else if (digits.length > 1 && digits.startsWith('0')) magnitude = parseInt(digits, 8);
  else magnitude = Number(digits);
  return negative ? -magnitude : magnitude;
}

/** go-yaml v2's numbers: a plain scalar starting with a sign or a digit that Go parses as an integer or a float. */
function goNumber(source: string): number | typeof NOT_RESOLVED {
  const plain = source.replace(/_/g, '');
  if (GO_INTEGER.test(plain)) return goInteger(plain);
  if (YAML_STYLE_FLOAT.test(plain)) return Number(plain);
  return NOT_RESOLVED;
}

const KUBECTL_TAGS = [
  defineScalarTag('tag:yaml.org,2002:null', {
    implicit: true, implicitFirstChars: ['', '~', 'n', 'N'],
    resolve: (source) => (GO_YAML_NULLS.has(source) ? null : NOT_RESOLVED), identify: (data) => data === null,
  }),
  defineScalarTag('tag:yaml.org,2002:bool', {
    implicit: true, implicitFirstChars: ['y', 'Y', 'n', 'N', 't', 'T', 'f', 'F', 'o', 'O'],
    resolve: (source) => GO_YAML_BOOLS[source] ?? NOT_RESOLVED, identify: (data) => typeof data === 'boolean',
  }),
  defineScalarTag('tag:yaml.org,2002:float', {
    implicit: true, implicitFirstChars: ['.', '+', '-'],
    resolve: (source) => {
      if (source in GO_YAML_SPECIAL_FLOATS) return GO_YAML_SPECIAL_FLOATS[source];
      return /^\.[0-9]+([eE][-+]?[0-9]+)?$/.test(source) ? Number(source) : NOT_RESOLVED;
    },
    identify: (data) => typeof data === 'number' && !Number.isInteger(data),
  }),
  defineScalarTag('tag:yaml.org,2002:int', {
    implicit: true, implicitFirstChars: SIGN_OR_DIGIT,
    resolve: goNumber, identify: (data) => typeof data === 'number' && Number.isInteger(data),
  }),
  mergeTag,
];

/** Plain scalars as kubectl reads them (see KUBECTL_TAGS); quoted scalars and unresolved plain ones are strings. */
const KUBECTL_YAML_SCHEMA = FAILSAFE_SCHEMA.withTags(...KUBECTL_TAGS);

/**
 * Parses every document of a YAML (or JSON) text as kubectl does, skipping empty ones; throws naming the file on
 * invalid YAML. kubectl reads YAML 1.1 scalars (`on` and `yes` are booleans, `0o17` and `017` the integer 15,
 * dates stay strings), so a manifest is checked as the API server receives it.
 */
export function parseYamlDocuments(text: string, file: string): unknown[] {
  try {
    return loadAll(text, { schema: KUBECTL_YAML_SCHEMA, filename: file }).filter((document) => document !== null && document !== undefined);
  } catch (error) {
    throw new Error(`${file}: not valid YAML: ${(error as Error).message}`);
  }
}

/**
 * Reads every YAML/JSON manifest in the given files and folders (folders recursively), skipping empty
 * documents. Throws on a path that does not exist or a document that is not valid YAML.
 */
export function readManifests(paths: readonly string[]): ManifestFile[] {
  return paths.flatMap(manifestFiles).map((file) => ({ file, objects: parseYamlDocuments(readFileSync(file, 'utf8'), file) }));
}
