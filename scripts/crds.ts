// npm run crds: makes the pinned CRDs available offline (a local folder, or a one-time sha256-verified download).
import { dirname } from 'node:path';
import { resolveCrdFiles } from '../tools/validate/crd-sources';

resolveCrdFiles().then((files) => {
  console.log(`crds: ${files.length} pinned CRD files verified in ${dirname(dirname(files[0]))}`);
}, (error: Error) => {
  console.error(`crds: ${error.message}`);
  process.exitCode = 1;
});
