-- password reset: new hash and a new credential stamp (every token issued before is refused),
-- and every key of the user revoked; one step.
-- KEYS[1] user hash  KEYS[2] the user's key set
-- ARGV[1] password hash  ARGV[2] new stamp  ARGV[3] key record prefix  ARGV[4] key id prefix
-- Returns 1 changed, 0 no such user.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], 'password_hash', ARGV[1], 'stamp', ARGV[2])
revoke_keys(KEYS[2], ARGV[3], ARGV[4])
return 1
