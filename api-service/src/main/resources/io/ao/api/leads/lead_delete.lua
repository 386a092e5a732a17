-- lead delete: the lead's personal data is erased (hash, email index, listing) and the
-- CRM delete is enqueued; one step
-- KEYS[1] lead hash  KEYS[2] email index  KEYS[3] leads by creation  KEYS[4] task stream
-- ARGV[1] lead id  ARGV[2] now (ms)  ARGV[3] tasks JSON  ARGV[4] task key prefix
-- KEYS[5] lead usage (hash: user -> bytes): the creator's bytes are given back
-- ARGV[5] slot prefix of the runs  ARGV[6] retention of ended runs (s): the lead's active
-- runs are cancelled (lead_deleted), their outputs and pending tasks erased with it
-- The lead.deleted event (the id only: the data is erased) goes to its webhook subscriptions,
-- and its earlier events' deliveries are cut down to its id (lib.lua webhook_erase).
-- Returns 1 when deleted, 0 when there was no such lead.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return 0
end
local owner = redis.call('HMGET', KEYS[1], 'creator', 'doc_bytes')
if owner[1] and owner[2] then
  if redis.call('HINCRBY', KEYS[5], owner[1], -tonumber(owner[2])) <= 0 then
    redis.call('HDEL', KEYS[5], owner[1])
  end
end
wf_lead_deleted(ARGV[5], ARGV[1], ARGV[2], ARGV[6])
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
redis.call('ZREM', KEYS[3], ARGV[1])
webhook_erase(ARGV[5], ARGV[1])
webhook_emit(ARGV[5], 'lead.deleted', cjson.encode({ id = ARGV[1] }), ARGV[2])
enqueue_all(KEYS[4], ARGV[4], ARGV[3], ARGV[2])
return 1
