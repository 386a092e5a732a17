-- start: queued -> running (one delivery picked up by a worker); see start_one in lib.lua
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] dead-letter stream
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] worker id  ARGV[4] now (ms)
return start_one(KEYS[1], KEYS[3], KEYS[2], ARGV[1], ARGV[2], ARGV[3], ARGV[4])
