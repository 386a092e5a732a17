-- webhook subscription create: (none) -> stored, listed and subscribed to each of its events;
-- one step, so a lead write sees all of it or none (lib.lua webhook_emit reads the event sets).
-- KEYS[1] the subscription's hash  KEYS[2] the listing (zset by creation)
-- ARGV[1] id  ARGV[2] created (ms)  ARGV[3] events (JSON list)  ARGV[4] the slot prefix of the
-- event sets  ARGV[5..] the hash's fields and values
-- Returns 1 created, 0 the id exists.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV, 5))
redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
for _, event in ipairs(cjson.decode(ARGV[3])) do
  redis.call('SADD', ARGV[4] .. 'webhooks:' .. event, ARGV[1])
end
return 1
