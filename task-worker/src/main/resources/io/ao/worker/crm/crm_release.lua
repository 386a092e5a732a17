-- crm_release: a CRM call's answer came (or it failed): its permit stops counting as under way,
-- and counts in the rate window until a window from now (see crm_permit.lua for why).
-- KEYS[1] window zset   KEYS[2] in-flight zset
-- ARGV[1] permit token  ARGV[2] now (ms)  ARGV[3] window (ms)
-- Returns 1 when the permit was still counted, else 0 (lapsed, or no rate limit).
local window, inflight = KEYS[1], KEYS[2]
local token, now, window_ms = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
redis.call('ZREM', inflight, token)
if redis.call('ZSCORE', window, token) then
  redis.call('ZADD', window, 'XX', now + window_ms, token)
  return 1
end
return 0
