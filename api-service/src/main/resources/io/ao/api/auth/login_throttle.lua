-- Failed-login budgets of one attempt (a username from a client IP), decided in one step so
-- that every API instance shares them. Three records, all under the {login} hash tag:
--   pair  hash fails, last (ms): failures of this username from this IP
--   user  hash level, at (ms): failures of this username from anywhere, draining at SOFT per
--         WINDOW (a leaky bucket); while level >= SOFT the username is soft-locked
--   ip    zset username digest -> its last failure (ms) from this IP, within WINDOW
-- A budget's wait: from its FREE-th failure on, BASE after the last failure, doubling with each
-- further one, at most MAX. The pair's FREE is PAIR_FREE, or 1 while the username is
-- soft-locked: an IP that has not been failing still gets its attempt checked, one that has
-- waits far longer. The IP's budget counts distinct usernames failing from it (NAMES_FREE), so
-- one person's typos never hold up the rest of an office behind one address, while a sprayer
-- trying name after name backs off.
-- KEYS[1] pair  KEYS[2] user  KEYS[3] ip
-- ARGV[1] 'peek': decide only; 'reserve': decide and, when allowed, count the attempt as a
--         failure before its password is checked (so concurrent guesses cannot slip past);
--         'refund': the password was right: forget the pair, give the username's reservation
--         back, take the name off the IP's list
-- ARGV[2] username digest  ARGV[3] PAIR_FREE  ARGV[4] SOFT  ARGV[5] NAMES_FREE
-- ARGV[6] BASE (ms)  ARGV[7] MAX (ms)  ARGV[8] WINDOW (ms)
-- Returns the wait in ms; 0 = allowed (and counted, for 'reserve').
local mode, member = ARGV[1], ARGV[2]
local pair_free, soft, names_free = tonumber(ARGV[3]), tonumber(ARGV[4]), tonumber(ARGV[5])
local base, max, window = tonumber(ARGV[6]), tonumber(ARGV[7]), tonumber(ARGV[8])
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)

-- when a budget with `count` failures, `free` of them free, the last at `last`, allows the next
local function allowed_at(count, free, last)
  if count < free then
    return 0
  end
  return last + math.min(max, base * 2 ^ math.min(count - free, 40))
end

local pair = redis.call('HMGET', KEYS[1], 'fails', 'last')
local fails, last = tonumber(pair[1]) or 0, tonumber(pair[2]) or 0
local user = redis.call('HMGET', KEYS[2], 'level', 'at')
local level = math.max(0, (tonumber(user[1]) or 0) - (now - (tonumber(user[2]) or now)) * soft / window)
local locked = level >= soft

local function store_level(new_level)
  if new_level <= 0 then
    redis.call('DEL', KEYS[2])
    return
  end
  redis.call('HSET', KEYS[2], 'level', tostring(new_level), 'at', now)
  redis.call('PEXPIRE', KEYS[2], math.ceil(new_level * window / soft) + 1000)
end

if mode == 'refund' then
  redis.call('DEL', KEYS[1])
  redis.call('ZREM', KEYS[3], member)
  store_level(level - 1)
  return 0
end

local names = redis.call('ZCOUNT', KEYS[3], now - window, '+inf')
local newest = redis.call('ZREVRANGE', KEYS[3], 0, 0, 'WITHSCORES')
local ip_last = tonumber(newest[2]) or 0
local at = math.max(allowed_at(fails, locked and 1 or pair_free, last),
  allowed_at(names, names_free, ip_last))
if at > now then
  return math.ceil(at - now)
end
if mode == 'peek' then
  return 0
end

redis.call('HSET', KEYS[1], 'fails', fails + 1, 'last', now)
redis.call('PEXPIRE', KEYS[1], window + max)
store_level(level + 1)
redis.call('ZADD', KEYS[3], now, member)
redis.call('ZREMRANGEBYSCORE', KEYS[3], '-inf', now - window - 1)
redis.call('PEXPIRE', KEYS[3], window)
return 0
