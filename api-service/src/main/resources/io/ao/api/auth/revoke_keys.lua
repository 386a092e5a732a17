-- Helper: deletes every API key of a user (records, id index and the user's key set).
-- key_set: the user's sorted set of key ids; record_prefix/id_prefix: see AuthKeys.
-- The records' names are built here, not declared: they share the {auth} slot with the set.
local function revoke_keys(key_set, record_prefix, id_prefix)
  local ids = redis.call('ZRANGE', key_set, 0, -1)
  for _, id in ipairs(ids) do
    local digest = redis.call('GET', id_prefix .. id)
    if digest then
      redis.call('DEL', record_prefix .. digest)
    end
    redis.call('DEL', id_prefix .. id)
  end
  redis.call('DEL', key_set)
  return #ids
end
