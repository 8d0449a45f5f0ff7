// `npm run synth [-- cdk8s synth options]`: synthesizes into a staging folder of its own, and replaces dist/ (the
// output of cdk8s.yaml) only when the app and the admission check passed; a failed synth prints its messages and
// leaves dist/ byte for byte as it was.
import { synthToDist } from '../tools/synth/synth-to-dist';

try {
  const result = synthToDist(process.cwd(), process.argv.slice(2));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.status;
} catch (error) {
  console.error(`synth: ${(error as Error).message}`);
  process.exitCode = 1;
}
