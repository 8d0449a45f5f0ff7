import { Testing } from 'cdk8s';
import { BackendMtlsChart, BackendMtlsChartProps } from '../../lib';
import { K8sObject } from '../../tools/rehearsal/chart-objects';
import { CASE_NAMES, CaseResult, RehearsalResult } from '../../tools/rehearsal/rehearsal';

/** The synthesized objects of a BackendMtlsChart, as a deep copy the test may change. */
export function synthesizedChart(props: BackendMtlsChartProps = {}): K8sObject[] {
  return JSON.parse(JSON.stringify(Testing.synth(new BackendMtlsChart(Testing.app(), 'backend-mtls', props))));
}

/** The nginx.conf the chart's ConfigMap carries. */
export function nginxConfOf(objects: K8sObject[]): string {
  const configMap = objects.find((object) => object.kind === 'ConfigMap' && object.data?.['nginx.conf']);
  if (!configMap) throw new Error('the chart has no ConfigMap with nginx.conf');
  return configMap.data['nginx.conf'];
}

/** Whether each case passed, for the first backend of a rehearsal. */
export function verdicts(result: RehearsalResult): Record<string, boolean> {
  return Object.fromEntries(result.backends[0].cases.map((outcome) => [outcome.name, outcome.passed]));
}

/** One case's result, for the first backend of a rehearsal. */
export function caseNamed(result: RehearsalResult, name: (typeof CASE_NAMES)[number]): CaseResult {
  return result.backends[0].cases.find((outcome) => outcome.name === name)!;
}
