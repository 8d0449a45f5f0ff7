import { isDeepStrictEqual } from 'node:util';
import { stringifyManifests, stringifyManifestsWithJsYaml } from '../../tools/synth/manifest-yaml';
import { readAsKubectl } from './kubectl-reader';
import { YAML_SPECIALS, yamlHostileStrings } from './yaml-strings';

/**
 * The documents whose read-back by kubectl's reader from `written` differs from what was written, each with the string
 * that went in; a stream read back as another number of documents is a difference too.
 */
export function misread(values: readonly string[], documents: readonly unknown[], written = stringifyManifests(documents)): string[] {
  const read = readAsKubectl(written);
  const count = read.length === documents.length ? [] : [`kubectl read ${read.length} documents of the ${documents.length} written`];
  return [...count, ...documents.flatMap((document, index) => {
    const back = read[index];
    const same = back !== undefined && 'json' in back && isDeepStrictEqual(back.json, document);
    return same ? [] : [`${JSON.stringify(values[index])}: ${back === undefined ? 'missing' : 'error' in back ? back.error : JSON.stringify(back.json)}`];
  })];
}

/**
 * An object carrying `value` as a key and as a value where manifests hold user text: labels, annotations, data, env
 * values, nested mappings and sequences. Every 50th also nests a sequence in a sequence, which only js-yaml writes.
 */
export const carrying = (value: string, index: number) => ({
  apiVersion: 'v1',
  kind: 'ConfigMap',
  metadata: { name: 'fuzz', labels: { [value]: value }, annotations: { [value]: value } },
  data: { [value]: value },
  spec: { containers: [{ env: [{ name: 'VALUE', value }], ports: [{ containerPort: 8443, [value]: index % 50 === 0 ? [value, [value], {}, []] : [value, {}, []] }] }], numbers: [-1, 0.5, -0, 1e21, true, null] },
});

/** What {@link seededRoundTrip} found. */
export interface SeededRoundTrip {
  /** How many documents were written and read back. */
  readonly documents: number;
  /** The first strings of the seeded sequence, as many as there are YAML_SPECIALS. */
  readonly leading: readonly string[];
  readonly misread: readonly string[];
  /** Whether stringifyManifests wrote the bytes js-yaml alone writes. */
  readonly writtenAsJsYaml: boolean;
}

/**
 * `count` seeded hostile strings, each carried by one document, written by stringifyManifests in one stream and read
 * back by kubectl's reader. Plain data in and out, so a test can run it in a worker thread (test/support/worker.ts).
 */
export function seededRoundTrip(seed: number, count: number): SeededRoundTrip {
  const values = yamlHostileStrings(seed, count);
  const documents = values.map(carrying);
  const written = stringifyManifests(documents);
  return {
    documents: documents.length,
    leading: values.slice(0, YAML_SPECIALS.length),
    misread: misread(values, documents, written),
    writtenAsJsYaml: written === stringifyManifestsWithJsYaml(documents),
  };
}
