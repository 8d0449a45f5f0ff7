// `npm run validate [--channel standard|experimental] [paths...]`: checks manifests (default dist/) as the API server would.
import { existsSync } from 'node:fs';
import { formatProblem, readManifests, Validator, type GatewayApiChannel } from '../tools/validate';

async function main(argv: string[]): Promise<number> {
  const channelAt = argv.indexOf('--channel');
  const channel = (channelAt >= 0 ? argv.splice(channelAt, 2)[1] : 'standard') as GatewayApiChannel;
  if (channel !== 'standard' && channel !== 'experimental') {
    console.error(`validate: --channel must be standard or experimental, not ${String(channel)}`);
    return 2;
  }
  const paths = argv.length > 0 ? argv : ['dist'];
  const missing = paths.filter((path) => !existsSync(path));
  if (missing.length > 0) {
    console.error(`validate: no such file or folder: ${missing.join(', ')}${missing.includes('dist') ? ' (run `npm run synth` first, or name the manifests to check)' : ''}`);
    return 2;
  }
  let validator: Validator;
  try {
    validator = Validator.fromPinnedCrds({ channel });
  } catch (error) {
    console.error(`validate: cannot load the CRDs to validate against: ${(error as Error).message}`);
    return 2;
  }
  const files = readManifests(paths);
  let objects = 0;
  let problems = 0;
  let warnings = 0;
  for (const { file, objects: manifests } of files) {
    objects += manifests.length;
    for (const problem of validator.validate(manifests, file)) {
      console.log(formatProblem(problem));
      if (problem.warning) warnings += 1;
      else problems += 1;
    }
  }
  const plural = (count: number, noun: string) => `${count} ${noun}${count === 1 ? '' : 's'}`;
  const warned = warnings > 0 ? ` (and ${plural(warnings, 'warning')}, which the API server accepts)` : '';
  console.log(`validate: ${plural(objects, 'object')} in ${plural(files.length, 'file')}, ${plural(problems, 'problem')}${warned}`);
  return problems > 0 ? 1 : 0;
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
}, (error: Error) => {
  console.error(`validate: ${error.message}`);
  process.exitCode = 2;
});
