import { isDeepStrictEqual } from 'node:util';

/** Lookups over synthesized manifests, so tests assert the rendered output rather than construct internals. */
export type Manifest = Record<string, any>;

/** Every object of a kind. */
export function all(manifests: readonly Manifest[], kind: string): any[] {
  return manifests.filter((manifest) => manifest.kind === kind);
}

/** The one object of a kind (and name, and namespace, when given); fails the test when it is missing or repeated. */
export function one(manifests: readonly Manifest[], kind: string, name?: string, namespace?: string): any {
  const found = all(manifests, kind).filter((manifest) => (name === undefined || manifest.metadata.name === name)
    && (namespace === undefined || manifest.metadata.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${namespace ?? '*'}/${name}` : ''}, found ${found.length}`);
  return found[0];
}

/** The Certificate that writes the given Secret in the given namespace. */
export function certificateForSecret(manifests: Manifest[], secretName: string, namespace: string): Manifest {
  const found = all(manifests, 'Certificate').filter((cert) => cert.spec.secretName === secretName && cert.metadata.namespace === namespace);
  if (found.length !== 1) throw new Error(`expected one Certificate writing Secret ${namespace}/${secretName}, found ${found.length}`);
  return found[0];
}

/** The CA certificate behind an Issuer (`spec.ca.secretName`), or undefined for a non-CA or external issuer. */
export function caCertificateOf(manifests: Manifest[], issuerRef: { kind: string; name: string }, namespace: string): Manifest | undefined {
  const issuer = all(manifests, issuerRef.kind).find((candidate) => candidate.metadata.name === issuerRef.name
    && (issuerRef.kind === 'ClusterIssuer' || candidate.metadata.namespace === namespace));
  const secretName = issuer?.spec?.ca?.secretName;
  return secretName ? certificateForSecret(manifests, secretName, namespace) : undefined;
}

/**
 * `expect(actual).toEqual(expected)` for manifests of many objects: node's strict comparison passes them when equal (it
 * is stricter than toEqual, and far cheaper), and toEqual decides, with its diff, when it does not.
 */
export function expectEqualObjects(actual: unknown, expected: unknown): void {
  if (!isDeepStrictEqual(actual, expected)) expect(actual).toEqual(expected);
}
