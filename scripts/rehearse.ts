// `npm run rehearse`: runs the app of cdk8s.yaml (main.ts) into a temp folder and rehearses the mTLS path of what it
// renders for real on this machine: what `npm run synth` writes to dist/, your changes to main.ts included.
// `--default` rehearses the reference chart instead (BackendMtlsChart with its defaults).
// `npm run rehearse -- --lifecycle` also runs it through time: renewals, CA rotation and expiry under a client loop and
// a pooled keep-alive client, then an identity change of the default chart applied in three versions under the same
// traffic. `--big` (with --lifecycle) runs the default chart at a one-second certificate check with 16 pooled
// connections and 40 more renewals.
import { rmSync } from 'node:fs';
import { App, Duration } from 'cdk8s';
import { BackendMtlsChart, BackendMtlsChartProps, Certificate } from '../lib';
import { formatLifecycleReport, rehearseLifecycle } from '../tools/rehearsal/lifecycle';
import { MissingToolError } from '../tools/rehearsal/prerequisites';
import { rehearse } from '../tools/rehearsal/rehearsal';
import { formatReport } from '../tools/rehearsal/report';
import { formatRolloutReport, identityChange, rehearseRollouts } from '../tools/rehearsal/rollout';
import { synthesizeFresh } from '../tools/synth/manifest-diff';
import { readManifests } from '../tools/validate/manifests';

const OPTIONS = ['--default', '--lifecycle', '--big'];

/** 0 when every case passed, 1 when one failed or the chart cannot be rehearsed, 2 when a tool is missing. */
async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => !OPTIONS.includes(arg));
  if (unknown.length > 0 || (args.includes('--big') && !args.includes('--lifecycle'))) {
    process.stderr.write(`rehearse: unknown argument ${unknown.join(' ') || '--big without --lifecycle'}; the options are --default, --lifecycle `
      + 'and --lifecycle --big\n');
    return 1;
  }
  const big = args.includes('--big');
  const ofApp = !big && !args.includes('--default');
  const props: BackendMtlsChartProps = big ? { httpbin: { certificateCheckInterval: Duration.seconds(1) } } : {};
  try {
    // chart.toJson() runs the chart's validations, as `cdk8s synth` does, without writing dist/.
    const objects = ofApp ? appObjects() : new BackendMtlsChart(new App(), 'backend-mtls', props).toJson();
    process.stdout.write(ofApp ? 'rehearsing what the app of cdk8s.yaml renders\n'
      : `rehearsing the reference chart${big ? ' at a one-second certificate check' : ''}\n`);
    const result = await rehearse(objects).catch((error: Error) => {
      // What the rehearsal cannot model (a ClusterIssuer outside the app, per-backend client certificates) is no failure of the app's.
      throw ofApp && !(error instanceof MissingToolError) ? new Error(`${error.message}\n(what the app of cdk8s.yaml renders; \`npm run rehearse -- --default\` rehearses the reference chart)`) : error;
    });
    process.stdout.write(formatReport(result));
    if (!args.includes('--lifecycle')) return result.passed ? 0 : 1;
    const lifecycle = await rehearseLifecycle(objects, big ? { pooledConnections: 16, extraRenewals: 40 } : {});
    process.stdout.write(`\n${formatLifecycleReport(lifecycle)}`);
    const version = (commonName: string, alsoAdmitted?: string) => {
      const next = new BackendMtlsChart(new App(), 'backend-mtls', { ...props, clientCommonName: commonName });
      if (alsoAdmitted) {
        next.httpbin.front.allowClient(Certificate.fromSecretAttributes(next, 'PreviousClient', {
          secretName: 'previous-client', namespace: next.backendMtls.namespace, commonName: alsoAdmitted,
        }));
      }
      return next.toJson();
    };
    const rollouts = await rehearseRollouts(identityChange(version, 'envoygateway-client', 'envoygateway-client-2'), big ? { pooledConnections: 16 } : {});
    process.stdout.write(`\n${formatRolloutReport(rollouts)}`);
    return result.passed && lifecycle.passed && rollouts.passed ? 0 : 1;
  } catch (error) {
    process.stderr.write(`rehearse: ${(error as Error).message}\n`);
    return error instanceof MissingToolError ? 2 : 1;
  }
}

/** The objects the app of the project's cdk8s.yaml renders (`npm run synth` writes them to dist/), read as kubectl reads them. */
function appObjects(): unknown[] {
  // npm runs scripts in the project's folder.
  const outdir = synthesizeFresh(process.cwd());
  try {
    return readManifests([outdir]).flatMap((file) => file.objects);
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

// Exiting (rather than dying) on a signal runs the hook that stops every nginx the rehearsal started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
