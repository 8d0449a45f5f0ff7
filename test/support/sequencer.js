// Starts the test files measured to take longest first (they install, synthesize or run nginx), so the run does not
// end waiting for one of them; a fresh clone has no timings of its own, and jest would order by file size.
const Sequencer = require('@jest/test-sequencer').default;

// The consumer installs go first: one install at a time, they are the longest file, and they pack the package the
// README samples then find packed (test/support/packed-package.ts). The files that run alone in real time
// (test/support/real-time.ts: the lifecycle and rollout rehearsals) are spread out, so the other worker has files to
// run while one of them holds the slot; under `npm test` the type check and lint hold it first
// (test/support/global-setup.ts), and the lifecycle rehearsal waits for them. The API test reads the public API that
// the layout test then finds cached (test/support/public-api.ts).
const SLOW_FIRST = [
  'test/consumer/install.test.ts',
  'test/rehearsal/lifecycle.test.ts',
  'test/readme-samples.test.ts',
  'test/synth/manifest-yaml.test.ts',
  'test/failed-synth.test.ts',
  'test/rehearsal/rollout.test.ts',
  'test/support/process-guard-environment.test.ts',
  'test/rehearsal/mutations.test.ts',
  'test/synth/cdk8s-synth.test.ts',
  'test/rehearsal/rehearsal.test.ts',
  'test/rehearsal/certificate-reloader.test.ts',
  'test/rehearsal/mtls-front.test.ts',
  'test/api.test.ts',
  'test/ops/certificate-health.test.ts',
  'test/validate/sources-and-cli.test.ts',
  'test/app/number-like-strings.test.ts',
];

class SlowFirstSequencer extends Sequencer {
  async sort(tests) {
    const sorted = await super.sort(tests);
    const rank = (test) => {
      const index = SLOW_FIRST.findIndex((file) => test.path.endsWith(file));
      return index < 0 ? SLOW_FIRST.length : index;
    };
    return [...sorted].sort((a, b) => rank(a) - rank(b));
  }
}

module.exports = SlowFirstSequencer;
