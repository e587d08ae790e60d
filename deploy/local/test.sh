#!/usr/bin/env bash
# The README's second command (and what CI runs): brings up RabbitMQ and Redis on loopback, installs the Node.js
# packages used as interop judges, builds, runs every
# test project against those real servers, and ends with the plain summary line "N passed, N failed, N skipped".
set -uo pipefail
cd "$(dirname "$0")/../.."

bash deploy/local/services.sh || exit $?
# The DataStax Node.js driver, the independent judge of our CQL frames, and amqplib + node-redis, a non-.NET
# producer and cache reader (each pinned in its package-lock.json).
if ! bash deploy/local/interop-deps.sh; then
  echo "0 passed, 1 failed"
  exit 1
fi

results=$(mktemp -d /tmp/cachesync-test-results.XXXXXX)
echo "[test] building"
if ! dotnet build CacheSync.sln -c Release -nologo -v quiet >"$results/build.log" 2>&1; then
  grep -E "error|Error" "$results/build.log" | sort -u | head -40
  echo "0 passed, 1 failed"
  exit 1
fi

echo "[test] running tests (results in $results)"
dotnet test CacheSync.sln -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" \
  -- NUnit.DefaultTimeout=180000 2>&1 | tee "$results/test.log" \
  | grep -E "^Test run for|^\s+(Failed|Skipped) |^Total tests|^\s+(Passed|Failed|Skipped):|Error Message|^\s+(Expected|But was|Assert)" \
  | sed -E 's#^Test run for .*/([^/]+)\.dll.*#\1#' 
status=${PIPESTATUS[0]}

# Count from the result files, not from the console.
passed=0; failed=0; skipped=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx")
  get() { printf '%s' "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*' || echo 0; }
  passed=$((passed + $(get passed)))
  failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
  # Ignored tests are not "executed" and the TRX logger does not count them under notExecuted: total - executed.
  skipped=$((skipped + $(get total) - $(get executed)))
done

if [ "$files" -eq 0 ] || { [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; }; then
  # The runner failed without a failed test to show for it (a crashed test host, a missing result file).
  echo "[test] dotnet test exited with $status; see $results/test.log"
  failed=$((failed + 1))
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ] && [ "$status" -eq 0 ]
