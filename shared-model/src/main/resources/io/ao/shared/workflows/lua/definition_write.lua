-- definition write: a definition's version n -> n+1 (create: 0 -> 1), or disabled; one step.
-- Every write bumps the epoch, which lead writes check against the definitions they read.
-- KEYS[1] the definition's hash  KEYS[2] definitions by creation  KEYS[3] the epoch
-- ARGV[1] mode: create | put | seed | disable  ARGV[2] name  ARGV[3] the latest version the
-- caller read (0 for create and seed)  ARGV[4] the new version's JSON (its "version" is
-- ARGV[3] + 1)  ARGV[5] now (ms)
-- Returns {1, version}; {0, 'exists'} (create, seed: there is one); {0, 'missing'};
-- {0, 'stale', latest} (put: another write came first).
local mode, name, expected, json, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local latest = tonumber(redis.call('HGET', KEYS[1], 'latest') or '0')
if mode == 'create' or mode == 'seed' then
  if latest > 0 then
    return { 0, 'exists' }
  end
  redis.call('ZADD', KEYS[2], now, name)
  redis.call('HSET', KEYS[1], 'created_at', now)
elseif latest == 0 then
  return { 0, 'missing' }
elseif mode == 'disable' then
  redis.call('HSET', KEYS[1], 'enabled', '0', 'updated_at', now)
  redis.call('INCR', KEYS[3])
  return { 1, latest }
elseif latest ~= expected then
  return { 0, 'stale', latest }
end
local version = latest + 1
redis.call('HSET', KEYS[1], 'latest', version, 'enabled', '1', 'updated_at', now,
  'v' .. version, json, 'current', json)
redis.call('INCR', KEYS[3])
return { 1, version }
