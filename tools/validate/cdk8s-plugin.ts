import { readManifests } from './manifests';
import { formatProblem } from './problem';
import { removeManifests } from './unchecked';
import { Validator, type GatewayApiChannel } from './validator';

// The slice of cdk8s-cli's validation plugin contract (cdk8s-cli/lib/plugins/validation.d.ts) this plugin uses;
// declared here so the library does not depend on the CLI.
interface ValidationContext {
  readonly manifests: readonly string[];
  readonly report: {
    addViolation(violation: {
      ruleName: string; recommendation: string; fix: string;
      violatingResources: { resourceName: string; locations: string[]; manifestPath: string }[];
    }): void;
    submit(status: 'success' | 'failure', metadata?: Record<string, string>): void;
  };
  readonly logger: { log(message: string): void };
}

/** Properties given under `validations[].properties` in cdk8s.yaml. */
export interface CrdValidationProperties {
  /**
   * Gateway API channel to validate against.
   * @default 'standard'
   */
  readonly channel?: GatewayApiChannel;
}

/**
 * A cdk8s-cli validation plugin: `cdk8s synth` runs it on the synthesized manifests and fails the synth on any
 * problem the API server would reject. One violation per problem, named by its rule; the API server's warnings are
 * logged and do not fail the synth. A rejected synth leaves no manifest behind: the plugin removes the files it
 * rejected, and the files it could not check when it fails itself (a manifest that is not YAML, a pinned CRD that
 * does not match its checksum), so `cdk8s synth && kubectl apply -f dist/` can never apply them.
 */
export class CrdValidation {
  constructor(private readonly properties: CrdValidationProperties = {}) {}

  public async validate(context: ValidationContext): Promise<void> {
    try {
      this.check(context);
    } catch (error) {
      removeManifests(context, 'unchecked');
      throw error;
    }
  }

  private check(context: ValidationContext): void {
    const started = Date.now();
    const validator = Validator.fromPinnedCrds({ channel: this.properties.channel });
    let count = 0;
    let warnings = 0;
    for (const { file, objects } of readManifests(context.manifests)) {
      for (const problem of validator.validate(objects, file)) {
        if (problem.warning) {
          warnings += 1;
          context.logger.log(formatProblem(problem));
          continue;
        }
        count += 1;
        context.report.addViolation({
          ruleName: problem.rule,
          recommendation: formatProblem(problem),
          fix: `change ${problem.path || 'the object'} of ${problem.object} so the API server accepts it`,
          violatingResources: [{ resourceName: problem.object, locations: [problem.path], manifestPath: file }],
        });
      }
    }
    context.logger.log(`backend-mtls CRD validation: ${count} problem(s), ${warnings} warning(s) in ${Date.now() - started} ms`);
    if (count > 0) removeManifests(context, 'rejected');
    context.report.submit(count === 0 ? 'success' : 'failure');
  }
}
