import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Duration } from 'cdk8s';
import { formatLifecycleReport, LIFECYCLE_STEPS, LifecycleResult, rehearseLifecycle } from '../../tools/rehearsal/lifecycle';
import { one } from '../support/manifests';
import { processesUsing } from '../support/processes';
import { synthesizedChart } from './chart-objects';

/** The chart with a one-second certificate check, so the run through time takes seconds, not minutes. */
const fastChart = () => synthesizedChart({ httpbin: { certificateCheckInterval: Duration.seconds(1) } });

const verdicts = (result: LifecycleResult) => Object.fromEntries(result.steps.map((step) => [step.name, step.passed]));

describe('the default chart through time: renewals, CA rotation and expiry under a client loop', () => {
  let workDir: string;
  let result: LifecycleResult;

  beforeAll(async () => {
    workDir = await fs.mkdtemp(path.join(os.tmpdir(), 'lifecycle-test-'));
    result = await rehearseLifecycle(fastChart(), { workDir, keepWorkDir: true });
  }, 120_000);
  afterAll(() => fs.rm(workDir, { recursive: true, force: true }));

  test('every step passes, and no request of the loop failed', () => {
    expect(verdicts(result)).toEqual(Object.fromEntries(LIFECYCLE_STEPS.map((name) => [name, true])));
    expect(result.failures).toEqual([]);
    expect(result.passed).toBe(true);
  });

  test('the loop kept sending through both renewals and the rotation, and refusals were checked throughout', () => {
    expect(result.checkIntervalSeconds).toBe(1);
    expect(result.requests).toBeGreaterThan(50);
    expect(result.refusalChecks).toBeGreaterThan(10);
    expect(result.reloadLatenciesMs).toHaveLength(2);
  });

  test('nginx reloaded through the reloader, without restarting: one master process all along', async () => {
    const log = await fs.readFile(path.join(workDir, 'front/nginx.log'), 'utf8');
    expect(log.match(/certificate-reloader: certificates changed; reloading nginx/g)).toHaveLength(2);
    const masters = new Set([...log.matchAll(/\[notice\] (\d+)#\d+: (?:signal 1 \(SIGHUP\)|start worker processes)/g)].map((match) => match[1]));
    expect(masters.size).toBe(1);
  });

  test('the report has one line per step and the figures', () => {
    const lines = formatLifecycleReport(result).trimEnd().split('\n');
    expect(lines[0]).toBe('Lifecycle of Service httpbin-tls/httpbin-tls port https (certificate check every 1 s)');
    expect(lines.slice(1, 1 + LIFECYCLE_STEPS.length)).toEqual(LIFECYCLE_STEPS.map((name) => expect.stringMatching(new RegExp(`^PASS {2}${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: .+`))));
    expect(lines[lines.length - 2]).toMatch(new RegExp(`^${result.requests} requests \\(0 failed\\), ${result.refusalChecks} refusal checks, reload latencies \\d+, \\d+ ms, \\d+\\.\\d s\\.$`));
    expect(lines[lines.length - 1]).toBe('The lifecycle passed.');
  });

  test('every process it started is gone when it returns', () => {
    expect(processesUsing(workDir)).toEqual([]);
  });
});

describe('the lifecycle fails when renewal or rotation is broken on purpose', () => {
  test('the old static front (nginx alone, no reloader): the renewed server certificate is never served', async () => {
    const objects = fastChart();
    const container = one(objects, 'Deployment').spec.template.spec.containers[0];
    container.command = container.command.slice(container.command.indexOf('nginx'));
    const result = await rehearseLifecycle(objects, { failFast: true, servedWithinMs: 4000 });
    expect(result.passed).toBe(false);
    expect(result.checkIntervalSeconds).toBeUndefined();
    expect(result.steps).toEqual([expect.objectContaining({ name: LIFECYCLE_STEPS[0], passed: false, detail: expect.stringMatching(/^still serving serial [0-9A-F]+ 4000 ms after the swap to serial [0-9A-F]+$/) })]);
  }, 60_000);

  test('the CA with rotationPolicy Always: a new CA key breaks requests until nginx reloads', async () => {
    const objects = fastChart();
    one(objects, 'Certificate', 'backend-mtls-ca').spec.privateKey.rotationPolicy = 'Always';
    const result = await rehearseLifecycle(objects, { failFast: true });
    expect(result.passed).toBe(false);
    expect(verdicts(result)).toEqual({
      [LIFECYCLE_STEPS[0]]: true, [LIFECYCLE_STEPS[1]]: true, [LIFECYCLE_STEPS[2]]: true, [LIFECYCLE_STEPS[3]]: false,
    });
    expect(result.failures.length).toBeGreaterThan(0);
    expect(result.failures[0]).toMatch(/^CA rotation: /);
  }, 60_000);
});
