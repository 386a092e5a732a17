-- lead create: (none) -> lead stored, email claimed, listed, tasks enqueued; one step.
-- The tasks are sync chain 1's first step (LeadSyncChain), or none (a workflow's lead).
-- KEYS[1] lead hash  KEYS[2] email index  KEYS[3] leads by creation  KEYS[4] task stream
-- KEYS[5] idempotency record (a placeholder key when the request has no Idempotency-Key)
-- ARGV[1] lead id  ARGV[2] lead JSON  ARGV[3] created (ms)  ARGV[4] tasks JSON
-- ARGV[5] task key prefix  ARGV[6] idempotency record JSON ('' = none)  ARGV[7] its TTL (s)
-- ARGV[8] '1' when the tasks start sync chain 1, else ''
-- KEYS[6] lead usage (hash: user -> bytes of the leads they created)
-- ARGV[9] the creating user  ARGV[10] their quota in bytes ('0' = none)
-- KEYS[7] the workflow definitions' epoch  ARGV[11] slot prefix of the runs
-- ARGV[12] the workflow effects (JSON, LeadWriteEffects; '' = none)  ARGV[13] the epoch they
-- were decided at  ARGV[14] retention of ended runs (s)
-- The lead.created event goes to its webhook subscriptions in this step (lib.lua webhook_emit).
-- Returns {1, workflows whose trigger was skipped (unique)...} created; {0, existing id} email
-- taken; {2, record} the key was used before; {3, bytes used} the creator's quota would be
-- exceeded; {4} the definitions moved since the effects were decided (decide again).
if ARGV[6] ~= '' then
  local previous = redis.call('GET', KEYS[5])
  if previous then
    return { 2, previous }
  end
end
if ARGV[12] ~= '' and (redis.call('GET', KEYS[7]) or '0') ~= ARGV[13] then
  return { 4 }
end
local existing = redis.call('GET', KEYS[2])
if existing then
  return { 0, existing }
end
local size = #ARGV[2]
local used = tonumber(redis.call('HGET', KEYS[6], ARGV[9]) or '0')
if ARGV[10] ~= '0' and used + size > tonumber(ARGV[10]) then
  return { 3, used }
end
redis.call('SET', KEYS[2], ARGV[1])
redis.call('HSET', KEYS[1], 'doc', ARGV[2], 'version', '1', 'crm_sync_state', 'pending',
  'creator', ARGV[9], 'doc_bytes', size)
redis.call('HINCRBY', KEYS[6], ARGV[9], size)
if ARGV[8] == '1' then
  redis.call('HSET', KEYS[1], 'sync_chain', '1')
end
redis.call('ZADD', KEYS[3], ARGV[3], ARGV[1])
enqueue_all(KEYS[4], ARGV[5], ARGV[4], ARGV[3])
if ARGV[6] ~= '' then
  redis.call('SET', KEYS[5], ARGV[6], 'EX', ARGV[7])
end
webhook_emit(ARGV[11], 'lead.created', ARGV[2], ARGV[3], ARGV[1], ARGV[14])
local skipped = {}
if ARGV[12] ~= '' then
  skipped = wf_lead_effects(ARGV[11], cjson.decode(ARGV[12]), ARGV[3], ARGV[14])
end
return { 1, unpack(skipped) }
