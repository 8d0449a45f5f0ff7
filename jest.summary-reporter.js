/**
 * Ends a jest run with one plain line, `tests: N passed, N failed`, that CI logs can be read by; a test file that
 * failed outside its tests (it did not load, or left a process running) is counted too.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    const broken = results.numRuntimeErrorTestSuites;
    process.stdout.write(`tests: ${results.numPassedTests} passed, ${results.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`
      + `${broken ? `, ${broken} test file(s) failed outside their tests` : ''}\n`);
  }
}
module.exports = SummaryReporter;
