// npm run smoke: certificate health, then one request through the Gateway that must reach the backend over verified mTLS.
import { smoke, smokeLocalPort } from '../tools/ops/smoke';

async function main(): Promise<void> {
  await smoke({ localPort: smokeLocalPort(process.env.SMOKE_LOCAL_PORT) });
}

main().catch((error: Error) => {
  console.error(`smoke: ${error.message}`);
  process.exit(1);
});
