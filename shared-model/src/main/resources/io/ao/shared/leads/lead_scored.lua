-- lead scored: the score is recorded beside the client's document (its version, the
-- ETag, is left alone; a score of an older version than the one recorded is dropped)
-- and, when this is the lead's current sync chain, the chain's CRM sync is enqueued:
-- process first, then sync. One step; enqueue is idempotent by task id, so a
-- redelivered lead_process enqueues nothing twice.
-- KEYS[1] lead hash  KEYS[2] task stream
-- ARGV[1] score  ARGV[2] the version scored  ARGV[3] chain ('' = not in a sync chain)
-- ARGV[4] now (ms)  ARGV[5] task key prefix  ARGV[6] the sync task (tasks JSON)
-- Returns 1 when recorded, 0 when the lead is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local v = redis.call('HMGET', KEYS[1], 'scored_version', 'sync_chain')
if tonumber(ARGV[2]) >= (tonumber(v[1]) or 0) then
  redis.call('HSET', KEYS[1], 'score', ARGV[1], 'scored_version', ARGV[2])
end
if ARGV[3] ~= '' and v[2] == ARGV[3] then
  enqueue_all(KEYS[2], ARGV[5], ARGV[6], ARGV[4])
end
return 1
