-- listing trim: takes the ids of ended runs whose hash has expired off the run listings
-- (<slot>wfs, <slot>wfs:<workflow>, <slot>lead-wfs:<lead>), which would otherwise keep
-- every id ever listed. Idempotent: any number of workers may run it at once.
-- KEYS[1] <slot>wfs-expiring (see wf_finish in workflow_lib.lua)
-- ARGV[1] slot prefix  ARGV[2] now (ms)  ARGV[3] at most this many entries
-- Returns {ids taken off the listings, entries looked at}.
local slot, now, batch = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local due = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', now, 'LIMIT', 0, batch)
local removed = 0
for _, member in ipairs(due) do
  local run, workflow, lead = string.match(member, '^([^|]*)|([^|]*)|(.*)$')
  local ttl = redis.call('PTTL', slot .. 'wf:' .. run)
  if ttl == -2 then
    -- expired: off every listing
    redis.call('ZREM', slot .. 'wfs', run)
    if workflow ~= '' then
      redis.call('ZREM', slot .. 'wfs:' .. workflow, run)
    end
    if lead ~= '' then
      redis.call('ZREM', slot .. 'lead-wfs:' .. lead, run)
    end
    redis.call('ZREM', KEYS[1], member)
    removed = removed + 1
  elseif ttl == -1 then
    -- kept again (a re-driven step resumed it): it is noted anew when it ends again
    redis.call('ZREM', KEYS[1], member)
  else
    -- its hash outlives the note (clocks differ between processes): look again then
    redis.call('ZADD', KEYS[1], now + ttl, member)
  end
end
return { removed, #due }
