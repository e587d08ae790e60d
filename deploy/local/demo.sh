#!/usr/bin/env bash
# The README's first command: RabbitMQ and Redis up on loopback, the worker built and started on the embedded
# SQLite store, a scripted stream of events published, and what ended up in Redis, the store and the DLQ shown.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD

bash deploy/local/services.sh

echo "[demo] building"
{ dotnet build src/CacheSync.Worker -c Release -v quiet -nologo && dotnet build src/CacheSync.Demo -c Release -v quiet -nologo; } >/tmp/cachesync-demo-build.log 2>&1 \
  || { tail -40 /tmp/cachesync-demo-build.log; exit 1; }

mkdir -p .demo
# A local run: the guest user is allowed outside production only.
export DOTNET_ENVIRONMENT=Development
export CacheSync__Sqlite__Path="$root/.demo/cachesync.db"
export CACHESYNC_SQLITE="$CacheSync__Sqlite__Path"
worker_log="$root/.demo/worker.log"

# One message at a time, so the log reads in publish order (the fences make any order safe; the tests prove it).
# Debug on the delivery handler shows each event's outcome (applied, duplicate, stale) in the worker's log.
echo "[demo] starting the worker (log: .demo/worker.log)"
dotnet src/CacheSync.Worker/bin/Release/net10.0/CacheSync.Worker.dll \
  --Logging:LogLevel:CacheSync.Core.Processing.DeliveryHandler=Debug \
  --CacheSync:RabbitMq:PrefetchCount=1 --CacheSync:RabbitMq:ConcurrencyLimit=1 >"$worker_log" 2>&1 &
worker=$!
stop_worker() { kill -TERM "$worker" 2>/dev/null && wait "$worker" 2>/dev/null || true; }
trap stop_worker EXIT

# The worker is ready when its queue has a consumer.
for _ in $(seq 1 60); do
  if rabbitmqctl -q list_queues name consumers 2>/dev/null | awk '$1=="cachesync.worker" && $2>0 {found=1} END {exit !found}'; then break; fi
  kill -0 "$worker" 2>/dev/null || { echo "[demo] the worker exited:"; tail -20 "$worker_log"; exit 1; }
  sleep 0.5
done

status=0
dotnet src/CacheSync.Demo/bin/Release/net10.0/CacheSync.Demo.dll || status=$?
stop_worker
trap - EXIT
echo
echo "What the worker said about each message (from .demo/worker.log):"
grep -A1 -E "^(dbug|warn|fail): CacheSync" "$worker_log" | grep -vE "^(dbug|warn|fail):|^--" | sed 's/^ */  /' | tail -n 40
exit $status
