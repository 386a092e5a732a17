-- promote: retrying|scheduled -> queued for every task whose time has come
-- KEYS[1] delayed zset   KEYS[2] stream
-- ARGV[1] now (ms)  ARGV[2] max tasks to move  ARGV[3] task key prefix, e.g. 'ao:{default}:task:'
-- Safe with many workers: ZRANGEBYSCORE + ZREM + XADD run as one atomic step, so a
-- due task is moved by exactly one caller. Returns the number of tasks moved.
local delayed, stream = KEYS[1], KEYS[2]
local now, limit, prefix = ARGV[1], tonumber(ARGV[2]), ARGV[3]
local ids = redis.call('ZRANGEBYSCORE', delayed, '-inf', now, 'LIMIT', 0, limit)
local moved = 0
for _, id in ipairs(ids) do
  redis.call('ZREM', delayed, id)
  local task = prefix .. id
  local state = redis.call('HGET', task, 'state')
  if state == 'retrying' or state == 'scheduled' then
    deliver(stream, task, id, now)
    redis.call('HDEL', task, 'next_run_at')
    moved = moved + 1
  end
end
return moved
