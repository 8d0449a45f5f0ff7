import { RehearsalResult } from './rehearsal';

/**
 * The rehearsal as a person reads it: per backend, how Envoy and the front were set up, then one line per
 * case (`PASS  no client certificate: expected refused by the backend, got 400 ...`), then a summary.
 */
export function formatReport(result: RehearsalResult): string {
  const lines: string[] = [];
  for (const backend of result.backends) {
    lines.push(`Rehearsal of ${backend.service} (${backend.policy})`);
    lines.push(...backend.setup.map((line) => `  ${line}`));
    lines.push(...backend.cases.map((result) => `${result.passed ? 'PASS' : 'FAIL'}  ${result.name}: expected ${result.expected}, got ${result.got}`));
  }
  const cases = result.backends.flatMap((backend) => backend.cases);
  const failed = cases.filter((result) => !result.passed).length;
  const seconds = (result.durationMs / 1000).toFixed(1);
  lines.push(failed === 0
    ? `All ${cases.length} cases passed in ${seconds} s.`
    : `${failed} of ${cases.length} cases FAILED (${seconds} s): the mTLS path does not behave as the chart intends.`);
  return `${lines.join('\n')}\n`;
}
