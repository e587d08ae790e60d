#!/usr/bin/env bash
# Installs the npm packages of the Cassandra interop harness (the DataStax Node.js driver, pinned in
# tests/CacheSync.Stores.Cassandra.Tests/node-driver/package-lock.json). Idempotent: skips when node_modules already
# matches the lock file. Quiet on success; on any failure it says what failed and exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=tests/CacheSync.Stores.Cassandra.Tests/node-driver

command -v node >/dev/null 2>&1 || { echo "[interop-deps] node is not installed (Node.js 20+ needed)" >&2; exit 1; }
command -v npm >/dev/null 2>&1 || { echo "[interop-deps] npm is not installed" >&2; exit 1; }
major=$(node -p 'process.versions.node.split(".")[0]')
[ "$major" -ge 20 ] || { echo "[interop-deps] node $(node --version) is too old: cassandra-driver 4.10 needs 20+" >&2; exit 1; }

# A stamp of the lock file's hash, written after a successful install: same lock and driver present, nothing to do.
stamp="$dir/node_modules/.interop-lock.sha256"
want=$(sha256sum "$dir/package-lock.json" | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ] && [ -f "$dir/node_modules/cassandra-driver/package.json" ]; then
  exit 0
fi

log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! (cd "$dir" && npm ci --no-audit --no-fund --loglevel=error) >"$log" 2>&1; then
  echo "[interop-deps] npm ci failed in $dir:" >&2
  cat "$log" >&2
  exit 1
fi
echo "$want" >"$stamp"
