// Orders the test files measured to take longest (they install, synthesize or run nginx) so that both cores stay busy
// and the run does not end waiting for one of them; a fresh clone has no timings of its own, and jest would order by file size.
const Sequencer = require('@jest/test-sequencer').default;

// How jest runs them: it hands the files out in this order, each to whichever of its two workers is free, so a file
// runs beside whatever the other worker holds at that moment (and, at the start, beside the type check and lint that
// test/support/global-setup.ts runs under `npm test`). The order puts a file that mostly waits beside work that keeps
// a core busy, never two waiting files side by side, and a file that needs the real-time slot (test/support/real-time.ts)
// where nothing else should hold it:
// - The consumer installs go first: the longest file, one core of npm and tsc throughout; they also pack the package
//   that the README samples then find packed (test/support/packed-package.ts).
// - The other worker starts with the files that mostly wait on nginx, openssl and the reloader's timers (the reloader
//   scenarios, the rehearsals, the mutations): their idle core goes to the type check and lint, which meanwhile hold
//   the real-time slot.
// - Then the lifecycle rehearsal, which takes the slot once the type check and lint are done, and keeps a core busy.
// - Then the files that keep a core busy (the YAML and failed-synth checks, the README samples), and the rollout
//   rehearsal, the other file that needs the slot, far enough behind the lifecycle that no worker waits for it.
// - The rest by jest's own order: the longest first, so the run does not end waiting for one of them. The API test
//   reads the public API that the layout test then finds cached (test/support/public-api.ts).
const SLOW_FIRST = [
  'test/consumer/install.test.ts',
  'test/rehearsal/certificate-reloader.test.ts',
  'test/rehearsal/rehearsal.test.ts',
  'test/rehearsal/mutations.test.ts',
  'test/rehearsal/lifecycle.test.ts',
  'test/synth/manifest-yaml.test.ts',
  'test/failed-synth.test.ts',
  'test/readme-samples.test.ts',
  'test/rehearsal/rollout.test.ts',
  'test/synth/cdk8s-synth.test.ts',
  'test/rehearsal/client-identity-corpus.test.ts',
  'test/api.test.ts',
  'test/checks/hostile-strings.test.ts',
  'test/validate/differential.test.ts',
  'test/support/process-guard-environment.test.ts',
  'test/rehearsal/mtls-front.test.ts',
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
