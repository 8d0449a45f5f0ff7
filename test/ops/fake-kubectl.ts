import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A stand-in kubectl for offline tests: records every call, fails `wait` for objects named in
 * FAKE_FAIL_WAIT, and serves FAKE_HTTPBIN_BODY on the local port that `port-forward` is asked for.
 * `get <kind>.<group>/<name> -o json` answers the object with a status: for a Certificate, the one
 * FAKE_CERTIFICATES (JSON, by name) gives it (null: not found), else Ready with 90 days left and renewal in 75;
 * for a Gateway, FAKE_GATEWAY_STATUS (JSON).
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
const day = 24 * 3600 * 1000;
function healthyCertificate() {
  return {
    conditions: [{ type: 'Ready', status: 'True', reason: 'Ready', message: 'Certificate is up to date and has not expired' }],
    notAfter: new Date(Date.now() + 90 * day).toISOString().replace(/\\.\\d+Z$/, 'Z'),
    renewalTime: new Date(Date.now() + 75 * day).toISOString().replace(/\\.\\d+Z$/, 'Z'),
  };
}
function statusOf(kind, name) {
  if (kind === 'certificate') {
    const given = JSON.parse(process.env.FAKE_CERTIFICATES || '{}');
    return name in given ? given[name] : healthyCertificate();
  }
  if (kind === 'gateway') return JSON.parse(process.env.FAKE_GATEWAY_STATUS || '{}');
  return {};
}
if (verb === 'wait') {
  const target = args[args.length - 1];
  if ((process.env.FAKE_FAIL_WAIT || '').split(',').some((name) => name && target.endsWith('/' + name))) {
    console.error('error: timed out waiting for the condition on ' + target);
    process.exit(1);
  }
  console.log(target + ' condition met');
} else if (verb === 'get' && args[1] === 'service') {
  process.stdout.write(process.env.FAKE_ENVOY_SERVICE ?? 'envoy-httpbin-tls-backend-mtls-gateway-1a2b3c');
} else if (verb === 'get') {
  const [, kind, group, name] = args.map((arg) => /^([a-z]+)\\.([^/]+)\\/(.+)$/.exec(arg)).find(Boolean);
  const status = statusOf(kind, name);
  if (status === null) {
    console.error('Error from server (NotFound): ' + kind + 's.' + group + ' "' + name + '" not found');
    process.exit(1);
  }
  console.log(JSON.stringify({ kind, metadata: { name }, status }));
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
