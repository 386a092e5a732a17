-- A backup has every security entry up to ARGV[1]: move the cursor there, never backwards (two
-- backups may finish in either order).
-- KEYS[1] backed-up cursor  ARGV[1] the last security stream id the backup holds
-- Returns 1 when the cursor moved
local function parts(id)
  local ms, seq = string.match(id, '^(%d+)-(%d+)$')
  return tonumber(ms), tonumber(seq)
end
local current = redis.call('GET', KEYS[1])
if current then
  local cms, cseq = parts(current)
  local nms, nseq = parts(ARGV[1])
  if nms < cms or (nms == cms and nseq <= cseq) then
    return 0
  end
end
redis.call('SET', KEYS[1], ARGV[1])
return 1
