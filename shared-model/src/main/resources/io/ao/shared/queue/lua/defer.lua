-- defer: running -> scheduled at a later time, WITHOUT spending an attempt. For a task that
-- did not get to run (its CRM account is paused or over its rate limit): it waits in the
-- delayed zset, like a retry, until promote_due delivers it again; nothing polls meanwhile.
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] delayed zset
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] now (ms)  ARGV[4] due at (ms)
-- ARGV[5] reason  ARGV[6] task id
-- start_one counted this delivery as an attempt; it was not one, so it is given back here,
-- and the next delivery carries the same attempt number. 'deferrals' counts the deferrals.
-- Returns 1 when deferred, 0 when this delivery no longer owned the task.
local stream, task, delayed = KEYS[1], KEYS[2], KEYS[3]
local group, entry, now, due, reason, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local owned = owns(task, entry)
ack_and_delete(stream, group, entry)
if not owned then
  return 0
end
local attempts = tonumber(redis.call('HGET', task, 'attempts')) or 1
redis.call('HSET', task, 'state', 'scheduled', 'attempts', tostring(math.max(attempts - 1, 0)),
  'deferred_reason', reason, 'next_run_at', due, 'updated_at', now, 'entry', '')
redis.call('HINCRBY', task, 'deferrals', 1)
redis.call('ZADD', delayed, due, id)
return 1
