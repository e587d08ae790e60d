#!/usr/bin/env bash
# Installs the npm packages of the Node.js interop harnesses, each pinned in its package-lock.json:
#   tests/CacheSync.Stores.Cassandra.Tests/node-driver  the DataStax Node.js driver (judge of our CQL frames)
#   tests/CacheSync.Interop.Tests/node                  amqplib and node-redis (a non-.NET producer and cache reader)
# Idempotent: skips a folder whose node_modules already matches its lock file. Quiet on success; on any failure it
# says what failed and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."

command -v node >/dev/null 2>&1 || { echo "[interop-deps] node is not installed (Node.js 20+ needed)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "[interop-deps] npm is not installed" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "[interop-deps] node $(node --version) is too old: cassandra-driver 4.10 and redis 6 need 20+" >&2; exit 1; }

log=$(mktemp)
trap 'rm -f "$log"' EXIT

# install DIR PACKAGE...: npm ci in DIR unless a stamp of the lock file's hash, written after a successful install,
# matches and every PACKAGE is present.
install() {
  local dir=$1; shift
  local stamp="$dir/node_modules/.interop-lock.sha256" want present=1 package
  want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
  for package in "$@"; do
    [ -f "$dir/node_modules/$package/package.json" ] || present=0
  done
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ "$present" -eq 1 ]; then
    return 0
  fi
  if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
    echo "[interop-deps] npm ci failed in $dir:" >&2
    cat "$log" >&2
    exit 1
  fi
  echo "$want" >"$stamp"
}

install tests/CacheSync.Stores.Cassandra.Tests/node-driver cassandra-driver
install tests/CacheSync.Interop.Tests/node amqplib redis
