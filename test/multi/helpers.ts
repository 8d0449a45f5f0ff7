import { Manifest } from '../../lib';

/** The one synthesized object of `kind` named `name` (in `namespace`, when given). */
export function find(objects: readonly Manifest[], kind: string, name: string, namespace?: string): any {
  const found = objects.filter((o) => o.kind === kind && o.metadata?.name === name && (namespace === undefined || o.metadata?.namespace === namespace));
  if (found.length !== 1) throw new Error(`expected one ${kind} ${namespace ?? '*'}/${name}, found ${found.length}`);
  return found[0];
}

/** Every synthesized object of `kind`. */
export function ofKind(objects: readonly Manifest[], kind: string): any[] {
  return objects.filter((o) => o.kind === kind);
}
