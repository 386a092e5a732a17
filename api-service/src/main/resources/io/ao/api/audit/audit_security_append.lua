-- Appends one security-relevant audit entry (a login, a key or user change, an admin action).
-- These are kept until a backup has them: only entries at or before the backed-up cursor are
-- trimmed to make room, oldest first, down to KEEP. Past the hard cap the oldest entries go even
-- unbacked, and each is counted, so the log is never silently lossy. Trimming is always from the
-- oldest end, which frees whole stream nodes.
-- KEYS[1] security stream  KEYS[2] backed-up cursor (a stream id)  KEYS[3] dropped counter
-- ARGV[1] keep  ARGV[2] hard cap  ARGV[3..] the entry's field/value pairs
-- Returns {entries now held, entries ever dropped}
local keep, hard = tonumber(ARGV[1]), tonumber(ARGV[2])
local fields = {}
for i = 3, #ARGV do
  fields[#fields + 1] = ARGV[i]
end
redis.call('XADD', KEYS[1], '*', unpack(fields))
local held = redis.call('XLEN', KEYS[1])
if held > keep then
  local cursor = redis.call('GET', KEYS[2])
  if cursor then
    local backed_up = redis.call('XRANGE', KEYS[1], '-', cursor, 'COUNT', held - keep)
    if #backed_up > 0 then
      local ms, seq = string.match(backed_up[#backed_up][1], '^(%d+)-(%d+)$')
      held = held - redis.call('XTRIM', KEYS[1], 'MINID', string.format('%s-%d', ms, tonumber(seq) + 1))
    end
  end
end
if held > hard then
  local dropped = redis.call('XTRIM', KEYS[1], 'MAXLEN', hard)
  held = held - dropped
  redis.call('INCRBY', KEYS[3], dropped)
end
return { held, tonumber(redis.call('GET', KEYS[3]) or '0') }
