-- user delete: user -> (none), with every key of theirs revoked; one step, so two admins
-- deleting each other at the same moment run one after the other and the second is refused.
-- KEYS[1] users set  KEYS[2] admins set  KEYS[3] user hash  KEYS[4] the user's key set
-- KEYS[5] the acting user's hash
-- ARGV[1] name  ARGV[2] key record prefix  ARGV[3] key id prefix
-- ARGV[4] '1' when the actor must still exist (auth on), else ''
-- Returns 1 deleted, 0 no such user, -1 it is the last admin, -2 the actor is no user any more.
if ARGV[4] == '1' and redis.call('EXISTS', KEYS[5]) == 0 then
  return -2
end
local role = redis.call('HGET', KEYS[3], 'role')
if not role then
  return 0
end
if redis.call('SISMEMBER', KEYS[2], ARGV[1]) == 1 and redis.call('SCARD', KEYS[2]) <= 1 then
  return -1
end
revoke_keys(KEYS[4], ARGV[2], ARGV[3])
redis.call('DEL', KEYS[3])
redis.call('SREM', KEYS[1], ARGV[1])
redis.call('SREM', KEYS[2], ARGV[1])
return 1
