#!lua flags=allow-oom
-- pop: first moves up to 100 due delayed uids into the queue, then moves up to ARGV[1] uids from
-- the right of the queue to the left of the ack buffer (after the one a blocking pop already
-- moved, if any), counts each delivery, and returns them with their payloads and delivery counts.
-- A uid whose payload is gone (acked while it was being requeued) is dropped from the ack buffer.
-- A uid whose delivery would exceed ARGV[2] (> 0) goes to the dead letters instead: its consumers
-- kept vanishing without ack or fail.
-- Consumers must drain a full Redis, so it runs over maxmemory too (allow-oom; it adds only the
-- delivery count). The move is RPOP then LPUSH, RPOPLPUSH's effect: Redis before 7.0 has no
-- flags and refuses a script's first write over maxmemory if that write may grow memory, and
-- RPOP is not one of those, so there too the pop goes through.
-- KEYS[1] srq:NAME:items      (hash uid -> payload)
-- KEYS[2] srq:NAME:queue      (list)
-- KEYS[3] srq:NAME:ackbuf     (list)
-- KEYS[4] srq:NAME:delayed    (sorted set uid -> due ms)
-- KEYS[5] srq:NAME:deliveries (hash uid -> deliveries so far)
-- KEYS[6] srq:NAME:dead       (sorted set uid -> dead-lettered at ms)
-- KEYS[7] srq:NAME:deaditems  (hash uid -> payload)
-- KEYS[8] srq:NAME:deadinfo   (hash uid -> "deliveries\ntime\nreason")
-- KEYS[9] srq:NAME:headers    (hash uid -> push time and trace context; deleted with a dead letter)
-- ARGV[1] maximum number of items to return (>= 1)
-- ARGV[2] maximum deliveries per item (0 = unlimited)
-- ARGV[3] most payload bytes to return: no further item is taken once they reach it (the first
--         always is), so a batch of big payloads does not hold up Redis while it is copied
-- ARGV[4..] optional: a uid that BLMOVE has already moved from the queue to the ack buffer (a
--         blocking pop); it is delivered first and counts towards ARGV[1]
-- Returns uid1, payload1, deliveries1, uid2, ..., then the number of uids dead-lettered here.

-- First of all: a key of another type (another program's data) fails the call, nothing changed.
for i, kind in ipairs({'hash', 'list', 'list', 'zset', 'hash', 'zset', 'hash', 'hash', 'hash'}) do
  local found = redis.call('TYPE', KEYS[i])['ok']
  if found ~= kind and found ~= 'none' then
    return redis.error_reply('WRONGTYPE key ' .. KEYS[i] .. ' holds a ' .. found
      .. ', the queue needs a ' .. kind .. ' there (or no key)')
  end
end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', nowMs, 'LIMIT', 0, 100)
for i = 1, #due do
  redis.call('ZREM', KEYS[4], due[i])
  redis.call('LPUSH', KEYS[2], due[i])
end
local result = {}
local wanted = tonumber(ARGV[1])
local maxDeliveries = tonumber(ARGV[2])
local maxBytes = tonumber(ARGV[3])
local bytes = 0
local found = 0
local dead = 0
-- Delivers a uid that is in the ack buffer: counts it, or drops or dead-letters it.
local function deliver(uid)
  local payload = redis.call('HGET', KEYS[1], uid)
  if not payload then
    redis.call('LREM', KEYS[3], 1, uid)
    return
  end
  local count = redis.call('HINCRBY', KEYS[5], uid, 1)
  if maxDeliveries > 0 and count > maxDeliveries then
    redis.call('LREM', KEYS[3], 1, uid)
    redis.call('HDEL', KEYS[1], uid)
    redis.call('HDEL', KEYS[5], uid)
    redis.call('HDEL', KEYS[9], uid)
    dead = dead + 1
    redis.call('ZADD', KEYS[6], nowMs, uid)
    redis.call('HSET', KEYS[7], uid, payload)
    redis.call('HSET', KEYS[8], uid, (count - 1) .. '\n' .. nowMs .. '\n'
      .. 'delivered ' .. (count - 1) .. ' times without ack or fail (max ' .. maxDeliveries .. ')')
  else
    result[#result + 1] = uid
    result[#result + 1] = payload
    result[#result + 1] = count
    found = found + 1
    bytes = bytes + #payload
  end
end
if ARGV[4] then
  deliver(ARGV[4])
end
while found < wanted and bytes < maxBytes do
  local uid = redis.call('RPOP', KEYS[2])
  if not uid then
    break
  end
  redis.call('LPUSH', KEYS[3], uid)
  deliver(uid)
end
result[#result + 1] = dead
return result
