-- history_read: a partition's history buckets, one HGETALL each, in one round trip.
-- KEYS[1..n] the minutes' history hashes (one hash tag)
-- Returns one flat field/value list per key, in order (empty for a minute with no bucket).
local out = {}
for i = 1, #KEYS do
  out[i] = redis.call('HGETALL', KEYS[i])
end
return out
