-- dead-letter: running -> dead (attempts used up)
--          or  running -> failed (an error that no retry can fix)
-- Either way the task goes onto the dead-letter list, where operators see it, and stays
-- until re-driven or discarded: a failed task needs an operator as much as a dead one.
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] dead-letter stream
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] now (ms)  ARGV[4] error message
-- ARGV[5] final state: 'dead' or 'failed'
-- Returns 1 when recorded, 0 when this delivery no longer owned the task.
local stream, task, dead = KEYS[1], KEYS[2], KEYS[3]
local group, entry, now, err, final = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5]
local owned = owns(task, entry)
ack_and_delete(stream, group, entry)
if not owned then
  return 0
end
bury(dead, task, now, err, redis.call('HGET', task, 'attempts') or '0', final)
return 1
