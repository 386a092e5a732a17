-- key create: (none) -> key stored and listed under its owner; one step, refused when the
-- owner is gone or signed in with credentials revoked since, or holds the most keys allowed.
-- KEYS[1] owner hash  KEYS[2] owner's key set  KEYS[3] key record  KEYS[4] key id index
-- KEYS[5] the calling key's id index (the owner hash again when the caller used a token)
-- ARGV[1] the caller's credential stamp ('' when the caller used a key)  ARGV[2] now (ms)
-- ARGV[3] most keys per user  ARGV[4] expiry (ms, '' = none)  ARGV[5] id  ARGV[6] digest
-- ARGV[7..] the record's field/value pairs
-- Returns 1 created, -1 too many keys, -2 the caller's credentials are no longer valid.
if redis.call('EXISTS', KEYS[1]) == 0 or redis.call('EXISTS', KEYS[5]) == 0 then
  return -2
end
if ARGV[1] ~= '' and (redis.call('HGET', KEYS[1], 'stamp') or '0') ~= ARGV[1] then
  return -2
end
redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', ARGV[2])
if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[3]) then
  return -1
end
local fields = {}
for i = 7, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('HSET', KEYS[3], unpack(fields))
redis.call('SET', KEYS[4], ARGV[6])
if ARGV[4] ~= '' then
  redis.call('PEXPIREAT', KEYS[3], ARGV[4])
  redis.call('PEXPIREAT', KEYS[4], ARGV[4])
  redis.call('ZADD', KEYS[2], ARGV[4], ARGV[5])
else
  redis.call('ZADD', KEYS[2], '+inf', ARGV[5])
end
return 1
