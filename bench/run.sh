#!/usr/bin/env bash
# The benchmarks in one command: brings up the local RabbitMQ and Redis, publishes the worker as the Dockerfile does
# (self-contained, Release), and runs every scenario: baselines A and B, the worker in write-through and write-around,
# latency, shapes, then the micro-benchmarks. Prints the table; writes Markdown and JSON under bench/results/.
# Loopback only; every run is bounded in events and time. Arguments go to the bench (e.g. --smoke, e2e, micro).
set -euo pipefail
cd "$(dirname "$0")/.."

bash deploy/local/services.sh
echo "[bench] building"
dotnet build bench/CacheSync.Bench/CacheSync.Bench.csproj -c Release -nologo -v quiet
dotnet publish src/CacheSync.Worker/CacheSync.Worker.csproj -c Release -r linux-x64 --self-contained \
  -o artifacts/bench-worker -nologo -v quiet
exec dotnet bench/CacheSync.Bench/bin/Release/net10.0/cachesync-bench.dll "$@" --worker artifacts/bench-worker/CacheSync.Worker
