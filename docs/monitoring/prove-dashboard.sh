#!/usr/bin/env bash
# Proves the dashboard's queries on real data: starts Redis, the API and a worker from the built
# jars, Prometheus (Debian's prometheus package) scraping both with the alert rules loaded,
# drives a short load, asks Prometheus every panel's query, and takes screenshots of
# Prometheus's graph page for the key panels with headless Chromium. Everything on 127.0.0.1;
# it stops what it started. Usage: docs/monitoring/prove-dashboard.sh [load seconds, default 90]
set -euo pipefail
cd "$(dirname "$0")/../.."
seconds=${1:-90}
work=$(mktemp -d /tmp/ao-prove-XXXXXX)
redis_port=16391 api_port=18090 worker_port=18091 prom_port=19099
pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

redis-server --port $redis_port --save '' --appendonly no --dir "$work" >"$work/redis.log" 2>&1 & pids+=($!)
export AO_REDIS_URL=redis://127.0.0.1:$redis_port/0 AO_JWT_SECRET=prove-dashboard-secret-0123456789abcdef
export AO_ADMIN_PASSWORD=prove-dashboard-admin AO_AUDIT_BACKUP_DIR=$work/backups
sleep 1
AO_HTTP_PORT=$api_port AO_HTTP_HOST=127.0.0.1 java -jar api-service/target/api-service.jar >"$work/api.log" 2>&1 & pids+=($!)
AO_WORKER_HTTP_PORT=$worker_port AO_WORKER_HTTP_HOST=127.0.0.1 java -jar task-worker/target/task-worker.jar \
  --queue default --worker-id prove-1 >"$work/worker.log" 2>&1 & pids+=($!)
python3 - "$work" "$api_port" "$worker_port" <<'PY'
import json, subprocess, sys, yaml
work, api, worker = sys.argv[1:]
rules = yaml.safe_load(open('k8s/components/monitoring/prometheusrule.yaml'))['spec']
yaml.safe_dump(rules, open(work + '/ao-rules.yaml', 'w'))
yaml.safe_dump({'global': {'scrape_interval': '5s', 'evaluation_interval': '5s'},
                'rule_files': [work + '/ao-rules.yaml'],
                'scrape_configs': [{'job_name': 'ao-api', 'static_configs': [{'targets': ['127.0.0.1:' + api]}]},
                                   {'job_name': 'ao-worker', 'static_configs': [{'targets': ['127.0.0.1:' + worker]}]}]},
               open(work + '/prometheus.yml', 'w'))
PY
prometheus --config.file="$work/prometheus.yml" --storage.tsdb.path="$work/tsdb" \
  --web.listen-address=127.0.0.1:$prom_port >"$work/prometheus.log" 2>&1 & pids+=($!)
for i in $(seq 1 60); do curl -sf http://127.0.0.1:$api_port/health/ready >/dev/null && curl -sf http://127.0.0.1:$worker_port/health/ready >/dev/null && break; sleep 1; done
token=$(curl -sf -X POST -H 'Content-Type: application/json' \
  -d "{\"username\":\"admin\",\"password\":\"$AO_ADMIN_PASSWORD\"}" http://127.0.0.1:$api_port/api/auth/login | jq -r .access_token)
echo "load: $seconds s of leads, tasks, workflows, reads, 404s (the default rate limit answers some 429)"
end=$((SECONDS + seconds)); n=0
while [ $SECONDS -lt $end ]; do
  n=$((n + 1))
  (
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d '{"type":"noop"}' http://127.0.0.1:$api_port/api/tasks &
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"email\":\"prove-$n@example.com\",\"company\":\"Acme\"}" http://127.0.0.1:$api_port/api/leads &
    curl -s -o /dev/null -X POST -H "Authorization: Bearer $token" -H 'Content-Type: application/json' \
      -d "{\"workflow\":\"crm_sync\",\"lead\":{\"email\":\"wf-$n@example.com\"}}" http://127.0.0.1:$api_port/api/workflows &
    curl -s -o /dev/null -H "Authorization: Bearer $token" http://127.0.0.1:$api_port/api/leads &
    curl -s -o /dev/null -H "Authorization: Bearer $token" http://127.0.0.1:$api_port/api/leads/no-such-lead &
    wait
  )
  sleep 0.05
done
sleep 15
echo "panel queries at $(date -u +%FT%TZ):"
jq -r '.panels[] | select(.targets) | .title as $t | .targets[] | [$t, .expr] | @tsv' k8s/components/monitoring/ao-dashboard.json |
while IFS=$'\t' read -r title expr; do
  answer=$(curl -sf --get --data-urlencode "query=$expr" http://127.0.0.1:$prom_port/api/v1/query)
  count=$(jq '.data.result | length' <<<"$answer")
  sample=$(jq -r '[.data.result[:2][] | (.metric | to_entries | map(.value) | join(" ")) + "=" + (.value[1] | .[0:8])] | join("; ")' <<<"$answer")
  printf '%-45s %2s series  %s\n' "$title" "$count" "$sample"
  [ "$count" -gt 0 ] || echo "  NO ANSWER: $expr"
done | tee "$work/answers.txt"
! grep -q 'NO ANSWER' "$work/answers.txt" || { echo "some panels had no answer"; exit 1; }
shoot() {
  local file=$1 expr=$2 url
  url="http://127.0.0.1:$prom_port/graph?g0.expr=$(jq -rn --arg e "$expr" '$e|@uri')&g0.tab=0&g0.range_input=$((seconds / 60 + 2))m"
  chromium --headless=new --no-sandbox --disable-gpu --hide-scrollbars --window-size=1400,820 \
    --virtual-time-budget=8000 --screenshot="docs/monitoring/img/$file" "$url" >/dev/null 2>&1
  echo "screenshot docs/monitoring/img/$file"
}
shoot queue-depth.png 'max by (queue) (ao_queue_depth)'
shoot task-rate.png 'sum by (type, outcome) (rate(ao_worker_tasks_total[1m]))'
shoot api-latency-p99.png 'histogram_quantile(0.99, sum by (le, route) (rate(vertx_http_server_response_time_seconds_bucket{job="ao-api",route!~"/health.*|/metrics"}[1m])))'
shoot api-requests.png 'sum by (code) (rate(vertx_http_server_requests_total{job="ao-api"}[1m]))'
echo "logs and data in $work"
