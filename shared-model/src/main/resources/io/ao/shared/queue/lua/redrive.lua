-- re-drive: dead|failed -> queued with a fresh set of attempts (an operator's retry)
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] dead-letter stream
-- ARGV[1] task id  ARGV[2] now (ms)
-- Returns {1, entry id}, or {0, state} when the task is not dead/failed ('' if absent).
local stream, task, dead = KEYS[1], KEYS[2], KEYS[3]
local id, now = ARGV[1], ARGV[2]
local v = redis.call('HMGET', task, 'state', 'dead_entry')
if v[1] ~= 'dead' and v[1] ~= 'failed' then
  return { 0, v[1] or '' }
end
if v[2] and v[2] ~= '' then
  redis.call('XDEL', dead, v[2])
end
redis.call('HSET', task, 'attempts', '0', 'redriven_at', now)
redis.call('HDEL', task, 'dead_entry', 'finished_at')
redis.call('PERSIST', task)
local entry = deliver(stream, task, id, now)
run_step_redriven(task, now)
return { 1, entry }
