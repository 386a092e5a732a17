-- enqueue-next-step: running -> succeeded for this task, (none) -> queued for the next
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] next task's status hash
-- KEYS[4] (optional) the workflow run's hash: when its 'cancelled' is '1', no next step
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] worker id  ARGV[4] now (ms)
-- ARGV[5] result (JSON text)  ARGV[6] retention (seconds)  ARGV[7] next task id
-- ARGV[8..] field/value pairs of the next task (as for enqueue)
-- Returns {1, next entry id} when recorded; {0} when this delivery no longer owned
-- the task (then the next step was enqueued by the delivery that did).
local stream, task, next_task = KEYS[1], KEYS[2], KEYS[3]
local group, entry, worker, now, result, retention = ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local recorded = record_success(task, entry, worker, now, result, retention)
ack_and_delete(stream, group, entry)
if recorded == 0 then
  return { 0 }
end
if KEYS[4] and redis.call('HGET', KEYS[4], 'cancelled') == '1' then
  return { 1, '' }
end
local fields = {}
for i = 8, #ARGV do fields[#fields + 1] = ARGV[i] end
local next_entry = create_and_deliver(stream, next_task, ARGV[7], now, fields)
return { 1, next_entry or '' }
