-- email claim: a task's email (none | sending) -> sending, in one step with the lead's follow-up
-- window. Email is at least once: the claim says "a delivery is sending", not "it was sent", so a
-- delivery that died during the SMTP exchange leaves a claim the next delivery takes over (it
-- sends again with the same Message-ID, which mailboxes collapse). Only "sent", written once an
-- SMTP server accepted the message, stops a delivery.
-- The window: a task may send when it takes the window now, or took it before (a retry of that
-- same task); any other task may not.
-- KEYS[1] the task's email marker  KEYS[2] the window key (lead + template)
-- ARGV[1] task id  ARGV[2] window (ms), 0 for none  ARGV[3] now (ms)
-- Returns '' when the task may send (the marker now says sending), 'sent' when an earlier
-- delivery's message was accepted, else the id of the task that holds the window.
if redis.call('GET', KEYS[1]) == 'sent' then
  return 'sent'
end
if tonumber(ARGV[2]) > 0 and not redis.call('SET', KEYS[2], ARGV[1], 'NX', 'PX', ARGV[2]) then
  local holder = redis.call('GET', KEYS[2])
  if holder ~= ARGV[1] then
    return holder
  end
end
redis.call('SET', KEYS[1], 'sending:' .. ARGV[3], 'EX', 2592000)
return ''
