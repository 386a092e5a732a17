-- Helpers prepended to every queue script (see LuaScript.java). Every key a script
-- touches carries the queue's hash tag, so all of them live in one Cluster slot.

-- An entry's life ends with its outcome: acknowledge and delete it in the same script,
-- so the stream only ever holds outstanding work and no trimming can drop it.
local function ack_and_delete(stream, group, entry)
  if entry and entry ~= '' then
    redis.call('XACK', stream, group, entry)
    redis.call('XDEL', stream, entry)
  end
end

local TERMINAL = { succeeded = true, failed = true, dead = true, cancelled = true }

-- The queue's per-minute history (QueueHistory): one hash per partition and minute,
-- <slot>history:<minute since the epoch>, counted by the scripts whose step it records
-- (enqueued, succeeded, failed) and sampled for depth once a minute (history_sample.lua).
-- It shares the task keys' hash tag, and it expires, so it stays bounded.
local HISTORY_TTL_SECONDS = 7200

local function history_count(task_key, now, field)
  local slot = string.match(task_key, '^(.*)task:[^:]*$')
  if not slot then
    return -- not a queue's task key: nothing to count it in
  end
  local key = slot .. 'history:' .. math.floor(tonumber(now) / 60000)
  -- the first count of a field in a new bucket: the bucket may be new, so it gets its expiry
  if redis.call('HINCRBY', key, field, 1) == 1 then
    redis.call('EXPIRE', key, HISTORY_TTL_SECONDS)
  end
end

-- XADD one delivery of the task whose status hash is task_key; its attempt number is
-- the attempts recorded so far + 1. Returns the new stream entry id.
local function deliver(stream, task_key, id, now)
  local v = redis.call('HMGET', task_key, 'type', 'payload', 'max_attempts', 'request_id',
    'workflow_id', 'step', 'attempts')
  local attempt = (tonumber(v[7]) or 0) + 1
  -- a first attempt (a new task, a scheduled one now due, a re-driven one) counts as
  -- enqueued; a retry's delivery does not
  if attempt == 1 then
    history_count(task_key, now, 'enqueued')
  end
  local entry = redis.call('XADD', stream, '*',
    'id', id, 'type', v[1], 'payload', v[2] or '{}', 'attempt', tostring(attempt),
    'max_attempts', v[3] or '3', 'enqueued_at', now, 'request_id', v[4] or '',
    'workflow_id', v[5] or '', 'step', v[6] or '')
  redis.call('HSET', task_key, 'state', 'queued', 'entry', entry, 'updated_at', now)
  return entry
end

-- Creates a task's status hash and delivers it, unless a task with that id exists
-- (enqueue is idempotent by task id). fields: flat name/value list from the caller.
local function create_and_deliver(stream, task_key, id, now, fields)
  if redis.call('EXISTS', task_key) == 1 then
    return false
  end
  redis.call('HSET', task_key, 'id', id, 'attempts', '0', 'created_at', now, unpack(fields))
  return deliver(stream, task_key, id, now)
end

-- Creates a task's status hash to be delivered at due (ms): state 'scheduled', its id in
-- the delayed zset, which promote_due delivers from. No-op (false) when the id exists.
local function create_scheduled(delayed, task_key, id, now, due, fields)
  if redis.call('EXISTS', task_key) == 1 then
    return false
  end
  redis.call('HSET', task_key, 'id', id, 'attempts', '0', 'created_at', now, unpack(fields))
  redis.call('HSET', task_key, 'state', 'scheduled', 'next_run_at', due, 'updated_at', now)
  redis.call('ZADD', delayed, due, id)
  return true
end

-- True when this entry is the task's current delivery and the task is running: only
-- then may an outcome be recorded. Anything else is a stale or duplicate delivery.
local function owns(task_key, entry)
  local v = redis.call('HMGET', task_key, 'state', 'entry')
  return v[1] == 'running' and v[2] == entry
end

-- Enqueues the tasks described by tasks_json: [{"id": ..., "fields": [name, value, ...]}],
-- each into the stream with its status hash at task_prefix .. id. Used by scripts that
-- change state and must enqueue the follow-up work in the same atomic step.
local function enqueue_all(stream, task_prefix, tasks_json, now)
  for _, task in ipairs(cjson.decode(tasks_json)) do
    create_and_deliver(stream, task_prefix .. task.id, task.id, now, task.fields)
  end
end

-- An event happened (a lead written, a run ended): one `webhook` delivery task per
-- subscription of the event, enqueued in the caller's step, so the event is delivered
-- exactly when the write is in Redis. slot: the home partition's slot prefix, where the
-- subscriptions (WebhookKeys) and the queue's stream live; data_json: the event's data,
-- already JSON (spliced in as it is: cjson would turn an empty list into an object).
-- The event id counts up per slot; it is the webhook-id of every attempt of each delivery.
-- lead, retention: a lead's event carries its data, so its deliveries are listed on
-- <slot>lead-webhooks:<lead> (kept `retention` s) for webhook_erase when the lead is deleted.
local function webhook_emit(slot, event, data_json, now, lead, retention)
  local subscribers = redis.call('SMEMBERS', slot .. 'webhooks:' .. event)
  if #subscribers == 0 then
    return
  end
  local event_id = 'evt_' .. now .. '_' .. redis.call('INCR', slot .. 'webhook-events')
  local queue = string.match(slot, '{(.-)}') or 'default'
  for _, subscription in ipairs(subscribers) do
    local max_attempts = redis.call('HGET', slot .. 'webhook:' .. subscription, 'max_attempts')
    if max_attempts then
      local id = 'wh.' .. event_id .. '.' .. subscription
      local payload = '{"subscription":' .. cjson.encode(subscription) .. ',"event_id":'
        .. cjson.encode(event_id) .. ',"event":' .. cjson.encode(event) .. ',"occurred_at":'
        .. now .. ',"data":' .. data_json .. '}'
      create_and_deliver(slot .. 'stream', slot .. 'task:' .. id, id, now,
        { 'type', 'webhook', 'queue', queue, 'payload', payload, 'max_attempts', max_attempts,
          'request_id', '', 'workflow_id', '', 'step', '' })
      if lead then
        redis.call('SADD', slot .. 'lead-webhooks:' .. lead, id)
        redis.call('EXPIRE', slot .. 'lead-webhooks:' .. lead, retention)
      end
    end
  end
end

-- The lead was deleted: the deliveries of its earlier events keep only its id, so no copy
-- of its personal data outlives it in a task (WebhookHandler reads the payload from the
-- task's hash at each attempt, so a queued or retrying delivery sends the erased form).
local function webhook_erase(slot, lead)
  local list = slot .. 'lead-webhooks:' .. lead
  for _, id in ipairs(redis.call('SMEMBERS', list)) do
    local task = slot .. 'task:' .. id
    local payload = redis.call('HGET', task, 'payload')
    if payload then
      local p = cjson.decode(payload)
      redis.call('HSET', task, 'payload', '{"subscription":' .. cjson.encode(p.subscription)
        .. ',"event_id":' .. cjson.encode(p.event_id) .. ',"event":' .. cjson.encode(p.event)
        .. ',"occurred_at":' .. tostring(p.occurred_at) .. ',"data":{"id":' .. cjson.encode(lead)
        .. '},"erased":true}')
    end
  end
  redis.call('DEL', list)
end

-- A run ended as succeeded or failed: its workflow.<status> event.
local function webhook_run_ended(slot, run_key, status, now)
  local r = redis.call('HMGET', run_key, 'id', 'workflow', 'version', 'lead_id', 'error')
  webhook_emit(slot, 'workflow.' .. status, cjson.encode({ run_id = r[1], workflow = r[2],
    version = tonumber(r[3]), lead_id = r[4] or '', status = status, error = r[5] or nil }), now)
end

-- The run hash of a workflow task (a step's task or a wait's wake task), or nil. A run and
-- its tasks share a slot prefix (see workflow_lib.lua), so the run's key is the task's key
-- with 'task:<id>' replaced by 'wf:<run>'.
local function run_of_task(task)
  local v = redis.call('HMGET', task, 'workflow_id', 'step', 'id')
  if not v[1] or v[1] == '' then
    return nil
  end
  local slot = string.sub(task, 1, #task - #('task:' .. v[3]))
  return slot, slot .. 'wf:' .. v[1], v[1], v[2]
end

-- A run's current step's task was buried: the run fails with the step's error, and is off
-- its lead's active runs (a re-drive of the task revives it, see run_step_redriven).
local function run_step_buried(task, now, err)
  local slot, run_key, run_id, step = run_of_task(task)
  if not run_key then
    return
  end
  local r = redis.call('HMGET', run_key, 'status', 'current', 'lead_id', 's:' .. step)
  if (r[1] ~= 'running' and r[1] ~= 'waiting') or r[2] ~= step then
    return
  end
  local doc = r[4] and cjson.decode(r[4]) or {}
  doc.status = 'failed'
  doc.error = err
  doc.finished_at = tonumber(now)
  redis.call('HSET', run_key, 's:' .. step, cjson.encode(doc), 'status', 'failed',
    'error', step .. ': ' .. err, 'updated_at', now)
  webhook_run_ended(slot, run_key, 'failed', now)
  if r[3] and r[3] ~= '' then
    redis.call('HDEL', slot .. 'lead-runs:' .. r[3], run_id)
    if redis.call('EXISTS', slot .. 'lead:' .. r[3]) == 1 then
      redis.call('HINCRBY', slot .. 'lead:' .. r[3], 'runs_seq', 1)
    end
  end
end

-- A failed run's failed step was re-driven: the run is running that step again, and
-- active for its lead once more.
local function run_step_redriven(task, now)
  local slot, run_key, run_id, step = run_of_task(task)
  if not run_key then
    return
  end
  local r = redis.call('HMGET', run_key, 'status', 'current', 'lead_id', 's:' .. step,
    'workflow', 'version')
  if r[1] ~= 'failed' or r[2] ~= step then
    return
  end
  local doc = r[4] and cjson.decode(r[4]) or {}
  doc.status = 'queued'
  doc.error = nil
  doc.finished_at = nil
  redis.call('HSET', run_key, 's:' .. step, cjson.encode(doc), 'status', 'running',
    'updated_at', now)
  redis.call('HDEL', run_key, 'error')
  if r[3] and r[3] ~= '' and redis.call('EXISTS', slot .. 'lead:' .. r[3]) == 1 then
    redis.call('HSET', slot .. 'lead-runs:' .. r[3], run_id,
      cjson.encode({ w = r[5], v = tonumber(r[6]), s = '' }))
    redis.call('HINCRBY', slot .. 'lead:' .. r[3], 'runs_seq', 1)
  end
end

-- -> dead or failed: the task goes onto the dead-letter stream and its status hash stays
-- (no expiry) until an operator re-drives or discards it. final: 'dead' (attempts used
-- up) or 'failed' (an error no retry can fix); attempts: the attempts it used.
local function bury(dead, task, now, err, attempts, final)
  final = final or 'dead'
  local v = redis.call('HMGET', task, 'id', 'type')
  local dead_entry = redis.call('XADD', dead, '*', 'id', v[1], 'type', v[2] or '',
    'state', final, 'error', err, 'attempts', attempts, 'failed_at', now)
  redis.call('HSET', task, 'state', final, 'attempts', attempts, 'last_error', err,
    'finished_at', now, 'updated_at', now, 'dead_entry', dead_entry, 'entry', '')
  redis.call('PERSIST', task)
  history_count(task, now, 'failed')
  run_step_buried(task, now, err)
end

-- start: queued -> running for one delivery picked up by a worker. Returns
-- {'run', attempts, max_attempts}; {'skip', reason} when the entry must not run (task
-- gone, terminal or superseded: the entry is acked and deleted here); {'dead', attempts}
-- when deliveries that never reported back (workers that died mid-task) have used up
-- every attempt: the task is dead-lettered here.
local function start_one(stream, dead, task, group, entry, worker, now)
  local v = redis.call('HMGET', task, 'state', 'entry', 'max_attempts', 'attempts')
  local state, current, max_attempts = v[1], v[2], tonumber(v[3]) or 3
  if not state then
    ack_and_delete(stream, group, entry)
    return { 'skip', 'gone' }
  end
  if TERMINAL[state] or current ~= entry then
    ack_and_delete(stream, group, entry)
    return { 'skip', TERMINAL[state] and state or 'superseded' }
  end
  local attempts = (tonumber(v[4]) or 0) + 1
  if attempts > max_attempts then
    ack_and_delete(stream, group, entry)
    bury(dead, task, now, 'no outcome reported after ' .. max_attempts .. ' deliveries (worker lost mid-task)',
      tostring(attempts - 1))
    return { 'dead', attempts - 1 }
  end
  redis.call('HSET', task, 'state', 'running', 'attempts', tostring(attempts), 'worker', worker,
    'started_at', now, 'updated_at', now)
  return { 'run', attempts, max_attempts }
end

-- complete: running -> succeeded, when this delivery still owns the task. Returns 1 when
-- recorded, 0 when it no longer did (its outcome was already recorded by another
-- delivery). The caller acks and deletes the entry either way.
local function record_success(task, entry, worker, now, result, retention)
  if not owns(task, entry) then
    return 0
  end
  redis.call('HSET', task, 'state', 'succeeded', 'worker', worker, 'result', result,
    'finished_at', now, 'updated_at', now, 'entry', '')
  redis.call('EXPIRE', task, retention)
  history_count(task, now, 'succeeded')
  return 1
end
