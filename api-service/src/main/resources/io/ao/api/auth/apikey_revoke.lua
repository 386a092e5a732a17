-- key revoke: key -> (none); one step.
-- KEYS[1] key record  KEYS[2] key id index  KEYS[3] owner's key set  ARGV[1] id
redis.call('DEL', KEYS[1], KEYS[2])
redis.call('ZREM', KEYS[3], ARGV[1])
return 1
