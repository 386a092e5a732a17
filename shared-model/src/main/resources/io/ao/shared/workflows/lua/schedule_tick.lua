-- schedule tick: one run per tick of a definition's schedule, however many workers try;
-- the tick recorded and the run started in one step
-- KEYS[1] the definition's hash
-- ARGV[1] slot prefix  ARGV[2] now (ms)  ARGV[3] retention of ended runs (s)
-- ARGV[4] the tick (ms)  ARGV[5] the definition version it was planned on
-- ARGV[6] the start (JSON, see wf_start in workflow_lib.lua)
-- A tick before the version was written (updated_at) belongs to no run of it; a tick at or
-- before last_tick was started already (by this worker or another).
-- Returns {1} started; {0, 'moved'} the definition changed or was disabled (plan again);
-- {0, 'done'} the tick was started before, or is older than the definition.
local v = redis.call('HMGET', KEYS[1], 'latest', 'enabled', 'last_tick', 'updated_at')
if v[2] ~= '1' or v[1] ~= ARGV[5] then
  return { 0, 'moved' }
end
local tick = tonumber(ARGV[4])
if tick <= tonumber(v[3] or '0') or tick < tonumber(v[4] or '0') then
  return { 0, 'done' }
end
redis.call('HSET', KEYS[1], 'last_tick', ARGV[4])
local started = wf_start(ARGV[1], cjson.decode(ARGV[6]), ARGV[2], ARGV[3])
return { started[1] }
