-- history_sample: the partition's depth and dead-letter count recorded once in a minute's
-- history bucket; the first caller of the minute (any API or worker instance) records it,
-- the others find the field set and change nothing (HSETNX is the claim).
-- KEYS[1] stream   KEYS[2] dead-letter stream   KEYS[3] the minute's history hash
-- ARGV[1] time to live (seconds)
-- Returns 1 when this call recorded the sample, 0 when another had.
local depth = redis.call('XLEN', KEYS[1])
if redis.call('HSETNX', KEYS[3], 'depth', depth) == 0 then
  return 0
end
redis.call('HSET', KEYS[3], 'dead', redis.call('XLEN', KEYS[2]))
redis.call('EXPIRE', KEYS[3], ARGV[1])
return 1
