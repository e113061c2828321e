#!lua
-- push: stores payloads and queues their uids in the order given (FIFO), or, with a delay, parks
-- them in the delayed set until they are due (pop.lua moves due items into the queue).
-- Over maxmemory (noeviction) Redis refuses the whole script before it runs (Redis before 7.0:
-- at its first write, the HSET, after the reads of the type check), so a push stores all of its
-- items or none.
-- KEYS[1] srq:NAME:items   (hash uid -> payload)
-- KEYS[2] srq:NAME:queue   (list; producers push on the left)
-- KEYS[3] srq:NAME:delayed (sorted set uid -> due time in ms, Redis clock)
-- ARGV[1] delay in milliseconds (0 = queue at once)
-- ARGV[2..] uid1, payload1, uid2, payload2, ...
-- Returns the number of items pushed.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'hash', 'list', 'zset'})
if wrong then
  return wrong
end
local delay = tonumber(ARGV[1])
local due = 0
if delay > 0 then
  local now = redis.call('TIME')
  due = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + delay
end
for i = 2, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  if delay > 0 then
    redis.call('ZADD', KEYS[3], due, ARGV[i])
  else
    redis.call('LPUSH', KEYS[2], ARGV[i])
  end
end
return (#ARGV - 1) / 2
