-- complete: running -> succeeded
-- KEYS[1] stream   KEYS[2] task status hash
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] worker id  ARGV[4] now (ms)
-- ARGV[5] result (JSON text)  ARGV[6] retention of the terminal hash (seconds)
-- Returns 1 when recorded, 0 when this delivery no longer owned the task (it is still
-- acked and deleted: its outcome was already recorded by another delivery).
local stream, task = KEYS[1], KEYS[2]
local group, entry, worker, now, result, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local owned = owns(task, entry)
ack_and_delete(stream, group, entry)
if not owned then
  return 0
end
redis.call('HSET', task, 'state', 'succeeded', 'worker', worker, 'result', result,
  'finished_at', now, 'updated_at', now, 'entry', '')
redis.call('EXPIRE', task, retention)
return 1
