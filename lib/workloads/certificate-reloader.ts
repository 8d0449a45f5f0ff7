/**
 * The TLS front's entrypoint, a POSIX sh script (busybox sh in the alpine nginx image): it runs nginx in the
 * foreground as its child, forwards TERM, INT and QUIT to it, exits with nginx's status when nginx exits, and
 * every `<interval>` seconds fingerprints each watched folder (the kubelet's `..data` link and a checksum of
 * every file). On a change it runs `nginx -t` with the same arguments and, when the new files load, sends
 * nginx HUP: a graceful reload, where new workers take new handshakes with the renewed certificate, key and
 * client CA while the old workers finish their in-flight requests. Files nginx refuses leave the previous ones serving.
 *
 * Usage: `sh certificate-reloader.sh <interval seconds> <folder>... -- nginx <args>...`
 */
export const CERTIFICATE_RELOADER_SCRIPT = `#!/bin/sh
# Rendered by backend-mtls: runs nginx and reloads it gracefully when a mounted certificate folder changes.
set -u
interval=$1
shift
folders=''
while [ "$#" -gt 0 ] && [ "$1" != '--' ]; do
  folders="$folders $1"
  shift
done
if [ "$#" -lt 2 ]; then
  echo 'usage: certificate-reloader.sh <interval seconds> <folder>... -- nginx <args>...' >&2
  exit 64
fi
shift

fingerprint() {
  for folder in $folders; do
    readlink "$folder/..data" 2>/dev/null
    cksum "$folder"/* 2>/dev/null
  done
}

"$@" &
nginx_pid=$!
sleeper=''
stopping=''
forward() {
  stopping=$1
  kill "-$1" "$nginx_pid" 2>/dev/null
  [ -n "$sleeper" ] && kill "$sleeper" 2>/dev/null
}
trap 'forward TERM' TERM
trap 'forward INT' INT
trap 'forward QUIT' QUIT

served=$(fingerprint)
while kill -0 "$nginx_pid" 2>/dev/null; do
  sleep "$interval" &
  sleeper=$!
  wait "$sleeper" 2>/dev/null
  sleeper=''
  [ -n "$stopping" ] && break
  current=$(fingerprint)
  [ "$current" = "$served" ] && continue
  served=$current
  if "$@" -t -q; then
    echo "certificate-reloader: certificates changed; reloading nginx" >&2
    kill -HUP "$nginx_pid"
  else
    echo "certificate-reloader: certificates changed, but nginx -t refuses them; nginx keeps serving the previous ones" >&2
  fi
done
wait "$nginx_pid"
`;
