// npm run destroy [paths...]: delete what deploy applied.
import { destroy } from '../tools/ops/destroy';

try {
  destroy(process.argv.length > 2 ? process.argv.slice(2) : undefined);
} catch (error) {
  console.error(`destroy: ${(error as Error).message}`);
  process.exit(1);
}
