#!/usr/bin/env bash
# redis.min_replicas_ack 1 against 0, side by side in one session: one Redis master with 2
# replicas (redis-server, AOF everysec, as the run command's), then ROUNDS rounds of
# "seed-mix with ack 0" and "seed-mix with ack 1", alternating, each on freshly started API and
# worker processes and emptied Redis data. Writes each run's folder (summary.json) under OUT and
# prints the medians and their ratio (summarize.py).
# Usage: benchmarks/2026-12-03/replica-ack/bench.sh [ROUNDS] [DURATION_S]
set -euo pipefail
cd "$(dirname "$0")/../../.."
ROUNDS=${1:-3}
DURATION=${2:-60}
HERE=benchmarks/2026-12-03/replica-ack
OUT=$HERE/runs
WORK=$(mktemp -d /tmp/ao-replica-ack-XXXX)
LT="java -jar loadtest/target/loadtest.jar"
PW=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
JWT=$(head -c 48 /dev/urandom | base64 | tr -d '/+=')
free_port() { python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'; }
M=$(free_port); R1=$(free_port); R2=$(free_port); API=$(free_port); WK=$(free_port)
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; wait 2>/dev/null || true; rm -rf "$WORK"; }
trap cleanup EXIT
redis() { # port [replicaof-port]
  mkdir -p "$WORK/$1"
  local extra=()
  [ -n "${2:-}" ] && extra=(--replicaof 127.0.0.1 "$2")
  redis-server --port "$1" --bind 127.0.0.1 --dir "$WORK/$1" --save "" --appendonly yes \
    --appendfsync everysec --hash-max-ziplist-value 1024 --logfile redis.log "${extra[@]}" &
  pids+=($!)
}
redis "$M"; sleep 0.5; redis "$R1" "$M"; redis "$R2" "$M"
for _ in $(seq 100); do
  [ "$(redis-cli -p "$M" info replication | grep -c 'state=online')" = 2 ] && break; sleep 0.1
done
redis-cli -p "$M" info replication | grep -E 'connected_slaves|slave[0-9]'
await_ready() { for _ in $(seq 300); do curl -fs "$1" >/dev/null && return 0; sleep 0.2; done; echo "not ready: $1"; exit 1; }
mkdir -p "$OUT"
for round in $(seq "$ROUNDS"); do
  for ack in 0 1; do
    redis-cli -p "$M" flushall >/dev/null
    export AO_REDIS_URL=redis://127.0.0.1:$M AO_REDIS_MIN_REPLICAS_ACK=$ack \
      AO_REDIS_REPLICA_ACK_TIMEOUT_MS=1000 AO_ADMIN_PASSWORD=$PW AO_JWT_SECRET=$JWT \
      AO_RATE_LIMIT_PER_ROLE='{"admin": 1000000}' AO_HTTP_PORT=$API AO_WORKER_HTTP_PORT=$WK
    java -Xmx192m -jar api-service/target/api-service.jar > "$WORK/api-$round-$ack.log" 2>&1 &
    api=$!
    java -Xmx192m -jar task-worker/target/task-worker.jar > "$WORK/worker-$round-$ack.log" 2>&1 &
    worker=$!
    pids+=("$api" "$worker")
    await_ready "http://127.0.0.1:$API/health/ready"; await_ready "http://127.0.0.1:$WK/health/ready"
    echo "round $round, min_replicas_ack $ack"
    $LT seed-mix --url "http://127.0.0.1:$API" --users 50 --spawn-rate 50 --think 0.5-1.5 \
      --duration "$DURATION" --warmup 30 --auth api-key --password "$PW" --check-workflows 0 \
      --out "$OUT/ack$ack" > "$WORK/lt.out" 2>&1 || echo "run failed: $(tail -n 1 "$WORK/lt.out")"
    tail -n 1 "$WORK/lt.out"
    kill "$api" "$worker"; wait "$api" "$worker" 2>/dev/null || true
  done
done
python3 "$HERE/summarize.py" "$OUT" | tee "$HERE/summary.md"
