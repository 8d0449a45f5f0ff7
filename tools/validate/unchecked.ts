import { rmSync } from 'node:fs';

/**
 * Removes the manifests a `cdk8s synth` wrote when its validation could not run to its end, and says so: what was not
 * checked must not be applied. Needs nothing but Node, so scripts/cdk8s-validation-plugin.js can call it when the
 * validation itself cannot load (its optional peers missing).
 */
export function removeUnchecked(context: { readonly manifests: readonly string[]; readonly logger: { log(message: string): void } }): void {
  for (const manifest of context.manifests) rmSync(manifest, { force: true });
  context.logger.log(`backend-mtls CRD validation: failed before its end; removed the ${context.manifests.length} unchecked manifest file(s)`);
}
