-- intake source delete: stored -> (none), off the listing; one step. Its secret goes with it, so
-- the next signed post to it is a 401.
-- KEYS[1] the source's hash  KEYS[2] the listing  ARGV[1] name
-- Returns 1 deleted, 0 there was none.
if redis.call('DEL', KEYS[1]) == 0 then
  return 0
end
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
