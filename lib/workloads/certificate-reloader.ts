/**
 * The TLS front's entrypoint, a POSIX sh script (busybox sh in the alpine nginx image): it runs nginx in the
 * foreground as its child and every `<interval>` seconds fingerprints each watched folder (the kubelet's `..data`
 * link and a checksum of every file). On a change it drains (below), runs `nginx -t` with the same arguments and,
 * when the new files load, sends nginx HUP: a graceful reload, where new workers take new handshakes with the
 * renewed certificate, key and client CA while the old workers finish their in-flight requests. Files nginx
 * refuses leave the previous ones serving.
 *
 * Draining: nginx's graceful reload and shutdown close idle keep-alive connections at once
 * (`ngx_close_idle_connections`), and a pooled caller's next request, already on its way, meets the close and is
 * lost. So for `<drain seconds>` before a reload (longer than nginx.conf's `keepalive_timeout`, so every
 * connection idle since before has expired) the script creates `<drain flag>`, and while it exists nginx.conf
 * answers every request with `Connection: close`: the caller learns from the response itself not to reuse the
 * connection. The flag goes once the old workers have exited. TERM (the kubelet's stop) and QUIT drain the same
 * way while the endpoint leaves Envoy's pool, then stop nginx gracefully (QUIT); INT stops it at once. The
 * script exits with nginx's status when nginx exits.
 *
 * Usage: `sh certificate-reloader.sh <interval seconds> <drain seconds> <drain flag> <folder>... -- nginx <args>...`
 */
export const CERTIFICATE_RELOADER_SCRIPT = `#!/bin/sh
# Rendered by backend-mtls: runs nginx, reloads it gracefully when a mounted certificate folder changes, and
# drains keep-alive connections before each reload and before it stops, so no caller's request meets a closing connection.
set -u
interval=$1
drain_seconds=$2
drain_flag=$3
shift 3
folders=''
while [ "$#" -gt 0 ] && [ "$1" != '--' ]; do
  folders="$folders $1"
  shift
done
if [ "$#" -lt 2 ]; then
  echo 'usage: certificate-reloader.sh <interval seconds> <drain seconds> <drain flag> <folder>... -- nginx <args>...' >&2
  exit 64
fi
shift

fingerprint() {
  for folder in $folders; do
    readlink "$folder/..data" 2>/dev/null
    cksum "$folder"/* 2>/dev/null
  done
}

# The pids of nginx's workers: the master's children.
workers() {
  for stat in /proc/[0-9]*/stat; do
    { read -r pid _ _ ppid _ && [ "$ppid" = "$nginx_pid" ] && echo "$pid"; } 2>/dev/null < "$stat"
  done
}

# Sleeps, unless a signal comes first.
pause() {
  sleep "$1" &
  sleeper=$!
  wait "$sleeper" 2>/dev/null
  sleeper=''
}

# While the flag exists, nginx answers every request with Connection: close. Ends early if nginx exits or
# another signal than $2 comes.
drain() {
  echo "certificate-reloader: $1; closing each connection after its response for \${drain_seconds}s" >&2
  : > "$drain_flag"
  left=$drain_seconds
  while [ "$left" -gt 0 ] && [ "$stopping" = "$2" ] && kill -0 "$nginx_pid" 2>/dev/null; do
    pause 1
    left=$((left - 1))
  done
}

# Called with nginx's command line.
reload() {
  drain 'certificates changed' ''
  [ -n "$stopping" ] && return
  # Taken again now: one taken while the kubelet swapped ..data may mix the old files and the new.
  served=$(fingerprint)
  if ! "$@" -t -q; then
    echo 'certificate-reloader: certificates changed, but nginx -t refuses them; nginx keeps serving the previous ones' >&2
    rm -f "$drain_flag"
    return
  fi
  old=$(workers)
  echo 'certificate-reloader: reloading nginx' >&2
  kill -HUP "$nginx_pid"
  # An old worker still answering with keep-alive would leave an idle connection for its exit to close.
  tries=$((drain_seconds * 10))
  while [ -n "$old" ] && [ "$tries" -gt 0 ]; do
    alive=''
    for pid in $old; do
      kill -0 "$pid" 2>/dev/null && alive="$alive $pid"
    done
    old=$alive
    tries=$((tries - 1))
    [ -n "$old" ] && sleep 0.1
  done
  rm -f "$drain_flag"
}

rm -f "$drain_flag"
"$@" &
nginx_pid=$!
sleeper=''
stopping=''
on_signal() {
  stopping=$1
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
}
trap 'on_signal TERM' TERM
trap 'on_signal INT' INT
trap 'on_signal QUIT' QUIT

served=$(fingerprint)
while [ -z "$stopping" ] && kill -0 "$nginx_pid" 2>/dev/null; do
  pause "$interval"
  [ -n "$stopping" ] && break
  [ "$(fingerprint)" = "$served" ] && continue
  reload "$@"
done

case $stopping in
  INT)
    kill -INT "$nginx_pid" 2>/dev/null
    ;;
  TERM | QUIT)
    drain "$stopping received" "$stopping"
    echo 'certificate-reloader: stopping nginx gracefully' >&2
    kill -QUIT "$nginx_pid" 2>/dev/null
    ;;
esac
while :; do
  wait "$nginx_pid"
  status=$?
  kill -0 "$nginx_pid" 2>/dev/null || exit "$status"
done
`;

/** How long the front keeps idle connections, and how long it drains before a reload or a stop. */
export interface KeepAliveTimings {
  /** nginx's `keepalive_timeout` on the TLS port, in seconds. */
  readonly keepaliveSeconds: number;
  /** How long every response closes its connection before a reload or a stop: longer than keepaliveSeconds. */
  readonly drainSeconds: number;
}

/**
 * The keep-alive and drain timings for a certificate check interval: keep-alive three intervals (at most 20 s, so
 * a stop drains within the kubelet's default 30 s grace period), the drain one second longer, so every connection
 * idle since before the drain has expired by nginx's own keep-alive timer when the reload comes.
 */
export function keepAliveTimings(checkIntervalSeconds: number): KeepAliveTimings {
  const keepaliveSeconds = Math.min(3 * checkIntervalSeconds, 20);
  return { keepaliveSeconds, drainSeconds: keepaliveSeconds + 1 };
}
