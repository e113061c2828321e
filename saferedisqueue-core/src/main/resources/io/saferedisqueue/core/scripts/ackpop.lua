#!lua flags=allow-oom
-- ackpop: acks a batch of uids and takes the next items in the same round trip, so a busy
-- listener needs no separate ack script. First the acks, as ack.lua does them: each uid leaves the
-- ack buffer (or the backup) and its payload, delivery count and headers are deleted. Then, as
-- pop.lua does: moves up to 100 due delayed uids into the queue, moves up to ARGV[1] uids from the
-- right of the queue to the left of the ack buffer, counts each delivery, drops uids whose payload
-- is gone and dead-letters those whose delivery would exceed ARGV[2] (> 0).
-- KEYS[1] srq:NAME:items      (hash uid -> payload)
-- KEYS[2] srq:NAME:queue      (list)
-- KEYS[3] srq:NAME:ackbuf     (list)
-- KEYS[4] srq:NAME:delayed    (sorted set uid -> due ms)
-- KEYS[5] srq:NAME:deliveries (hash uid -> deliveries so far)
-- KEYS[6] srq:NAME:dead       (sorted set uid -> dead-lettered at ms)
-- KEYS[7] srq:NAME:deaditems  (hash uid -> payload)
-- KEYS[8] srq:NAME:deadinfo   (hash uid -> "deliveries\ntime\nreason")
-- KEYS[9] srq:NAME:headers    (hash uid -> push time and trace context)
-- KEYS[10] srq:NAME:backup    (list)
-- ARGV[1] maximum number of items to return (0 or more)
-- ARGV[2] maximum deliveries per item (0 = unlimited)
-- ARGV[3..] uids to ack
-- Returns uid1, payload1, deliveries1, uid2, ..., then the number of uids dead-lettered here, then
-- the number of acked uids that were in flight.
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
for i, kind in ipairs({'hash', 'list', 'list', 'zset', 'hash', 'zset', 'hash', 'hash', 'hash', 'list'}) do
  local found = redis.call('TYPE', KEYS[i])['ok']
  if found ~= kind and found ~= 'none' then
    return redis.error_reply('WRONGTYPE key ' .. KEYS[i] .. ' holds a ' .. found
      .. ', the queue needs a ' .. kind .. ' there (or no key)')
  end
end
local acked = 0
for i = 3, #ARGV do
  local uid = ARGV[i]
  local removed = redis.call('LREM', KEYS[3], -1, uid)
  if removed == 0 then
    removed = redis.call('LREM', KEYS[10], -1, uid)
  end
  redis.call('HDEL', KEYS[1], uid)
  redis.call('HDEL', KEYS[5], uid)
  redis.call('HDEL', KEYS[9], uid)
  acked = acked + removed
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
  end
end
while found < wanted do
  local uid = redis.call('RPOPLPUSH', KEYS[2], KEYS[3])
  if not uid then
    break
  end
  deliver(uid)
end
result[#result + 1] = dead
result[#result + 1] = acked
return result
