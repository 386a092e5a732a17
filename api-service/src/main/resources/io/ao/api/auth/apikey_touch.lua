-- key touch: last_used_at of a key that still exists; never brings back a revoked record.
-- KEYS[1] key id index  ARGV[1] key record prefix  ARGV[2] now (ms)
local digest = redis.call('GET', KEYS[1])
if digest and redis.call('EXISTS', ARGV[1] .. digest) == 1 then
  redis.call('HSET', ARGV[1] .. digest, 'last_used_at', ARGV[2])
end
return 1
