// npm run smoke: certificate health, then one request through the Gateway that must reach the backend over verified mTLS.
import { smoke } from '../tools/ops/smoke';

smoke({ localPort: process.env.SMOKE_LOCAL_PORT ? Number(process.env.SMOKE_LOCAL_PORT) : undefined }).catch((error: Error) => {
  console.error(`smoke: ${error.message}`);
  process.exit(1);
});
