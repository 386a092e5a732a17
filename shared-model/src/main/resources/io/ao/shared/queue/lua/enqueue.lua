-- enqueue: (none) -> queued
-- KEYS[1] stream   KEYS[2] task status hash
-- ARGV[1] task id  ARGV[2] now (ms)  ARGV[3..] field/value pairs of the task
--   (type, payload, max_attempts, request_id, workflow_id, step, queue)
-- Returns {1, entry id} when created, {0, current state} when the id already exists.
local fields = {}
for i = 3, #ARGV do fields[#fields + 1] = ARGV[i] end
local entry = create_and_deliver(KEYS[1], KEYS[2], ARGV[1], ARGV[2], fields)
if entry then
  return { 1, entry }
end
return { 0, redis.call('HGET', KEYS[2], 'state') }
