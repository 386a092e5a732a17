-- Rate limit by GCRA (generic cell rate algorithm): up to LIMIT requests at once, then
-- one more every PERIOD/LIMIT. One key per principal holds its "theoretical arrival
-- time"; the clock is Redis's own, so every API instance shares one view of time.
-- KEYS[1] the principal's limiter key
-- ARGV[1] limit (requests per period)  ARGV[2] period (ms)  ARGV[3] cost (1 = count it,
--         0 = only ask whether one more would be allowed, -1 = give one back)
-- Returns {allowed 0|1, remaining, retry_after_ms, reset_ms}
local limit, period, cost = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local interval = period / limit
local tat = tonumber(redis.call('GET', KEYS[1])) or now
if cost < 0 then
  local refunded = math.max(now, tat - interval)
  if refunded > now then
    redis.call('SET', KEYS[1], tostring(refunded), 'PX', math.ceil(refunded - now) + 1)
  else
    redis.call('DEL', KEYS[1])
  end
  return { 1, math.floor((now + period - refunded) / interval), 0, math.ceil(refunded - now) }
end
if tat < now then
  tat = now
end
local new_tat = tat + interval
local allow_at = new_tat - period
if allow_at > now then
  return { 0, 0, math.ceil(allow_at - now), math.ceil(tat - now) }
end
if cost > 0 then
  redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.ceil(new_tat - now) + 1)
end
local remaining = math.floor((now + period - new_tat) / interval)
return { 1, remaining, 0, math.ceil(new_tat - now) }
