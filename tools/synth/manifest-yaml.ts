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

/**
 * Writes Kubernetes objects as one multi-document YAML stream that kubectl reads back exactly: every string comes
 * back as the same string (numbers in Go syntax, YAML 1.1 booleans, line separators, NEL and byte-order marks are
 * quoted or escaped). Documents are separated by `---` lines, as cdk8s writes them.
 */
export function stringifyManifests(objects: readonly unknown[]): string {
  return objects.map((object) => dump(object, OPTIONS)).join('---\n');
}
