// A seeded mutation test: every served version of every pinned CRD kind, mutated many ways, judged by the
// validator and by an independent structural reference (ajv, test/validate/reference.ts). The validator may reject
// more (CEL rules, formats, ObjectMeta), never less: zero false accepts.
import { join } from 'node:path';
import { callInWorker } from '../support/worker';
import type { ChannelVerdicts } from './mutations';

const SEED = 20261128;
const MUTATIONS_PER_VERSION = 80;

describe('seeded mutations: the validator against an independent structural reference', () => {
  let verdicts: ChannelVerdicts[] = [];
  // Mutated and judged in a worker thread (test/validate/mutations.ts), outside jest's sandbox, where this CPU-bound
  // work runs at about half speed; both channels in one, so each distinct schema is compiled once.
  beforeAll(async () => {
    verdicts = await callInWorker<ChannelVerdicts[]>(join(__dirname, 'mutations.ts'), 'judgeMutations', SEED, MUTATIONS_PER_VERSION);
  });

  test.each(['standard', 'experimental'])(`%s channel: every served CRD version, ${MUTATIONS_PER_VERSION} mutations each, zero false accepts`, (channel) => {
    const { versions, falseAccepts, tally } = verdicts.find((run) => run.channel === channel)!;
    expect(falseAccepts).toEqual([]);
    // the mutations must exercise both verdicts, or the comparison says nothing
    expect(tally.bothAccept).toBeGreaterThan(versions * 5);
    expect(tally.bothReject).toBeGreaterThan(versions * 20);
    expect(versions).toBeGreaterThanOrEqual(15);
  });
});
