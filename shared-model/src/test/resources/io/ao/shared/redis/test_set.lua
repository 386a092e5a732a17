-- test script: SET KEYS[1] ARGV[1]
-- KEYS[1] a key  ARGV[1] its value
return redis.call('SET', KEYS[1], ARGV[1])
