-- lead update (PUT or PATCH): version n -> n+1, email index moved, CRM sync due; one step.
-- The sync: when the lead's sync chain (LeadSyncChain) is still live, this change joins it
-- (its CRM step reads the lead when it runs and starts one more chain if it is behind);
-- otherwise the tasks given start chain n+1. A chain is live until lead_synced.lua ends it
-- (sync_ended) or its tasks have all ended (a step failed or died).
-- KEYS[1] lead hash  KEYS[2] current email index  KEYS[3] new email index  KEYS[4] task stream
-- ARGV[1] lead id  ARGV[2] expected version  ARGV[3] new lead JSON  ARGV[4] now (ms)
-- ARGV[5] tasks JSON (chain n+1's first step)  ARGV[6] task key prefix
-- KEYS[5] lead usage (hash: user -> bytes)  ARGV[7] the quota in bytes ('0' = none)
-- KEYS[6] the workflow definitions' epoch  ARGV[8] slot prefix of the runs  ARGV[9] the
-- workflow effects (JSON, LeadWriteEffects)  ARGV[10] the epoch and ARGV[11] the lead's
-- runs_seq they were decided at  ARGV[12] retention of ended runs (s)
-- The lead.updated event goes to its webhook subscriptions in this step (lib.lua webhook_emit).
-- Returns {1, new version, live chain joined or '', workflows whose trigger was skipped...};
-- {0, 'missing'}; {0, 'version', current}; {0, 'email', other id}; {0, 'quota', bytes used}
-- (the lead's creator is charged); {0, 'stale'} the definitions or the lead's active runs
-- moved since the effects were decided (decide again).
local current = redis.call('HGET', KEYS[1], 'version')
if not current then
  return { 0, 'missing' }
end
if current ~= ARGV[2] then
  return { 0, 'version', current }
end
if (redis.call('GET', KEYS[6]) or '0') ~= ARGV[10]
    or (redis.call('HGET', KEYS[1], 'runs_seq') or '0') ~= ARGV[11] then
  return { 0, 'stale' }
end
-- Leads stored before quotas have no creator and are not counted.
local owner = redis.call('HMGET', KEYS[1], 'creator', 'doc_bytes')
local growth = 0
if owner[1] then
  growth = #ARGV[3] - tonumber(owner[2] or '0')
  local used = tonumber(redis.call('HGET', KEYS[5], owner[1]) or '0')
  if growth > 0 and ARGV[7] ~= '0' and used + growth > tonumber(ARGV[7]) then
    return { 0, 'quota', used }
  end
end
if KEYS[3] ~= KEYS[2] then
  local other = redis.call('GET', KEYS[3])
  if other and other ~= ARGV[1] then
    return { 0, 'email', other }
  end
  redis.call('DEL', KEYS[2])
  redis.call('SET', KEYS[3], ARGV[1])
end
local version = tostring(tonumber(current) + 1)
redis.call('HSET', KEYS[1], 'doc', ARGV[3], 'version', version, 'crm_sync_state', 'pending')
if owner[1] then
  redis.call('HSET', KEYS[1], 'doc_bytes', #ARGV[3])
  redis.call('HINCRBY', KEYS[5], owner[1], growth)
end
webhook_emit(ARGV[8], 'lead.updated', ARGV[3], ARGV[4], ARGV[1], ARGV[12])

local skipped = wf_lead_effects(ARGV[8], cjson.decode(ARGV[9]), ARGV[4], ARGV[12])

local function running(task_id)
  local state = redis.call('HGET', ARGV[6] .. task_id, 'state')
  return state ~= false and not TERMINAL[state]
end
local sync = redis.call('HMGET', KEYS[1], 'sync_chain', 'sync_ended')
local chain = sync[1]
if chain and chain ~= sync[2]
    and (running(ARGV[1] .. '.process.' .. chain) or running(ARGV[1] .. '.crm.' .. chain)) then
  return { 1, tonumber(version), chain, unpack(skipped) }
end
redis.call('HSET', KEYS[1], 'sync_chain', version)
redis.call('HDEL', KEYS[1], 'sync_ended')
enqueue_all(KEYS[4], ARGV[6], ARGV[5], ARGV[4])
return { 1, tonumber(version), '', unpack(skipped) }
