// `npm run rehearse`: synthesizes the default chart in-process and rehearses its mTLS path for real on this machine.
// `npm run rehearse -- --lifecycle` also runs it through time: renewals, CA rotation and expiry under a client loop.
import { App } from 'cdk8s';
import { BackendMtlsChart } from '../lib';
import { formatLifecycleReport, rehearseLifecycle } from '../tools/rehearsal/lifecycle';
import { MissingToolError } from '../tools/rehearsal/prerequisites';
import { rehearse } from '../tools/rehearsal/rehearsal';
import { formatReport } from '../tools/rehearsal/report';

/** 0 when every case passed, 1 when one failed or the chart cannot be rehearsed, 2 when a tool is missing. */
async function main(args: readonly string[]): Promise<number> {
  const unknown = args.filter((arg) => arg !== '--lifecycle');
  if (unknown.length > 0) {
    process.stderr.write(`rehearse: unknown argument ${unknown.join(' ')}; the only option is --lifecycle\n`);
    return 1;
  }
  // chart.toJson() runs the chart's validations, as `cdk8s synth` does, without writing dist/.
  const chart = new BackendMtlsChart(new App(), 'backend-mtls');
  try {
    const result = await rehearse(chart.toJson());
    process.stdout.write(formatReport(result));
    if (!args.includes('--lifecycle')) return result.passed ? 0 : 1;
    const lifecycle = await rehearseLifecycle(chart.toJson());
    process.stdout.write(`\n${formatLifecycleReport(lifecycle)}`);
    return result.passed && lifecycle.passed ? 0 : 1;
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
