-- tasks in a state: one bounded step of listing a queue partition's tasks in one state,
-- read from where such tasks are kept (no index of its own, so no transition pays for it):
--   dead, failed       the dead-letter stream, newest first
--   retrying, scheduled the delayed zset, soonest due first
--   queued, running    the task stream, oldest first (it holds only outstanding work)
-- At most ARGV[5] entries are looked at per call, so a call is short however large the
-- queue; a page may then hold fewer than ARGV[3] ids with a cursor to go on from.
-- KEYS[1] task stream  KEYS[2] delayed zset  KEYS[3] dead-letter stream
-- ARGV[1] state  ARGV[2] resume after ('' = from the start)  ARGV[3] limit
-- ARGV[4] task key prefix  ARGV[5] entries to look at, at most
-- Returns {resume after ('' = this partition has no more), task id...}
local state, after, limit, prefix = ARGV[1], ARGV[2], tonumber(ARGV[3]), ARGV[4]
local budget = tonumber(ARGV[5])
local found, last, looked = {}, '', 0

local function field(flat, name)
  for i = 1, #flat - 1, 2 do
    if flat[i] == name then
      return flat[i + 1]
    end
  end
  return nil
end

local function stream_page(entries, state_of)
  for _, entry in ipairs(entries) do
    looked = looked + 1
    last = entry[1]
    local id = field(entry[2], 'id')
    if id and state_of(id, entry[2]) == state then
      found[#found + 1] = id
      if #found == limit then
        return true
      end
    end
  end
  return #entries == budget
end

local more
if state == 'dead' or state == 'failed' then
  local from = after == '' and '+' or '(' .. after
  more = stream_page(redis.call('XREVRANGE', KEYS[3], from, '-', 'COUNT', budget),
    function(_, flat) return field(flat, 'state') or 'dead' end)
elseif state == 'queued' or state == 'running' then
  local from = after == '' and '-' or '(' .. after
  more = stream_page(redis.call('XRANGE', KEYS[1], from, '+', 'COUNT', budget),
    function(id) return redis.call('HGET', prefix .. id, 'state') end)
else
  -- the zset's cursor is "<due ms> <task id>": members due at one time come in id order.
  -- Should more than ARGV[5] tasks be due in the very same millisecond, the rest of them
  -- are passed over rather than read for ever (the page goes on at the next due time).
  local base, after_id = nil, nil
  if after ~= '' then
    local space = string.find(after, ' ', 1, true)
    base, after_id = string.sub(after, 1, space - 1), string.sub(after, space + 1)
  end
  local function scan(min)
    local page = redis.call('ZRANGEBYSCORE', KEYS[2], min, '+inf', 'WITHSCORES', 'LIMIT', 0, budget)
    for i = 1, #page - 1, 2 do
      local id, due = page[i], page[i + 1]
      if base == nil or tonumber(due) > tonumber(base) or id > after_id then
        looked = looked + 1
        last = due .. ' ' .. id
        if redis.call('HGET', prefix .. id, 'state') == state then
          found[#found + 1] = id
          if #found == limit then
            return true
          end
        end
      end
    end
    return #page == 2 * budget
  end
  more = scan(base or '-inf')
  if more and looked == 0 then
    more = scan('(' .. base)
  end
end

local reply = { more and last or '' }
for _, id in ipairs(found) do
  reply[#reply + 1] = id
end
return reply
