// npm run deploy [paths...]: server-side apply, wait until every object is ready, then report certificate health.
import { deploy } from '../tools/ops/deploy';

try {
  deploy({ paths: process.argv.length > 2 ? process.argv.slice(2) : undefined });
} catch (error) {
  console.error(`deploy: ${(error as Error).message}`);
  process.exit(1);
}
