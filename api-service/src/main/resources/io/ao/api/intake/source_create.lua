-- intake source create: (none) -> stored and listed; one step.
-- KEYS[1] the source's hash  KEYS[2] the listing (zset by creation)
-- ARGV[1] name  ARGV[2] created (ms)  ARGV[3] its document (JSON)  ARGV[4] its secret
-- Returns 1 created, 0 the name is taken.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'secret', ARGV[4])
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
return 1
