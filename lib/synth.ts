import { App } from 'cdk8s';

/**
 * Builds and synthesizes an app for `cdk8s synth`. A bad prop or a broken wiring ends the process with
 * exit code 1 and the messages alone, no stack trace; validation runs before any manifest is written.
 */
export function synthApp(build: () => App): void {
  try {
    build().synth();
  } catch (error) {
    const message = (error as Error).message.replace(/^Validation failed with the following errors:\n\s*/, '');
    process.stderr.write(`synth failed:\n  ${message.split('\n').map((line) => line.trim()).join('\n  ')}\n`);
    process.exitCode = 1;
  }
}
