#!/usr/bin/env bash
# Builds what is missing or stale, then starts Redis (unless AO_REDIS_URL is set), the
# API on :8080 and one worker. Ctrl-C stops everything it started.
set -euo pipefail
cd "$(dirname "$0")"

jars=(devstack/target/devstack.jar api-service/target/api-service.jar task-worker/target/task-worker.jar)
stale=0
for jar in "${jars[@]}"; do
  [ -f "$jar" ] || { stale=1; break; }
done
if [ "$stale" = 0 ]; then
  oldest=$(ls -t "${jars[@]}" | tail -n 1)
  if [ -n "$(find . -path ./var -prune -o \( -name pom.xml -o -path '*/src/main/*' \) -newer "$oldest" -type f -print -quit)" ]; then
    stale=1
  fi
fi
if [ "$stale" = 1 ]; then
  echo "[run.sh] building (first run or sources changed): ./mvnw -q -B -DskipTests package"
  ./mvnw -q -B -DskipTests package
fi
exec java -jar devstack/target/devstack.jar "$@"
