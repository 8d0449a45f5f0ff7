// `npm run rehearse`: synthesizes the default chart in-process and rehearses its mTLS path for real on this machine.
// `npm run rehearse -- --lifecycle` also runs it through time: renewals, CA rotation and expiry under a client loop and
// a pooled keep-alive client, then an identity change applied in three versions under the same traffic.
// `--big` (with --lifecycle) runs at a one-second certificate check with 16 pooled connections and 40 more renewals.
import { App, Duration } from 'cdk8s';
import { BackendMtlsChart, BackendMtlsChartProps, Certificate } from '../lib';
import { formatLifecycleReport, rehearseLifecycle } from '../tools/rehearsal/lifecycle';
import { MissingToolError } from '../tools/rehearsal/prerequisites';
import { rehearse } from '../tools/rehearsal/rehearsal';
import { formatReport } from '../tools/rehearsal/report';
import { formatRolloutReport, identityChange, rehearseRollouts } from '../tools/rehearsal/rollout';

const OPTIONS = ['--lifecycle', '--big'];

/** 0 when every case passed, 1 when one failed or the chart cannot be rehearsed, 2 when a tool is missing. */
async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => !OPTIONS.includes(arg));
  if (unknown.length > 0 || (args.includes('--big') && !args.includes('--lifecycle'))) {
    process.stderr.write(`rehearse: unknown argument ${unknown.join(' ') || '--big without --lifecycle'}; the options are --lifecycle and --lifecycle --big\n`);
    return 1;
  }
  const big = args.includes('--big');
  const props: BackendMtlsChartProps = big ? { httpbin: { certificateCheckInterval: Duration.seconds(1) } } : {};
  // chart.toJson() runs the chart's validations, as `cdk8s synth` does, without writing dist/.
  const chart = new BackendMtlsChart(new App(), 'backend-mtls', props);
  try {
    const result = await rehearse(chart.toJson());
    process.stdout.write(formatReport(result));
    if (!args.includes('--lifecycle')) return result.passed ? 0 : 1;
    const lifecycle = await rehearseLifecycle(chart.toJson(), big ? { pooledConnections: 16, extraRenewals: 40 } : {});
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

// Exiting (rather than dying) on a signal runs the hook that stops every nginx the rehearsal started.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));
main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
