import { rmSync } from 'node:fs';

/** What the plugin needs of cdk8s-cli's validation context to remove manifests. */
interface ManifestsContext {
  readonly manifests: readonly string[];
  readonly logger: { log(message: string): void };
}

/**
 * Removes the manifests a `cdk8s synth` wrote and says so: the ones the validation rejected, or, when it could not run
 * to its end, the ones it did not check; neither may be applied. Needs nothing but Node, so
 * scripts/cdk8s-validation-plugin.js can call it when the validation itself cannot load (its optional peers missing).
 */
export function removeManifests(context: ManifestsContext, which: 'rejected' | 'unchecked'): void {
  for (const manifest of context.manifests) rmSync(manifest, { force: true });
  const why = which === 'unchecked' ? 'failed before its end; ' : '';
  context.logger.log(`backend-mtls CRD validation: ${why}removed the ${context.manifests.length} ${which} manifest file(s)`);
}
