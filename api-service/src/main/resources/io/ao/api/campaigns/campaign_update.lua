-- campaign update (PUT or PATCH): version n -> n+1; one step
-- KEYS[1] campaign document
-- ARGV[1] expected version  ARGV[2] new document JSON (it carries version n+1)
-- A document without a version (stored before campaigns had one) is at version 1.
-- Returns {1}; {0, 'missing'}; {0, 'version', current}.
local stored = redis.call('GET', KEYS[1])
if not stored then
  return { 0, 'missing' }
end
local current = cjson.decode(stored).version or 1
if current ~= tonumber(ARGV[1]) then
  return { 0, 'version', current }
end
redis.call('SET', KEYS[1], ARGV[2])
return { 1 }
