#!/usr/bin/env bash
# Brings up the two servers CacheSync needs on loopback: RabbitMQ (5672) and Redis (6379).
# Installs them from Debian's packages when missing and we are root; otherwise says how to start them.
# Idempotent: servers that already answer are left alone.
set -euo pipefail

RABBIT_PORT="${CACHESYNC_RABBITMQ_PORT:-5672}"
REDIS_PORT="${CACHESYNC_REDIS_PORT:-6379}"

log() { printf '[services] %s\n' "$*" >&2; }

rabbit_answers() { timeout 15 rabbitmq-diagnostics -q check_port_connectivity >/dev/null 2>&1; }
redis_answers() { [ "$(timeout 3 redis-cli -h 127.0.0.1 -p "$REDIS_PORT" ping 2>/dev/null)" = "PONG" ]; }

install_missing() {
  local missing=()
  command -v rabbitmq-server >/dev/null 2>&1 || missing+=(rabbitmq-server)
  command -v redis-server >/dev/null 2>&1 || missing+=(redis-server)
  [ ${#missing[@]} -eq 0 ] && return 0
  if [ "$(id -u)" -ne 0 ]; then
    log "missing: ${missing[*]}. Install them (sudo apt-get install -y ${missing[*]}),"
    log "or start them with Docker: docker compose up -d rabbitmq redis"
    exit 3
  fi
  log "installing ${missing[*]} from Debian's packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -q >/dev/null
  apt-get install -y -q "${missing[@]}" >/dev/null
}

start_redis() {
  if redis_answers; then log "redis already answers on 127.0.0.1:$REDIS_PORT"; return 0; fi
  log "starting redis-server on 127.0.0.1:$REDIS_PORT"
  redis-server --bind 127.0.0.1 --port "$REDIS_PORT" --daemonize yes --save '' --appendonly no \
    --dir /tmp --logfile /tmp/cachesync-redis.log
  for _ in $(seq 1 50); do redis_answers && return 0; sleep 0.2; done
  log "redis did not answer; see /tmp/cachesync-redis.log"; exit 4
}

start_rabbitmq() {
  if rabbit_answers; then log "rabbitmq already answers"; return 0; fi
  log "starting rabbitmq-server on 127.0.0.1:$RABBIT_PORT (takes a few seconds)"
  RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT="$RABBIT_PORT" \
    rabbitmq-server -detached >/tmp/cachesync-rabbitmq.log 2>&1 || true
  # await_startup fails at once while the node is not yet registered with epmd, so poll.
  for _ in $(seq 1 90); do
    if timeout 20 rabbitmqctl -q await_startup >/dev/null 2>&1 && rabbit_answers; then return 0; fi
    sleep 1
  done
  log "rabbitmq did not answer on port $RABBIT_PORT; see /tmp/cachesync-rabbitmq.log and /var/log/rabbitmq"; exit 4
}

install_missing
start_redis
start_rabbitmq
log "ready: amqp://guest:guest@127.0.0.1:$RABBIT_PORT/  redis 127.0.0.1:$REDIS_PORT"
