-- workflow start: (none) -> a run recorded and its first step enqueued; one step
-- KEYS[1] run hash  KEYS[2] task stream (the run's partition)
-- KEYS[3] (optional) runs by creation: given when the listing shares the run's slot;
--         otherwise the caller added the run to the listing before this script
-- ARGV[1] run id  ARGV[2] now (ms)  ARGV[3] workflow name  ARGV[4] lead id
-- ARGV[5] step names (JSON)  ARGV[6] request id  ARGV[7] tasks JSON  ARGV[8] task key prefix
-- Returns 1, or 0 when a run with this id exists.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'id', ARGV[1], 'workflow', ARGV[3], 'lead_id', ARGV[4], 'steps', ARGV[5],
  'request_id', ARGV[6], 'created_at', ARGV[2], 'cancelled', '0')
if KEYS[3] then
  redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
end
enqueue_all(KEYS[2], ARGV[8], ARGV[7], ARGV[2])
return 1
