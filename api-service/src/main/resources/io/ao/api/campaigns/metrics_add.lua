-- campaign metrics: add non-negative increments atomically and return the totals
-- KEYS[1] campaign hash  KEYS[2] its metrics hash (same hash tag)
-- ARGV: counter name / increment pairs
-- Returns nil when there is no such campaign, else the flat name/total list.
if redis.call('EXISTS', KEYS[1]) == 0 then
  return nil
end
for i = 1, #ARGV, 2 do
  if tonumber(ARGV[i + 1]) > 0 then
    redis.call('HINCRBY', KEYS[2], ARGV[i], ARGV[i + 1])
  end
end
return redis.call('HGETALL', KEYS[2])
