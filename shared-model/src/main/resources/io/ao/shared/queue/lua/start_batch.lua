-- start_batch: start_one for every delivery of one read, in one round trip
-- KEYS[1] stream   KEYS[2] dead-letter stream   KEYS[3..] task status hashes
-- ARGV[1] group  ARGV[2] worker id  ARGV[3] now (ms)  ARGV[4..] entry ids (one per hash)
-- Returns one start_one answer per delivery, in order.
local answers = {}
for i = 3, #KEYS do
  answers[#answers + 1] = start_one(KEYS[1], KEYS[2], KEYS[i], ARGV[1], ARGV[i + 1], ARGV[2], ARGV[3])
end
return answers
