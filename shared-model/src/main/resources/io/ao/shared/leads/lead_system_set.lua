-- lead system fields: sets fields the system owns (score, CRM state) beside the client's
-- document, leaving its version (the ETag) alone.
-- KEYS[1] lead hash  ARGV field/value pairs
-- Returns 1 when set, 0 when the lead is gone.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
redis.call('HSET', KEYS[1], unpack(ARGV))
return 1
