#!/usr/bin/env bash
# The README's "Command line" session, as it ran: against a stack started by ./run.sh with
#   AO_CRM_API_BASE_URL=http://127.0.0.1:9090 AO_QUEUE_MAX_ATTEMPTS=2 AO_QUEUE_RETRY_BASE_DELAY_MS=500 ./run.sh
# over empty data (rm -rf var/redis), and nothing on :9090 yet (the CRM is "down"), so the leads' CRM syncs die quickly.
# Prints each command with "$ " before its output (stderr too).
set -uo pipefail
cd "$(dirname "$0")/.."
export AO_URL=${AO_URL:-http://127.0.0.1:8080}
show() {
  echo "\$ $*"
  bash -c "$*" 2>&1
  local rc=$?
  [ "$rc" = 0 ] || echo "(exit $rc)"
}
wait_until_dead() {
  local want=$1
  for _ in $(seq 1 60); do
    [ "$(./ao queues --json | python3 -c 'import json,sys; print(sum(q["dead"] for q in json.load(sys.stdin)["items"]))')" -ge "$want" ] && return 0
    sleep 1
  done
  return 1
}

show './ao --version'
show './ao login --username admin --password-stdin < var/admin-password'
show './ao definitions apply -f docs/examples/welcome.yaml'
show './ao definitions list'
TOKEN=$(python3 -c 'import json; print(json.load(open("'"${XDG_CONFIG_HOME:-$HOME/.config}"'/ao/token.json"))["access_token"])')
export TOKEN
show 'for i in 1 2 3 4 5; do curl -s -o /dev/null -w "%{http_code} " "$AO_URL/api/leads" -H "Authorization: Bearer $TOKEN" -H "Content-Type: application/json" -d "{\"email\":\"lead$i@example.com\",\"first_name\":\"Lead\",\"last_name\":\"No$i\",\"company\":\"Acme\",\"source\":\"web_form\"}"; done; echo'
wait_until_dead 5
show './ao queues'
show './ao dead list'
first_dead=$(./ao dead list --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["task_id"])')
# the CRM comes back (started here, not through show, to keep its PID)
echo '$ python3 docs/crm-stand-in.py 9090 2>/dev/null &'
python3 docs/crm-stand-in.py 9090 2>/dev/null &
crm=$!
# the worker's CRM circuit breaker opened while the CRM was down; it half-opens after 10 s
sleep 11
show './ao dead retry --all --type crm_update < /dev/null'
show './ao dead retry --all --type crm_update --yes'
sleep 3
show './ao queues'
show './ao dead list'
show "./ao tasks get $first_dead"
show './ao leads list'
show './ao runs list --workflow welcome'
run=$(./ao runs list --workflow welcome --json | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["workflow_id"])')
show "./ao runs get $run"
show "./ao runs cancel $run"
show './ao definitions apply -f docs/examples/welcome.yaml'
show './ao queues --json'
show './ao tasks get no-such-task'
show './ao logout'
show './ao queues'
kill "$crm"
