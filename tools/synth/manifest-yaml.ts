import { Yaml } from 'cdk8s';

/** Strings that are plain scalars under YAML 1.1 without asking the yaml library: no quoting, no type clash. */
const PLAIN = /^[A-Za-z][A-Za-z0-9._/-]*$/;
/** YAML 1.1 booleans and nulls that PLAIN would otherwise admit (checked case-insensitively, which is stricter). */
const RESERVED = new Set(['y', 'n', 'yes', 'no', 'on', 'off', 'true', 'false', 'null']);
/** YAML 1.1 floats may omit the mantissa: `e5` is a number. */
const EXPONENT = /^[eE][-+]?[0-9]+$/;

/** A document holds something only the yaml library renders right: a block scalar, an alias, a non-object root. */
class NeedsLibrary extends Error {}

/**
 * Writes manifests as multi-document YAML, byte for byte what cdk8s' `Yaml.stringify` writes, in a fraction of
 * the time. Every scalar whose rendering is not obvious (quoted, numeric-looking, multi-line) is rendered once by
 * the same yaml library and options cdk8s uses, and a document that needs more than single-line scalars (a block
 * scalar such as a ConfigMap's file, a shared object that yaml would alias) is handed to `Yaml.stringify` whole.
 */
export function stringifyManifests(docs: readonly unknown[]): string {
  const writer = new ManifestYamlWriter();
  return docs.map((doc) => writer.document(doc)).join('---\n');
}

class ManifestYamlWriter {
  private readonly values = new Map<string, string>();
  private readonly keys = new Map<string, string>();
  private seen = new Set<object>();
  private lines: string[] = [];

  public document(doc: unknown): string {
    if (doc === undefined) return '\n';
    if (!isPlainObject(doc) || Object.keys(doc).length === 0) return Yaml.stringify(doc);
    this.seen = new Set();
    this.lines = [];
    try {
      this.map(doc, '', '');
    } catch (error) {
      if (error instanceof NeedsLibrary) return Yaml.stringify(doc);
      throw error;
    }
    return `${this.lines.join('\n')}\n`;
  }

  /** A non-empty map; its first line starts with `first` (a sequence dash or nothing), the rest with `indent`. */
  private map(object: Record<string, unknown>, first: string, indent: string): void {
    this.visit(object);
    let prefix = first;
    for (const [key, value] of Object.entries(object)) {
      const head = `${prefix}${this.key(key)}:`;
      prefix = indent;
      this.value(value, head, indent);
    }
  }

  private sequence(items: readonly unknown[], first: string, indent: string): void {
    this.visit(items);
    let prefix = first;
    for (const item of items) {
      this.value(item, `${prefix}-`, `${indent}  `);
      prefix = indent;
    }
  }

  /** A value after `head` (a key and its colon, or a dash); nested blocks indent under it by `indent` plus two. */
  private value(value: unknown, head: string, indent: string): void {
    const inSequence = head.endsWith('-');
    if (Array.isArray(value)) {
      if (value.length === 0) this.lines.push(`${head} []`);
      else if (inSequence) this.sequence(value, `${head} `, indent);
      else {
        this.lines.push(head);
        this.sequence(value, `${indent}  `, `${indent}  `);
      }
    } else if (isPlainObject(value)) {
      if (Object.keys(value).length === 0) this.lines.push(`${head} {}`);
      else if (inSequence) this.map(value, `${head} `, indent);
      else {
        this.lines.push(head);
        this.map(value, `${indent}  `, `${indent}  `);
      }
    } else {
      this.lines.push(`${head} ${this.scalar(value)}`);
    }
  }

  private scalar(value: unknown): string {
    if (typeof value === 'string') {
      if (isBare(value)) return value;
      let rendered = this.values.get(value);
      if (rendered === undefined) {
        rendered = renderedValue(value);
        this.values.set(value, rendered);
      }
      return rendered;
    }
    if (typeof value === 'number' && Number.isSafeInteger(value) && !Object.is(value, -0)) return String(value);
    if (typeof value === 'boolean') return String(value);
    if (value === null) return 'null';
    return renderedValue(value);
  }

  private key(key: string): string {
    if (isBare(key)) return key;
    let rendered = this.keys.get(key);
    if (rendered === undefined) {
      const text = Yaml.stringify({ [key]: 0 });
      if (!text.endsWith(': 0\n') || text.indexOf('\n') !== text.length - 1) throw new NeedsLibrary();
      rendered = text.slice(0, -': 0\n'.length);
      this.keys.set(key, rendered);
    }
    return rendered;
  }

  /** yaml aliases an object it meets twice in one document; leave that to yaml. */
  private visit(node: object): void {
    if (this.seen.has(node)) throw new NeedsLibrary();
    this.seen.add(node);
  }
}

/** A string yaml writes as it is, decided without asking yaml (test/synth holds this against yaml itself). */
function isBare(text: string): boolean {
  return PLAIN.test(text) && !RESERVED.has(text.toLowerCase()) && !EXPONENT.test(text);
}

/** How cdk8s' yaml renders a scalar as a map value, if that fits on the line. */
function renderedValue(value: unknown): string {
  const text = Yaml.stringify({ k: value });
  if (!text.startsWith('k: ') || text.indexOf('\n') !== text.length - 1) throw new NeedsLibrary();
  return text.slice('k: '.length, -1);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}
