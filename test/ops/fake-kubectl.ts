import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { shellWord } from '../../tools/rehearsal/processes';

/**
 * A stand-in kubectl for offline tests: records every call, fails `wait` and `rollout status` for objects named in
 * FAKE_FAIL_WAIT and `rollout status` alone for Deployments named in FAKE_STALLED_ROLLOUT (new pods that never come
 * up while the old ReplicaSet keeps the Deployment Available), and serves FAKE_HTTPBIN_BODY on the local port that `port-forward` is asked for (or writes
 * FAKE_PORT_FORWARD_ERROR and exits 1, or writes FAKE_PORT_FORWARD_BROKEN and drops each connection).
 * FAKE_CLIENT_LOG set makes every call first log a discovery failure as client-go does (an aggregated API down).
 * `config` reports the context FAKE_CONTEXT (default kind-backend-mtls; empty: none) and its server; with
 * FAKE_UNREACHABLE set, every other call fails as kubectl does when that server refuses connections.
 * `get <kind>.<group>/<name> -o json` answers the object with a status: for a Certificate, the one
 * FAKE_CERTIFICATES (JSON, by name) gives it (null: not found), else Ready with 90 days left and renewal in 75;
 * for a Gateway, FAKE_GATEWAY_STATUS (JSON).
 */
export function fakeKubectl(): { binary: string; calls: () => string[][] } {
  const dir = mkdtempSync(join(tmpdir(), 'fake-kubectl-'));
  const log = join(dir, 'calls.log');
  const binary = join(dir, 'kubectl');
  const objects = join(dir, 'objects.js');
  // A shell script, as starting node for each of a deploy's dozen calls was most of these tests' time: it records the
  // call (its arguments, each ended by US, a line per call) and answers version, config, apply, wait, delete, the Service lookup and a
  // Certificate the test gave no status (healthy, as healthyCertificate below) itself; node answers the other objects'
  // status and port-forward.
  writeFileSync(binary, `#!/bin/sh
{ printf '%s\\037' "$@"; printf '\\n'; } >> ${shellWord(log)}
if [ -n "\${FAKE_CLIENT_LOG:-}" ]; then
  echo 'E1203 12:00:00.000000   42 memcache.go:265] "Unhandled Error" err="couldn'"'"'t get resource list for metrics.k8s.io/v1beta1: the server is currently unable to handle the request"' >&2
fi
client='"clientVersion":{"major":"1","minor":"35","gitVersion":"v1.35.0"}'
if [ -n "\${FAKE_UNREACHABLE:-}" ] && [ "$1" != config ]; then
  refused='dial tcp 127.0.0.1:6443: connect: connection refused'
  case "$1" in
    version) printf '{%s}\\n' "$client" ;;
    apply)
      echo "error: error validating \\"dist\\": error validating data: failed to download openapi: $refused; if you choose to ignore these errors, turn validation off with --validate=false" >&2
      exit 1
      ;;
  esac
  echo "E1203 12:00:00.000000   42 memcache.go:265] \\"Unhandled Error\\" err=\\"couldn't get current server API group list: $refused\\"" >&2
  echo 'The connection to the server 127.0.0.1:6443 was refused - did you specify the right host or port?' >&2
  exit 1
fi
case "$1" in
  version)
    printf '{%s,"serverVersion":{"major":"1","minor":"35","gitVersion":"v1.35.0"}}\\n' "$client"
    ;;
  config)
    context=\${FAKE_CONTEXT-kind-backend-mtls}
    if [ -z "$context" ]; then
      [ "$2" = current-context ] && echo 'error: current-context is not set' >&2 || echo 'error: current-context must exist in order to minify' >&2
      exit 1
    fi
    [ "$2" = current-context ] && echo "$context" || printf 'https://127.0.0.1:6443'
    ;;
  wait)
    for target; do :; done
    IFS=,
    for name in \${FAKE_FAIL_WAIT:-}; do
      case "$target" in
        */"$name")
          echo "error: timed out waiting for the condition on $target" >&2
          exit 1
          ;;
      esac
    done
    echo "$target condition met"
    ;;
  rollout)
    for target; do :; done
    IFS=,
    for name in \${FAKE_FAIL_WAIT:-} \${FAKE_STALLED_ROLLOUT:-}; do
      case "$target" in
        */"$name")
          echo "Waiting for deployment \\"$name\\" rollout to finish: 1 out of 2 new replicas have been updated..."
          echo 'error: timed out waiting for the condition' >&2
          exit 1
          ;;
      esac
    done
    echo "deployment \\"\${target#*/}\\" successfully rolled out"
    ;;
  get)
    if [ "$2" = service ]; then
      printf '%s' "\${FAKE_ENVOY_SERVICE-envoy-httpbin-tls-backend-mtls-gateway-1a2b3c}"
      exit 0
    fi
    certificate=''
    for arg; do
      case "$arg" in certificate.cert-manager.io/*) certificate=\${arg#*/} ;; esac
    done
    case "$certificate:\${FAKE_CERTIFICATES:-}" in
      :* | *"\\"$certificate\\":"*) exec node ${shellWord(objects)} "$@" ;;
    esac
    now=$(date +%s)
    printf '{"kind":"certificate","metadata":{"name":"%s"},"status":{"conditions":[%s],"notAfter":"%s","renewalTime":"%s"}}\n' "$certificate" \
      '{"type":"Ready","status":"True","reason":"Ready","message":"Certificate is up to date and has not expired"}' \
      "$(date -u -d "@$((now + 90 * 86400))" +%Y-%m-%dT%H:%M:%SZ)" "$(date -u -d "@$((now + 75 * 86400))" +%Y-%m-%dT%H:%M:%SZ)"
    ;;
  port-forward)
    if [ -n "\${FAKE_PORT_FORWARD_ERROR:-}" ]; then
      echo "$FAKE_PORT_FORWARD_ERROR" >&2
      exit 1
    fi
    exec node ${shellWord(objects)} "$@"
    ;;
  *)
    echo "$1 ok"
    ;;
esac
`);
  writeFileSync(objects, `const args = process.argv.slice(2);
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
if (verb === 'get') {
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
    if (process.env.FAKE_PORT_FORWARD_BROKEN) {
      // As kubectl does when the pod refuses the forwarded connection: it logs why, then closes the connection.
      console.error(process.env.FAKE_PORT_FORWARD_BROKEN);
      setTimeout(() => req.socket.destroy(), 100);
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end((process.env.FAKE_HTTPBIN_BODY || '{}').replace('$HOST', req.headers.host));
  }).listen(Number(local), '127.0.0.1');
}
`);
  chmodSync(binary, 0o755);
  return {
    binary,
    calls: () => {
      try {
        return readFileSync(log, 'utf8').split('\n').filter(Boolean).map((line) => line.split('\x1f').slice(0, -1));
      } catch {
        return [];
      }
    },
  };
}
