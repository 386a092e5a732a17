-- crm_permit: may this task call the CRM account now? Shared by every worker of the account.
-- KEYS[1] account hash (paused_until, pause_reason, pauses, next_slot)
-- KEYS[2] window zset (permit token -> when it stops counting: a window after its answer came
--         (crm_release.lua), until then a window after its lease ends)
-- KEYS[3] in-flight zset (token -> lease end ms)
-- KEYS[4] turns hash (task id -> the time it was told to come back)
-- ARGV[1] now (ms)  ARGV[2] requests per window (0: no rate limit)  ARGV[3] window (ms)
-- ARGV[4] concurrency (0: no cap)  ARGV[5] permit token  ARGV[6] lease (ms)  ARGV[7] task id
-- ARGV[8] spacing (ms) between the turns handed to waiting tasks
-- Returns {1, 0}: granted, the token counted in the window and in flight (crm_release.lua
-- when its answer came). {0, due ms, reason}: not now; the caller defers the task until due.
-- Why a request counts until a window after its ANSWER: the CRM counts arrivals, which lie
-- between our permit and the answer however late the request left. If N + 1 arrivals fell in
-- one window, the last of them to get its permit got it while the other N still counted
-- (each permit came before it, each answer less than a window before it), so it was refused.
-- Waiting tasks get turns one spacing apart from the first free moment (next_slot), so they
-- come back one by one instead of all at once; a task whose turn has come keeps its place if
-- it still finds no room, and a newcomer queues behind the turns already handed out.
local account, window, inflight, turns = KEYS[1], KEYS[2], KEYS[3], KEYS[4]
local now, requests, window_ms = tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3])
local concurrency, token, lease_ms = tonumber(ARGV[4]), ARGV[5], tonumber(ARGV[6])
local task, spacing = ARGV[7], tonumber(ARGV[8])

local function keep_until(key, at)
  local ttl = at - now + window_ms + 60000
  if redis.call('PTTL', key) < ttl then
    redis.call('PEXPIRE', key, ttl)
  end
end

local turn = tonumber(redis.call('HGET', turns, task) or '')
local entitled = turn ~= nil and turn <= now

local function defer(earliest, reason, keep_place)
  local due = earliest
  if not keep_place then
    local next_slot = tonumber(redis.call('HGET', account, 'next_slot') or '0')
    if next_slot > due then
      due = next_slot
    end
    redis.call('HSET', account, 'next_slot', tostring(due + spacing))
  end
  redis.call('HSET', turns, task, tostring(due))
  keep_until(account, due + spacing)
  keep_until(turns, due)
  return { 0, due, reason }
end

local paused = tonumber(redis.call('HGET', account, 'paused_until') or '0')
if now < paused then
  return defer(paused, 'paused: ' .. (redis.call('HGET', account, 'pause_reason') or ''), false)
end
if concurrency > 0 then
  redis.call('ZREMRANGEBYSCORE', inflight, '-inf', now)
  if redis.call('ZCARD', inflight) >= concurrency then
    return defer(now + spacing, 'concurrency', entitled)
  end
end
if requests > 0 then
  redis.call('ZREMRANGEBYSCORE', window, '-inf', now)
  if redis.call('ZCARD', window) >= requests then
    local first_free = tonumber(redis.call('ZRANGE', window, 0, 0, 'WITHSCORES')[2])
    if first_free > now + window_ms then
      first_free = now + window_ms
    end
    return defer(first_free, 'rate limit', entitled)
  end
  if not entitled then
    local next_slot = tonumber(redis.call('HGET', account, 'next_slot') or '0')
    if next_slot > now then
      return defer(now, 'rate limit', false)
    end
  end
  redis.call('ZADD', window, now + lease_ms + window_ms, token)
  redis.call('PEXPIRE', window, lease_ms + window_ms * 2)
end
if concurrency > 0 then
  redis.call('ZADD', inflight, now + lease_ms, token)
  redis.call('PEXPIRE', inflight, lease_ms * 2)
end
if turn ~= nil then
  redis.call('HDEL', turns, task)
end
return { 1, 0 }
