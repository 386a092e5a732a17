-- discard: dead|failed, off the dead-letter list (the status hash then expires)
-- KEYS[1] task status hash   KEYS[2] dead-letter stream
-- ARGV[1] now (ms)  ARGV[2] retention (seconds)
-- Returns 1 when discarded, 0 when the task is not on the dead-letter list.
local task, dead = KEYS[1], KEYS[2]
local v = redis.call('HMGET', task, 'state', 'dead_entry')
if (v[1] ~= 'dead' and v[1] ~= 'failed') or not v[2] or v[2] == '' then
  return 0
end
redis.call('XDEL', dead, v[2])
redis.call('HDEL', task, 'dead_entry')
redis.call('HSET', task, 'discarded_at', ARGV[1], 'updated_at', ARGV[1])
redis.call('EXPIRE', task, ARGV[2])
return 1
