-- cancel: queued|retrying|scheduled -> cancelled (a running task cannot be stopped mid-way)
-- KEYS[1] task status hash   KEYS[2] delayed zset
-- ARGV[1] task id  ARGV[2] now (ms)  ARGV[3] retention (seconds)
-- A queued task's stream entry stays; the worker that reads it sees 'cancelled' in
-- start and drops it. Returns {1, 'cancelled'} or {0, current state} ('' if absent).
local task, delayed = KEYS[1], KEYS[2]
local state = redis.call('HGET', task, 'state')
if state ~= 'queued' and state ~= 'retrying' and state ~= 'scheduled' then
  return { 0, state or '' }
end
redis.call('ZREM', delayed, ARGV[1])
redis.call('HSET', task, 'state', 'cancelled', 'finished_at', ARGV[2], 'updated_at', ARGV[2])
redis.call('EXPIRE', task, ARGV[3])
return { 1, 'cancelled' }
