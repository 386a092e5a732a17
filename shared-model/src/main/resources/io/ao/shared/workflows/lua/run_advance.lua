-- run advance: a workflow task's success (a step's task, or a wait's wake task), the step
-- it belongs to closed with its output, and the run moved on by the worker's plan: the next
-- task enqueued, a wait scheduled, or the run ended; one step
-- KEYS[1] stream  KEYS[2] the task's status hash  KEYS[3] the run's hash
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] worker id  ARGV[4] now (ms)  ARGV[5] result (JSON)
-- ARGV[6] retention (s)  ARGV[7] slot prefix  ARGV[8] run id  ARGV[9] the run's seq the plan
-- was made from  ARGV[10] the lead's hash ('' = the run has no lead)  ARGV[11] the lead's
-- version the plan was made from  ARGV[12] the step closed  ARGV[13] its output (JSON, '' =
-- none)  ARGV[14] the plan (JSON, see wf_apply)
-- Returns {0} when this delivery no longer owned the task (the one that did advanced the
-- run); {2} stale: the run or the lead moved since the plan was made, nothing recorded (plan
-- again); {1, 'ended'} the run had ended (the task's success alone recorded); {1, status}.
local stream, task, run_key = KEYS[1], KEYS[2], KEYS[3]
local group, entry, worker, now, result, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local slot, run_id, seq, lead_key, lead_version = ARGV[7], ARGV[8], ARGV[9], ARGV[10], ARGV[11]
local closed, output = ARGV[12], ARGV[13]
if not owns(task, entry) then
  ack_and_delete(stream, group, entry)
  return { 0 }
end
local run = redis.call('HMGET', run_key, 'status', 'seq', 'current')
if not run[1] or WF_ENDED[run[1]] or run[3] ~= closed then
  record_success(task, entry, worker, now, result, retention)
  ack_and_delete(stream, group, entry)
  return { 1, 'ended' }
end
if run[2] ~= seq or (lead_key ~= '' and redis.call('HGET', lead_key, 'version') ~= lead_version) then
  return { 2 }
end
record_success(task, entry, worker, now, result, retention)
ack_and_delete(stream, group, entry)
local doc = wf_step_doc(run_key, closed)
doc.status = 'succeeded'
doc.finished_at = tonumber(now)
if output ~= '' then
  doc.output = cjson.decode(output)
end
wf_put_step(run_key, closed, doc)
redis.call('HDEL', run_key, 'resumed')
if doc.kind == 'wait_for' then
  -- no longer waiting for the lead
  local lead = redis.call('HGET', run_key, 'lead_id')
  local v = redis.call('HMGET', run_key, 'workflow', 'version')
  wf_register(slot, run_id, lead, v[1], v[2], '')
end
return { 1, wf_apply(slot, run_key, run_id, cjson.decode(ARGV[14]), now, retention) }
