-- retry-later: running -> retrying (due again at a later time)
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] delayed zset
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] now (ms)  ARGV[4] due at (ms)
-- ARGV[5] error message  ARGV[6] task id
-- Returns 1 when scheduled, 0 when this delivery no longer owned the task.
local stream, task, delayed = KEYS[1], KEYS[2], KEYS[3]
local group, entry, now, due, err, id = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local owned = owns(task, entry)
ack_and_delete(stream, group, entry)
if not owned then
  return 0
end
redis.call('HSET', task, 'state', 'retrying', 'last_error', err, 'next_run_at', due,
  'updated_at', now, 'entry', '')
redis.call('ZADD', delayed, due, id)
return 1
