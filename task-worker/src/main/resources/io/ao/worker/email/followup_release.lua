-- email release: a task's email sending -> (none), and its window given back, in one step.
-- Run when no SMTP server accepted the message: nothing left, so the next delivery (or another
-- task, for the window) may send. A marker already "sent" stays (another delivery's success).
-- KEYS[1] the task's email marker  KEYS[2] the window key (lead + template)
-- ARGV[1] task id
-- Returns 1 when the claim was released, 0 when the marker said sent.
if redis.call('GET', KEYS[1]) == 'sent' then
  return 0
end
redis.call('DEL', KEYS[1])
if redis.call('GET', KEYS[2]) == ARGV[1] then
  redis.call('DEL', KEYS[2])
end
return 1
