-- campaign delete: the campaign and its counters are gone; one step. Its id leaves the
-- listing (another slot) in a command after this one; the listing skips an id without a
-- document. Leads that name the campaign keep its id.
-- KEYS[1] campaign document  KEYS[2] its metrics hash (same hash tag)
-- ARGV[1] expected version ('' = any)
-- Returns {1}; {0, 'missing'}; {0, 'version', current}.
local stored = redis.call('GET', KEYS[1])
if not stored then
  return { 0, 'missing' }
end
if ARGV[1] ~= '' then
  local current = cjson.decode(stored).version or 1
  if current ~= tonumber(ARGV[1]) then
    return { 0, 'version', current }
  end
end
redis.call('DEL', KEYS[1], KEYS[2])
return { 1 }
