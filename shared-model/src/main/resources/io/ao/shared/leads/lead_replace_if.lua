-- lead replace-if-unchanged: the worker's write of server-managed fields (score, CRM id,
-- sync state, normalized values). Compare-and-set on the version, so a client's change
-- made meanwhile is never overwritten; the caller reads again and retries.
-- KEYS[1] lead hash
-- ARGV[1] expected version  ARGV[2] new lead JSON
-- Returns {1, new version}; {0, 'missing'}; {0, 'version', current}.
local current = redis.call('HGET', KEYS[1], 'version')
if not current then
  return { 0, 'missing' }
end
if current ~= ARGV[1] then
  return { 0, 'version', current }
end
local version = tonumber(current) + 1
redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'version', tostring(version))
return { 1, version }
