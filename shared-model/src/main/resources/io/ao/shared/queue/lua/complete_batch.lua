-- complete_batch: record_success for several successes, in one round trip; their entries
-- are acked and deleted with one XACK and one XDEL (XDEL costs far less per entry so).
-- KEYS[1] stream   KEYS[2..] task status hashes
-- ARGV[1] group  ARGV[2] worker id  ARGV[3] now (ms)  ARGV[4] retention (seconds)
-- then per hash, in order: entry id, result (JSON text)
-- Returns one answer per task, in order: 1 recorded, 0 no longer owned.
local answers, entries = {}, {}
for i = 2, #KEYS do
  local at = 5 + (i - 2) * 2
  answers[#answers + 1] = record_success(KEYS[i], ARGV[at], ARGV[2], ARGV[3], ARGV[at + 1], ARGV[4])
  entries[#entries + 1] = ARGV[at]
end
if #entries > 0 then
  redis.call('XACK', KEYS[1], ARGV[1], unpack(entries))
  redis.call('XDEL', KEYS[1], unpack(entries))
end
return answers
