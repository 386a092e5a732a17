-- start: queued -> running (one delivery picked up by a worker)
-- KEYS[1] stream   KEYS[2] task status hash   KEYS[3] dead-letter stream
-- ARGV[1] group  ARGV[2] entry id  ARGV[3] worker id  ARGV[4] now (ms)
-- Returns {'run', attempts, max_attempts}; {'skip', reason} when the entry must not run
-- (task gone, terminal or superseded: the entry is acked and deleted here);
-- {'dead', attempts} when deliveries that never reported back (workers that died
-- mid-task) have used up every attempt: the task is dead-lettered here.
local stream, task, dead = KEYS[1], KEYS[2], KEYS[3]
local group, entry, worker, now = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local v = redis.call('HMGET', task, 'state', 'entry', 'max_attempts', 'id', 'type', 'last_error')
local state, current, max_attempts = v[1], v[2], tonumber(v[3]) or 3
if not state then
  ack_and_delete(stream, group, entry)
  return { 'skip', 'gone' }
end
if TERMINAL[state] or current ~= entry then
  ack_and_delete(stream, group, entry)
  return { 'skip', TERMINAL[state] and state or 'superseded' }
end
local attempts = redis.call('HINCRBY', task, 'attempts', 1)
if attempts > max_attempts then
  ack_and_delete(stream, group, entry)
  local err = 'no outcome reported after ' .. max_attempts .. ' deliveries (worker lost mid-task)'
  local dead_entry = redis.call('XADD', dead, '*', 'id', v[4], 'type', v[5] or '',
    'error', err, 'attempts', tostring(attempts - 1), 'failed_at', now)
  redis.call('HSET', task, 'state', 'dead', 'attempts', tostring(attempts - 1),
    'last_error', err, 'finished_at', now, 'updated_at', now, 'dead_entry', dead_entry, 'entry', '')
  redis.call('PERSIST', task)
  return { 'dead', attempts - 1 }
end
redis.call('HSET', task, 'state', 'running', 'worker', worker, 'started_at', now, 'updated_at', now)
return { 'run', attempts, max_attempts }
