-- Appends one unauthenticated failure to its own capped stream and counts it, so a flood of them
-- can never push out an entry with an identity, and what the cap trims is still counted.
-- KEYS[1] anonymous stream  KEYS[2] counts hash (recorded, refused_unrecorded)
-- ARGV[1] approximate cap  ARGV[2..] the entry's field/value pairs
local fields = {}
for i = 2, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], '*', unpack(fields))
return redis.call('HINCRBY', KEYS[2], 'recorded', 1)
