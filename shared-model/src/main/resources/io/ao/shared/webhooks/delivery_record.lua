-- webhook delivery record: one attempt's outcome onto a subscription's delivery log, which
-- keeps the newest ARGV[2] entries; one step, so the log can never grow past its cap.
-- KEYS[1] the subscription's delivery log (list, newest first)
-- ARGV[1] the attempt (JSON)  ARGV[2] entries kept
-- Returns the log's length.
redis.call('LPUSH', KEYS[1], ARGV[1])
redis.call('LTRIM', KEYS[1], 0, tonumber(ARGV[2]) - 1)
return redis.call('LLEN', KEYS[1])
