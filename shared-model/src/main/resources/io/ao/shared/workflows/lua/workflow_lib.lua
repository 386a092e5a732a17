-- Workflow run helpers, prepended (after the queue's lib.lua) to every script that moves a
-- run: starting one, advancing one, cancelling one, and the lead writes that start, resume
-- and cancel runs. Every key of a run lives under one slot prefix (the home partition's,
-- e.g. 'ao:{default}:'), shared with the leads, so these scripts run on Redis Cluster too:
--   <slot>wf:<run>          hash: the run (status, current step, path, seq, s:<step> JSON)
--   <slot>task:<task id>    its step tasks, and the wake tasks of its waits (lib.lua)
--   <slot>delayed           the zset where a wait's wake task sits until it is due
--   <slot>lead:<lead>       the lead: runs_seq counts changes to the lead's active runs
--   <slot>lead-runs:<lead>  hash: active run id -> {"w": workflow, "v": version, "s": the
--                           wait_for step it waits in, or ""}
--   <slot>lead-wfs:<lead>, <slot>wfs, <slot>wfs:<workflow>   zsets: runs by creation
--   <slot>wfs-expiring      zset: ended runs' 'run|workflow|lead' by when their hash expires

local WF_ENDED = { succeeded = true, failed = true, cancelled = true }

local function wf_step_doc(run_key, step)
  local text = redis.call('HGET', run_key, 's:' .. step)
  if text then
    return cjson.decode(text)
  end
  return {}
end

local function wf_put_step(run_key, step, doc)
  redis.call('HSET', run_key, 's:' .. step, cjson.encode(doc))
end

-- The lead's active runs changed (one started, ended, or began to wait for the lead):
-- a lead write that evaluated conditions against the old set must re-read and retry.
local function wf_bump_lead(slot, lead)
  if lead and lead ~= '' and redis.call('EXISTS', slot .. 'lead:' .. lead) == 1 then
    redis.call('HINCRBY', slot .. 'lead:' .. lead, 'runs_seq', 1)
  end
end

local function wf_register(slot, run_id, lead, workflow, version, waiting_step)
  if lead and lead ~= '' then
    redis.call('HSET', slot .. 'lead-runs:' .. lead, run_id,
      cjson.encode({ w = workflow, v = tonumber(version), s = waiting_step or '' }))
    wf_bump_lead(slot, lead)
  end
end

-- The run ended: off its lead's active runs; kept for `retention` seconds, except a failed
-- run, which stays until its step is re-driven or discarded (like its dead task). An
-- expiring run is also noted in <slot>wfs-expiring (member 'run|workflow|lead', scored by
-- when its hash expires), so run_listing_trim can take its id off the three listings.
local function wf_finish(slot, run_key, run_id, status, now, retention)
  local v = redis.call('HMGET', run_key, 'lead_id', 'workflow')
  local lead = v[1]
  if lead and lead ~= '' then
    redis.call('HDEL', slot .. 'lead-runs:' .. lead, run_id)
    wf_bump_lead(slot, lead)
  end
  redis.call('HSET', run_key, 'status', status, 'current', '', 'updated_at', now)
  if status == 'succeeded' or status == 'failed' then
    webhook_run_ended(slot, run_key, status, now)
  end
  if status ~= 'failed' and retention and tonumber(retention) > 0 then
    redis.call('EXPIRE', run_key, retention)
    redis.call('ZADD', slot .. 'wfs-expiring', tonumber(now) + tonumber(retention) * 1000,
      run_id .. '|' .. (v[2] or '') .. '|' .. (lead or ''))
  end
end

-- Cancels what the run's current step has queued: a queued, retrying or scheduled task
-- (a wait's wake task included) is cancelled; a running one finishes, and its outcome
-- then starts nothing because the run has ended.
local function wf_cancel_current(slot, run_key, now, retention)
  local current = redis.call('HGET', run_key, 'current')
  if not current or current == '' then
    return
  end
  local doc = wf_step_doc(run_key, current)
  local task_id = doc.task_id
  if task_id then
    local task = slot .. 'task:' .. task_id
    local state = redis.call('HGET', task, 'state')
    if state == 'queued' or state == 'retrying' or state == 'scheduled' then
      redis.call('ZREM', slot .. 'delayed', task_id)
      redis.call('HSET', task, 'state', 'cancelled', 'finished_at', now, 'updated_at', now)
      redis.call('EXPIRE', task, retention)
      doc.status = 'cancelled'
      doc.finished_at = tonumber(now)
      wf_put_step(run_key, current, doc)
    end
  end
end

-- Cancels a run that has not ended. erase: also drop every step's output (a deleted lead's
-- personal data may be in them). Returns true when the run was cancelled here.
local function wf_cancel(slot, run_id, reason, now, retention, erase)
  local run_key = slot .. 'wf:' .. run_id
  local status = redis.call('HGET', run_key, 'status')
  if not status or WF_ENDED[status] then
    return false
  end
  wf_cancel_current(slot, run_key, now, retention)
  if erase then
    local fields = redis.call('HKEYS', run_key)
    for _, field in ipairs(fields) do
      if string.sub(field, 1, 2) == 's:' then
        local doc = cjson.decode(redis.call('HGET', run_key, field))
        doc.output = nil
        redis.call('HSET', run_key, field, cjson.encode(doc))
      end
    end
  end
  redis.call('HSET', run_key, 'cancelled', '1', 'cancel_reason', reason)
  wf_finish(slot, run_key, run_id, 'cancelled', now, retention)
  return true
end

-- Enters the steps a plan walked through and the step it stopped at (see Plan.java):
-- plan.path: steps passed on the way (conditions with their branch, a wait_for already
-- true), plan.enter: {kind = task|wait|wait_for|end|done|fail|cancel, step, task_id,
-- fields, due, error, reason}.
local function wf_apply(slot, run_key, run_id, plan, now, retention)
  local run = redis.call('HMGET', run_key, 'path', 'seq', 'lead_id', 'workflow', 'version')
  local path = cjson.decode(run[1] or '[]')
  local lead, workflow, version = run[3], run[4], run[5]
  for _, passed in ipairs(plan.path or {}) do
    path[#path + 1] = passed.step
    wf_put_step(run_key, passed.step, { kind = passed.kind, status = 'succeeded',
      branch = passed.branch, output = passed.output, started_at = tonumber(now),
      finished_at = tonumber(now) })
  end
  local enter = plan.enter
  local status, current = 'running', ''
  if enter.step and enter.step ~= '' then
    path[#path + 1] = enter.step
  end
  if enter.kind == 'task' then
    create_and_deliver(slot .. 'stream', slot .. 'task:' .. enter.task_id, enter.task_id, now,
      enter.fields)
    wf_put_step(run_key, enter.step, { kind = 'task', status = 'queued', task_id = enter.task_id,
      started_at = tonumber(now) })
    current = enter.step
  elseif enter.kind == 'wait' or enter.kind == 'wait_for' then
    create_scheduled(slot .. 'delayed', slot .. 'task:' .. enter.task_id, enter.task_id, now,
      enter.due, enter.fields)
    wf_put_step(run_key, enter.step, { kind = enter.kind, status = 'waiting',
      task_id = enter.task_id, wake_at = tonumber(enter.due), started_at = tonumber(now) })
    status, current = 'waiting', enter.step
    if enter.kind == 'wait_for' then
      wf_register(slot, run_id, lead, workflow, version, enter.step)
    end
  elseif enter.kind == 'end' or enter.kind == 'done' then
    if enter.kind == 'end' then
      wf_put_step(run_key, enter.step, { kind = 'end', status = 'succeeded',
        started_at = tonumber(now), finished_at = tonumber(now) })
    end
    status = 'succeeded'
  elseif enter.kind == 'fail' then
    local doc = wf_step_doc(run_key, enter.step)
    doc.kind = doc.kind or enter.step_kind
    doc.status = 'failed'
    doc.error = enter.error
    doc.finished_at = tonumber(now)
    wf_put_step(run_key, enter.step, doc)
    redis.call('HSET', run_key, 'error', enter.step .. ': ' .. enter.error)
    status = 'failed'
  elseif enter.kind == 'cancel' then
    redis.call('HSET', run_key, 'cancelled', '1', 'cancel_reason', enter.reason)
    status = 'cancelled'
  end
  redis.call('HSET', run_key, 'path', cjson.encode(path), 'seq',
    tostring((tonumber(run[2]) or 0) + 1), 'updated_at', now)
  if WF_ENDED[status] then
    wf_finish(slot, run_key, run_id, status, now, retention)
  else
    redis.call('HSET', run_key, 'status', status, 'current', current)
  end
  return status
end

-- Records a new run and enters its first steps. start: {run, workflow, version, lead,
-- request_id, trigger, unique, plan}. Returns {1} started, {0} a run with this id exists,
-- {3, existing run id} when unique per lead and the lead has an active run of it.
local function wf_start(slot, start, now, retention)
  local run_key = slot .. 'wf:' .. start.run
  if redis.call('EXISTS', run_key) == 1 then
    return { 0 }
  end
  local lead = start.lead or ''
  if start.unique and lead ~= '' then
    local active = redis.call('HGETALL', slot .. 'lead-runs:' .. lead)
    for i = 1, #active, 2 do
      if cjson.decode(active[i + 1]).w == start.workflow then
        return { 3, active[i] }
      end
    end
  end
  redis.call('HSET', run_key, 'id', start.run, 'workflow', start.workflow, 'version',
    tostring(start.version), 'lead_id', lead, 'request_id', start.request_id or '',
    'trigger', start.trigger or 'api', 'created_at', now, 'updated_at', now, 'cancelled', '0',
    'status', 'queued', 'seq', '0', 'path', '[]')
  redis.call('ZADD', slot .. 'wfs', now, start.run)
  redis.call('ZADD', slot .. 'wfs:' .. start.workflow, now, start.run)
  if lead ~= '' then
    redis.call('ZADD', slot .. 'lead-wfs:' .. lead, now, start.run)
    wf_register(slot, start.run, lead, start.workflow, start.version, '')
  end
  wf_apply(slot, run_key, start.run, start.plan, now, retention)
  return { 1 }
end

-- A lead write's effects on runs, decided by the API against the written document:
-- effects = {starts = [start...], cancels = [{run, reason}], resumes = [run...]}.
-- A resumed run waits in a wait_for whose condition became true: its wake task is made
-- due now and marked, so the worker takes the step's "then" way. Returns the ids of runs
-- not started because of `unique`, and of those started.
local function wf_lead_effects(slot, effects, now, retention)
  local skipped, started = {}, {}
  for _, cancel in ipairs(effects.cancels or {}) do
    wf_cancel(slot, cancel.run, cancel.reason, now, retention, false)
  end
  for _, run_id in ipairs(effects.resumes or {}) do
    local run_key = slot .. 'wf:' .. run_id
    local v = redis.call('HMGET', run_key, 'status', 'current')
    if v[1] == 'waiting' and v[2] and v[2] ~= '' then
      local doc = wf_step_doc(run_key, v[2])
      if doc.kind == 'wait_for' and doc.task_id then
        redis.call('HSET', run_key, 'resumed', v[2])
        local task = slot .. 'task:' .. doc.task_id
        if redis.call('HGET', task, 'state') == 'scheduled' then
          redis.call('ZADD', slot .. 'delayed', now, doc.task_id)
          redis.call('HSET', task, 'next_run_at', now)
        end
      end
    end
  end
  for _, start in ipairs(effects.starts or {}) do
    local result = wf_start(slot, start, now, retention)
    if result[1] == 3 then
      skipped[#skipped + 1] = start.workflow
    elseif result[1] == 1 then
      started[#started + 1] = start.run
    end
  end
  return skipped, started
end

-- The lead was deleted: every active run of it is cancelled and its outputs erased, its
-- pending tasks (an email waiting to go) cancelled with it.
local function wf_lead_deleted(slot, lead, now, retention)
  local active = redis.call('HKEYS', slot .. 'lead-runs:' .. lead)
  for _, run_id in ipairs(active) do
    wf_cancel(slot, run_id, 'lead_deleted', now, retention, true)
  end
  redis.call('DEL', slot .. 'lead-runs:' .. lead)
  return #active
end
