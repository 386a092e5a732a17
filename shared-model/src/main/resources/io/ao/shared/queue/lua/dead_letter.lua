-- dead-letter: running -> dead (attempts used up; kept until re-driven or discarded)
--          or  running -> failed (an error that no retry can fix; expires like successes)
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] dead-letter stream
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] now (ms)  ARGV[4] error message
-- ARGV[5] final state: 'dead' or 'failed'  ARGV[6] retention (seconds, for 'failed')
-- Returns 1 when recorded, 0 when this delivery no longer owned the task.
local stream, task, dead = KEYS[1], KEYS[2], KEYS[3]
local group, entry, now, err, final, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local owned = owns(task, entry)
ack_and_delete(stream, group, entry)
if not owned then
  return 0
end
if final == 'dead' then
  bury(dead, task, now, err, redis.call('HGET', task, 'attempts') or '0')
else
  redis.call('HSET', task, 'state', final, 'last_error', err, 'finished_at', now,
    'updated_at', now, 'entry', '')
  redis.call('EXPIRE', task, retention)
end
return 1
