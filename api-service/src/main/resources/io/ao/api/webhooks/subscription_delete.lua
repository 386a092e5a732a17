-- webhook subscription delete: stored -> (none): off its events, the listing, its delivery log;
-- one step. Deliveries already queued find no subscription and fail at once (WebhookHandler).
-- KEYS[1] the subscription's hash  KEYS[2] the listing  KEYS[3] its delivery log
-- ARGV[1] id  ARGV[2] the slot prefix of the event sets
-- Returns 1 deleted, 0 there was none.
local events = redis.call('HGET', KEYS[1], 'events')
if not events then
  return 0
end
for _, event in ipairs(cjson.decode(events)) do
  redis.call('SREM', ARGV[2] .. 'webhooks:' .. event, ARGV[1])
end
redis.call('DEL', KEYS[1], KEYS[3])
redis.call('ZREM', KEYS[2], ARGV[1])
return 1
