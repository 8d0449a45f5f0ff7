import { Duration, Testing } from 'cdk8s';
import { BackendMtlsChart, Certificate } from '../../lib';
import { K8sObject } from '../../tools/rehearsal/chart-objects';
import { formatRolloutReport, identityChange, rehearseRollouts, RolloutResult } from '../../tools/rehearsal/rollout';
import { runAloneInRealTime } from '../support/real-time';

/**
 * One version of the chart: Envoy's client identity `commonName`, and the front admitting `alsoAdmitted` too, as
 * an identity change does in three applies (admit both; switch Envoy; drop the old one).
 */
function version(commonName: string, alsoAdmitted?: string): K8sObject[] {
  const chart = new BackendMtlsChart(Testing.app(), 'backend-mtls', { clientCommonName: commonName, httpbin: { certificateCheckInterval: Duration.seconds(1) } });
  if (alsoAdmitted) {
    chart.httpbin.front.allowClient(Certificate.fromSecretAttributes(chart, 'PreviousClient', {
      secretName: 'previous-client', namespace: chart.backendMtls.namespace, commonName: alsoAdmitted,
    }));
  }
  return JSON.parse(JSON.stringify(Testing.synth(chart)));
}

const threeApplies = () => identityChange(version, 'envoy-a', 'envoy-b');

/** The versions without the pod template's config checksum: the old front, which a ConfigMap change never restarted. */
function withoutChecksum(versions: K8sObject[][]): K8sObject[][] {
  for (const object of versions.flat()) if (object.kind === 'Deployment') delete object.spec.template.metadata.annotations['backend-mtls/config-checksum'];
  return versions;
}

/** The versions with nginx as the container's command, as the old static front ran it: the kubelet's TERM reaches nginx itself. */
function withoutReloader(versions: K8sObject[][]): K8sObject[][] {
  for (const object of versions.flat()) {
    if (object.kind !== 'Deployment') continue;
    const container = object.spec.template.spec.containers.find((candidate: any) => candidate.name === 'tls-front');
    container.command = container.command.slice(container.command.indexOf('nginx'));
  }
  return versions;
}

runAloneInRealTime();

describe('Envoy\'s client identity changed under fresh and pooled keep-alive traffic', () => {
  let changed: RolloutResult;
  let unrolled: RolloutResult;
  let oneStep: RolloutResult;
  let undrained: RolloutResult;

  // Three independent runs at once, each with its own pods and ports, to keep the file's time down.
  beforeAll(async () => {
    [changed, unrolled, oneStep, undrained] = await Promise.all([
      rehearseRollouts(threeApplies()),
      rehearseRollouts(withoutChecksum(threeApplies()), { pooledConnections: 4 }),
      rehearseRollouts([version('envoy-a'), version('envoy-b')], { pooledConnections: 4 }),
      rehearseRollouts(withoutReloader([version('envoy-a'), version('envoy-a', 'envoy-b')]), { pooledConnections: 4 }),
    ]);
  }, 120_000);

  test('admit both, switch Envoy, drop the old one: each change rolls the pods, and no request fails', () => {
    expect(changed.versions).toEqual([2, 3, 4].map((index) => expect.objectContaining({ name: `version ${index}`, passed: true })));
    expect(changed.versions[1].detail).toMatch(/^Envoy presents CN=envoy-b; the pod template changed: a new pod rolled in, the old one stopped within its grace period; 0 failed requests$/);
    expect(changed.rollouts).toBe(3);
    expect(changed.freshFailures).toEqual([]);
    expect(changed.pooled.failures).toEqual([]);
    expect(changed.pooled.reusedRequests).toBeGreaterThan(changed.pooled.requests / 2);
    expect(changed.pooled.connectionReloads).toBeGreaterThan(0);
    expect(changed.retiredIdentity).toBe('CN=envoy-a: 403 Forbidden; upstream saw nothing');
    expect(changed.passed).toBe(true);
    expect(formatRolloutReport(changed)).toMatch(/\nEvery version reached the running pods without a failed request\.\n$/);
  });

  test('without the config checksum nothing rolls: the running front keeps the old pin and Envoy\'s new identity gets 403', () => {
    expect(unrolled.rollouts).toBe(0);
    expect(unrolled.versions[0]).toMatchObject({ passed: true, detail: expect.stringMatching(/^the pod template did not change/) });
    expect(unrolled.versions[1]).toMatchObject({ passed: false, detail: expect.stringMatching(/^Envoy presents CN=envoy-b; the pod template did not change: .* [1-9]\d* failed requests: version 3: .*403 Forbidden/) });
    expect(unrolled.retiredIdentity).toBe('CN=envoy-a: 200; upstream saw subject "CN=envoy-a", verify SUCCESS');
    expect(unrolled.passed).toBe(false);
  });

  test('nginx alone, without the reloader\'s drain: the kubelet\'s TERM stops it at once, under requests in flight and pooled connections', () => {
    expect(undrained.rollouts).toBe(1);
    expect(undrained.versions).toEqual([expect.objectContaining({ passed: false, detail: expect.stringMatching(/ [1-9]\d* failed requests: version 2: /) })]);
    expect(undrained.pooled.failures.length).toBeGreaterThan(0);
  });

  test('the identity changed in one apply: Envoy switches before the new pods are in, and the old pods refuse it', () => {
    expect(oneStep.rollouts).toBe(1);
    expect(oneStep.versions).toEqual([expect.objectContaining({ passed: false, detail: expect.stringMatching(/ [1-9]\d* failed requests: version 2: .*403 Forbidden/) })]);
    expect(oneStep.passed).toBe(false);
  });
});
