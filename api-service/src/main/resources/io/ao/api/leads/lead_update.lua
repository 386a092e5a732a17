-- lead update (PUT or PATCH): version n -> n+1, email index moved, CRM sync enqueued; one step
-- KEYS[1] lead hash  KEYS[2] current email index  KEYS[3] new email index  KEYS[4] task stream
-- ARGV[1] lead id  ARGV[2] expected version  ARGV[3] new lead JSON  ARGV[4] now (ms)
-- ARGV[5] tasks JSON  ARGV[6] task key prefix
-- Returns {1, new version}; {0, 'missing'}; {0, 'version', current}; {0, 'email', other id}.
local current = redis.call('HGET', KEYS[1], 'version')
if not current then
  return { 0, 'missing' }
end
if current ~= ARGV[2] then
  return { 0, 'version', current }
end
if KEYS[3] ~= KEYS[2] then
  local other = redis.call('GET', KEYS[3])
  if other and other ~= ARGV[1] then
    return { 0, 'email', other }
  end
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[3], ARGV[1])
end
local version = tonumber(current) + 1
redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'version', tostring(version))
enqueue_all(KEYS[4], ARGV[6], ARGV[5], ARGV[4])
return { 1, version }
