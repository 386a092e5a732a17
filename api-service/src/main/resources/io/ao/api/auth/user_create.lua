-- user create: (none) -> user stored, listed, counted among the admins when one; one step.
-- KEYS[1] user hash  KEYS[2] users set  KEYS[3] admins set  KEYS[4] the user's key set
-- ARGV[1] name  ARGV[2] role  ARGV[3] password hash  ARGV[4] created (ms)  ARGV[5] stamp
-- ARGV[6] key record prefix  ARGV[7] key id prefix
-- Returns 1 created, 0 the name is taken.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return 0
end
-- A name used before starts with no keys: nothing of a deleted user's carries over.
revoke_keys(KEYS[4], ARGV[6], ARGV[7])
redis.call('HSET', KEYS[1], 'username', ARGV[1], 'role', ARGV[2], 'password_hash', ARGV[3],
  'created_at', ARGV[4], 'stamp', ARGV[5])
redis.call('SADD', KEYS[2], ARGV[1])
if ARGV[2] == 'admin' then
  redis.call('SADD', KEYS[3], ARGV[1])
end
return 1
