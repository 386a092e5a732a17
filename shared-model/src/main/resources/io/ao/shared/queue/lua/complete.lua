-- complete: running -> succeeded; see record_success in lib.lua
-- KEYS[1] stream   KEYS[2] task status hash
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] worker id  ARGV[4] now (ms)
-- ARGV[5] result (JSON text)  ARGV[6] retention of the terminal hash (seconds)
-- Returns 1 when recorded, 0 when this delivery no longer owned the task.
local recorded = record_success(KEYS[2], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6])
ack_and_delete(KEYS[1], ARGV[1], ARGV[2])
return recorded
