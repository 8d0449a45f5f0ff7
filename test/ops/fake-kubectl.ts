import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in kubectl for offline tests: records every call, fails `wait` for objects named in
 * FAKE_FAIL_WAIT, and serves FAKE_HTTPBIN_BODY on the local port that `port-forward` is asked for.
 */
export function fakeKubectl(): { binary: string; calls: () => string[][] } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
  const log = join(dir, 'calls.jsonl');
  const binary = join(dir, 'kubectl');
  writeFileSync(binary, `#!/usr/bin/env node
const fs = require('fs');
const args = process.argv.slice(2);
fs.appendFileSync(${JSON.stringify(log)}, JSON.stringify(args) + '\\n');
const verb = args[0];
if (verb === 'wait') {
  const target = args[args.length - 1];
  if ((process.env.FAKE_FAIL_WAIT || '').split(',').some((name) => name && target.endsWith('/' + name))) {
    console.error('error: timed out waiting for the condition on ' + target);
    process.exit(1);
  }
  console.log(target + ' condition met');
} else if (verb === 'get') {
  process.stdout.write(process.env.FAKE_ENVOY_SERVICE ?? 'envoy-httpbin-tls-backend-mtls-gateway-1a2b3c');
} else if (verb === 'port-forward') {
  const [local] = args.find((arg) => /^\\d+:\\d+$/.test(arg)).split(':');
  require('http').createServer((req, res) => {
    res.setHeader('content-type', 'application/json');
    res.end((process.env.FAKE_HTTPBIN_BODY || '{}').replace('$HOST', req.headers.host));
  }).listen(Number(local), '127.0.0.1');
} else {
  console.log(verb + ' ok');
}
`);
  chmodSync(binary, 0o755);
  return {
    binary,
    calls: () => {
      try {
        return readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map((line) => JSON.parse(line));
      } catch {
        return [];
      }
    },
  };
}
