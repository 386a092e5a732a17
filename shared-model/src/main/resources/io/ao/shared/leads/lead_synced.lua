-- lead synced: records how the CRM sync of one version went, beside the client's
-- document (its version, the ETag, is left alone), and ends the lead's sync chain, or,
-- when the lead changed after the version sent (or the score sent was older than it),
-- schedules the next chain resync_delay later: edits meanwhile join it, so a burst of
-- edits costs a few CRM calls, not one per edit. One step.
-- A delivery of a chain that is no longer the lead's current one (a late redelivery, or
-- a chain overtaken by a newer one) records only the CRM id, so it never hides the newer
-- chain's state.
-- KEYS[1] lead hash  KEYS[2] delayed zset
-- ARGV[1] state: 'synced' | 'failed' | 'not_configured'  ARGV[2] CRM id ('' = none)
-- ARGV[3] the version sent  ARGV[4] chain ('' = not in a sync chain: a workflow step)
-- ARGV[5] now (ms)  ARGV[6] next chain due at (ms)  ARGV[7] task key prefix
-- ARGV[8] the next chain's first task: {"id_prefix": ..., "fields": [...]}; its id is
--         id_prefix .. the lead's current version (LeadSyncChain's naming), and its payload
--         {"lead_id": ARGV[9], "chain": that version}
-- ARGV[9] lead id
-- Returns {1, next chain's task id or ''}; {0} when the lead is gone.
local lead = KEYS[1]
if redis.call('EXISTS', lead) == 0 then
  return { 0 }
end
local state, crm_id, sent, chain, now = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4], ARGV[5]
local v = redis.call('HMGET', lead, 'version', 'scored_version', 'sync_chain')
local current, scored = tonumber(v[1]), tonumber(v[2]) or 0
if crm_id ~= '' then
  redis.call('HSET', lead, 'crm_id', crm_id, 'crm_synced_at', now)
end
if chain ~= '' and v[3] ~= chain then
  return { 1, '' }
end
redis.call('HSET', lead, 'crm_sync_state', state, 'synced_version', tostring(sent))
if chain == '' then
  return { 1, '' }
end
local behind = current > sent or (state == 'synced' and scored < sent)
if state == 'not_configured' or not behind then
  redis.call('HSET', lead, 'sync_ended', chain)
  return { 1, '' }
end
local first = cjson.decode(ARGV[8])
local id = first.id_prefix .. tostring(current)
for i = 1, #first.fields - 1, 2 do
  if first.fields[i] == 'payload' then
    first.fields[i + 1] = cjson.encode({ lead_id = ARGV[9], chain = current })
  end
end
redis.call('HSET', lead, 'sync_chain', tostring(current), 'crm_sync_state', 'pending')
redis.call('HDEL', lead, 'sync_ended')
create_scheduled(KEYS[2], ARGV[7] .. id, id, now, ARGV[6], first.fields)
return { 1, id }
