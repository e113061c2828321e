#!lua
-- pushheaders: push.lua, plus one entry per item in the headers hash: "t=<ms>" (when the item is
-- due: now, or now + delay; Redis clock), then the given header lines (the trace context of the
-- push). The payloads are stored exactly as push.lua stores them, so Python clients see no change;
-- they never read the headers hash. Refused as a whole over maxmemory, as push.lua.
-- KEYS[1] srq:NAME:items   (hash uid -> payload)
-- KEYS[2] srq:NAME:queue   (list; producers push on the left)
-- KEYS[3] srq:NAME:delayed (sorted set uid -> due time in ms, Redis clock)
-- KEYS[4] srq:NAME:headers (hash uid -> "t=<ms>\nname=value\n...")
-- ARGV[1] delay in milliseconds (0 = queue at once)
-- ARGV[2] header lines of every item, "name=value" separated by "\n" (may be empty)
-- ARGV[3..] uid1, payload1, uid2, payload2, ...
-- Returns the number of items pushed.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'hash', 'list', 'zset', 'hash'})
if wrong then
  return wrong
end
local delay = tonumber(ARGV[1])
local now = redis.call('TIME')
local due = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000) + delay
local headers = 't=' .. due
if ARGV[2] ~= '' then
  headers = headers .. '\n' .. ARGV[2]
end
for i = 3, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('HSET', KEYS[4], ARGV[i], headers)
  if delay > 0 then
    redis.call('ZADD', KEYS[3], due, ARGV[i])
  else
    redis.call('LPUSH', KEYS[2], ARGV[i])
  end
end
return (#ARGV - 2) / 2
