-- follow-up claim: (none) -> the window of one lead and template held by a task; one step.
-- A task may send when it takes the window now, or took it before (a retry of that same task,
-- e.g. after a worker died between this claim and the send); any other task may not.
-- KEYS[1] the window key (lead + template)
-- ARGV[1] task id  ARGV[2] window (ms)
-- Returns '' when the task may send, else the id of the task that holds the window.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return ''
end
local holder = redis.call('GET', KEYS[1])
if holder == ARGV[1] then
  return ''
end
return holder
