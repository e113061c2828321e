#!lua flags=no-writes
-- stats: the sizes of sizes.lua plus the age of the oldest waiting item, read together: of the
-- next 16 uids in line (the right end of the queue), the one nearest the head that has a push time
-- in the headers hash gives the age. Items pushed without one (by Python clients) have none. It
-- writes nothing, so it runs on a full Redis too (no-writes).
-- KEYS[1] srq:NAME:queue   (list)
-- KEYS[2] srq:NAME:ackbuf  (list)
-- KEYS[3] srq:NAME:backup  (list)
-- KEYS[4] srq:NAME:delayed (sorted set)
-- KEYS[5] srq:NAME:dead    (sorted set)
-- KEYS[6] srq:NAME:headers (hash uid -> "t=<ms>\n...")
-- Returns waiting, in the ack buffer, in the backup, delayed, dead letters, and the age in ms of
-- the oldest waiting item (0 when nothing waits, -1 when unknown).

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'list', 'zset', 'zset', 'hash'})
if wrong then
  return wrong
end
local waiting = redis.call('LLEN', KEYS[1])
local age = 0
if waiting > 0 then
  age = -1
  local now = redis.call('TIME')
  local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  local next = redis.call('LRANGE', KEYS[1], -16, -1)
  for i = #next, 1, -1 do
    local headers = redis.call('HGET', KEYS[6], next[i])
    local t = headers and string.match(headers, '^t=(%d+)')
    if t then
      age = math.max(0, nowMs - tonumber(t))
      break
    end
  end
end
return {
  waiting,
  redis.call('LLEN', KEYS[2]),
  redis.call('LLEN', KEYS[3]),
  redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5]),
  age
}
