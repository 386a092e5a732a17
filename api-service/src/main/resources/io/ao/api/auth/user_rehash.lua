-- rehash: a new hash of the password a login just proved, in place of its outdated hash
-- (an earlier algorithm or cost), only while that hash is still the stored one: a reset
-- between the login and this write wins. The stamp stays, so no token or key is revoked.
-- KEYS[1] user hash
-- ARGV[1] the outdated hash the login verified  ARGV[2] the new hash
-- Returns 1 replaced, 0 the password changed meanwhile or the user is gone.
if redis.call('HGET', KEYS[1], 'password_hash') ~= ARGV[1] then
  return 0
end
redis.call('HSET', KEYS[1], 'password_hash', ARGV[2])
return 1
