-- run cancel: queued|running|waiting -> cancelled with a reason; the current step's queued
-- task or wake task cancelled; a running task finishes and starts nothing; one step
-- KEYS[1] the run's hash
-- ARGV[1] slot prefix  ARGV[2] run id  ARGV[3] reason  ARGV[4] now (ms)  ARGV[5] retention (s)
-- Returns {1} cancelled, {0, status} when the run had ended ('' when there is none).
if wf_cancel(ARGV[1], ARGV[2], ARGV[3], ARGV[4], ARGV[5], false) then
  return { 1 }
end
return { 0, redis.call('HGET', KEYS[1], 'status') or '' }
