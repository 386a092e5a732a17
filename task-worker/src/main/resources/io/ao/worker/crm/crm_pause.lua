-- crm_pause: the CRM said "stop until then" (a 429 with Retry-After, a daily limit, ...):
-- every task of the account waits until then, on every worker (crm_permit defers them).
-- KEYS[1] account hash (paused_until, pause_reason, pauses, next_slot)
-- ARGV[1] now (ms)  ARGV[2] paused until (ms)  ARGV[3] reason  ARGV[4] window (ms)
-- Only ever lengthens a pause. Waiting tasks' turns start after it (next_slot), so they come
-- back one by one when it ends. Returns 1 when this started or lengthened the pause, else 0.
local account = KEYS[1]
local now, until_ms, reason, window_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), ARGV[3], tonumber(ARGV[4])
local current = tonumber(redis.call('HGET', account, 'paused_until') or '0')
if until_ms <= current or until_ms <= now then
  return 0
end
redis.call('HSET', account, 'paused_until', tostring(until_ms), 'pause_reason', reason)
redis.call('HINCRBY', account, 'pauses', 1)
local next_slot = tonumber(redis.call('HGET', account, 'next_slot') or '0')
if next_slot < until_ms then
  redis.call('HSET', account, 'next_slot', tostring(until_ms))
end
local ttl = until_ms - now + window_ms + 60000
if redis.call('PTTL', account) < ttl then
  redis.call('PEXPIRE', account, ttl)
end
return 1
