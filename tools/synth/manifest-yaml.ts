import { DEFAULT_SCALAR_STYLE_RULES, dump, SCALAR_STYLE, ScalarLayout } from 'js-yaml';

// What kubectl's reader (gopkg.in/yaml.v2 resolve.go under sigs.k8s.io/yaml) takes for a number in a plain scalar
// that starts with a digit or a sign: Go's strconv syntax once every '_' is removed, so 0o17, 0O17, 0B101, 0X1F,
// 1_000 and 012 are numbers there, though neither YAML 1.1 nor 1.2 reads all of them so.
const GO_INT = /^[-+]?(?:0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|[0-9]+)$/;
const GO_FLOAT = /^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?$/;

/** Double-quotes a string written plain (key or value) that kubectl's reader would take for a number. */
function quoteGoNumbers(layout: ScalarLayout): void {
  const value = layout.node.value;
  const isString = layout.node.tag === layout.presenterOptions.schema.defaultScalarTag.tagName;
  if (layout.style !== SCALAR_STYLE.PLAIN || !isString || !/^[-+0-9]/.test(value)) return;
  const plain = value.replace(/_/g, '');
  if (GO_INT.test(plain) || GO_FLOAT.test(plain)) layout.style = SCALAR_STYLE.DOUBLE_QUOTED;
}

// js-yaml's presenter with the bytes cdk8s' Yaml.stringify writes for Kubernetes objects (block style, no line
// folding, no anchors, double quotes), plus the one rule kubectl's reader needs beyond YAML 1.1 and 1.2.
const OPTIONS = {
  lineWidth: -1,
  noRefs: true,
  quoteStyle: 'double',
  scalarStyleRules: [quoteGoNumbers, ...Object.values(DEFAULT_SCALAR_STYLE_RULES)],
} as const;

// Names, kinds, API versions, images and paths: plain in every YAML reader unless they are one of the words below.
const PLAIN = /^[A-Za-z][-A-Za-z0-9]*(?:[./][A-Za-z0-9][-A-Za-z0-9]*)*$/;
const WORDS = /^(?:y|yes|n|no|on|off|true|false|null|nan|inf|e[0-9].*)$/i;
// js-yaml writes a key longer than this as an explicit `? key` entry; such documents go to js-yaml whole.
const MAX_INLINE_KEY = 1000;

/** Thrown where a document holds something only js-yaml writes (nested sequences, long keys, kept trailing lines). */
const FALLBACK = Symbol('written by js-yaml');

/** A scalar as js-yaml writes it: one line, or a block scalar's header and its lines (indented by two). */
type Scalar = string | { readonly header: string; readonly lines: readonly string[] };

/**
 * Writes the bytes js-yaml's `dump(object, OPTIONS)` writes, for the shapes Kubernetes objects take: block mappings
 * and sequences of scalars or mappings. Each distinct scalar is rendered once by js-yaml itself (so its quoting and
 * escaping decide), except names that are plain in every reader; anything else sends the document to js-yaml whole.
 */
class DocumentWriter {
  private readonly scalars = new Map<unknown, Scalar>();
  private readonly keys = new Map<string, string>();
  private out: string[] = [];

  public write(object: unknown): string {
    const keys = isMapping(object) ? Object.keys(object) : [];
    if (keys.length === 0) return dump(object, OPTIONS);
    this.out = [];
    try {
      this.mapping(object as Record<string, unknown>, keys, '', '');
      return this.out.join('');
    } catch (error) {
      if (error !== FALLBACK) throw error;
      return dump(object, OPTIONS);
    }
  }

  /** A non-empty mapping (with its `keys`) at `indent`; its first line starts with `lead` (a sequence item's `- `) instead. */
  private mapping(map: Record<string, unknown>, keys: readonly string[], indent: string, lead: string): void {
    let first = true;
    for (const key of keys) {
      const prefix = `${first ? lead || indent : indent}${this.key(key)}:`;
      first = false;
      this.value(map[key], prefix, indent);
    }
  }

  /** A value after `prefix` (`key:` or `-`), its nested lines below `indent`. */
  private value(value: unknown, prefix: string, indent: string): void {
    const inner = `${indent}  `;
    if (Array.isArray(value)) {
      if (value.length === 0) {
        this.out.push(`${prefix} []\n`);
        return;
      }
      this.out.push(`${prefix}\n`);
      for (const item of value) this.item(item, inner);
    } else if (isMapping(value)) {
      const keys = Object.keys(value);
      if (keys.length === 0) {
        this.out.push(`${prefix} {}\n`);
        return;
      }
      this.out.push(`${prefix}\n`);
      this.mapping(value, keys, inner, '');
    } else {
      const scalar = this.scalar(value);
      if (typeof scalar === 'string') {
        this.out.push(`${prefix} ${scalar}\n`);
        return;
      }
      this.out.push(`${prefix} ${scalar.header}\n`);
      for (const line of scalar.lines) this.out.push(line === '' ? '\n' : `${indent}${line}\n`);
    }
  }

  /** A sequence item at `indent`. */
  private item(item: unknown, indent: string): void {
    const keys = isMapping(item) ? Object.keys(item) : [];
    if (keys.length > 0) {
      this.mapping(item as Record<string, unknown>, keys, `${indent}  `, `${indent}- `);
    } else if (Array.isArray(item) && item.length > 0) {
      throw FALLBACK;
    } else {
      this.value(item, `${indent}-`, indent);
    }
  }

  private key(key: string): string {
    // Keys repeat in every object (apiVersion, kind, metadata, name): each distinct key is looked at once.
    let written = this.keys.get(key);
    if (written === undefined) {
      written = writtenKey(key);
      this.keys.set(key, written);
    }
    return written;
  }

  private scalar(value: unknown): Scalar {
    if (typeof value === 'string' ? PLAIN.test(value) && !WORDS.test(value) : Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    if (typeof value === 'boolean' || value === null) return String(value);
    if (typeof value !== 'string' && typeof value !== 'number') throw FALLBACK;
    let scalar = this.scalars.get(value);
    if (scalar === undefined) {
      // As js-yaml writes the value of a nested entry: a top-level scalar is quoted and indented differently.
      const lines = dump({ k: value }, OPTIONS).split('\n');
      lines.pop();
      // A block scalar that keeps its trailing line breaks is followed by `...` when it ends the document.
      if (lines[lines.length - 1] === '...') throw FALLBACK;
      const first = lines[0].slice('k: '.length);
      scalar = lines.length === 1 ? first : { header: first, lines: lines.slice(1) };
      this.scalars.set(value, scalar);
    }
    return scalar;
  }
}

/** A key as js-yaml writes it in a nested entry; a key js-yaml would write as an explicit `? key` entry is left to js-yaml. */
function writtenKey(key: string): string {
  if (key.length > MAX_INLINE_KEY) throw FALLBACK;
  if (PLAIN.test(key) && !WORDS.test(key)) return key;
  const entry = dump({ [key]: 0 }, OPTIONS);
  if (entry.startsWith('? ') || !entry.endsWith(': 0\n') || entry.indexOf('\n') !== entry.length - 1) throw FALLBACK;
  return entry.slice(0, -': 0\n'.length);
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

/**
 * Writes Kubernetes objects as one multi-document YAML stream that kubectl reads back exactly: every string comes
 * back as the same string (numbers in Go syntax, YAML 1.1 booleans, line separators, NEL and byte-order marks are
 * quoted or escaped). The bytes are js-yaml's `dump` with the options above; documents are separated by `---` lines,
 * as cdk8s writes them.
 */
export function stringifyManifests(objects: readonly unknown[]): string {
  const writer = new DocumentWriter();
  return objects.map((object) => writer.write(object)).join('---\n');
}

/** What {@link stringifyManifests} writes, through js-yaml alone: the reference its faster path is held to. */
export function stringifyManifestsWithJsYaml(objects: readonly unknown[]): string {
  return objects.map((object) => dump(object, OPTIONS)).join('---\n');
}
