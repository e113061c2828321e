#!lua flags=allow-oom
-- fail: takes in-flight uids out of the ack buffer or backup and, for each:
--   deliveries >= ARGV[2] > 0  -> dead letters (payload, delivery count, time, ARGV[3] as reason)
--   ARGV[1] > 0                -> delayed set, due in ARGV[1] ms
--   otherwise                  -> left of the queue, behind what is waiting (the Python behaviour)
-- A uid that is not in flight changes nothing (no stray uid enters the queue). Items move rather
-- than grow, so it runs on a full Redis too (allow-oom).
-- KEYS[1] srq:NAME:ackbuf     (list)
-- KEYS[2] srq:NAME:backup     (list)
-- KEYS[3] srq:NAME:queue      (list)
-- KEYS[4] srq:NAME:delayed    (sorted set uid -> due ms)
-- KEYS[5] srq:NAME:items      (hash uid -> payload)
-- KEYS[6] srq:NAME:deliveries (hash uid -> deliveries)
-- KEYS[7] srq:NAME:dead       (sorted set uid -> dead-lettered at ms)
-- KEYS[8] srq:NAME:deaditems  (hash uid -> payload)
-- KEYS[9] srq:NAME:deadinfo   (hash uid -> "deliveries\ntime\nreason")
-- KEYS[10] srq:NAME:headers   (hash uid -> push time and trace context; deleted with a dead letter)
-- ARGV[1] delay in ms (0 = requeue at once)
-- ARGV[2] maximum deliveries (0 = unlimited)
-- ARGV[3] reason recorded when an item is dead-lettered
-- ARGV[4..] uids
-- Returns one integer per uid: 0 not in flight (or its payload was gone: acked meanwhile by a
-- duplicate delivery, so nothing is stored), 1 requeued, 2 delayed, 3 dead-lettered.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'list', 'zset', 'hash', 'hash', 'zset', 'hash', 'hash', 'hash'})
if wrong then
  return wrong
end
local delay = tonumber(ARGV[1])
local maxDeliveries = tonumber(ARGV[2])
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local result = {}
for i = 4, #ARGV do
  local uid = ARGV[i]
  local removed = redis.call('LREM', KEYS[1], -1, uid)
  if removed == 0 then
    removed = redis.call('LREM', KEYS[2], -1, uid)
  end
  local outcome = 0
  if removed > 0 then
    local count = tonumber(redis.call('HGET', KEYS[6], uid) or '0')
    if maxDeliveries > 0 and count >= maxDeliveries then
      local payload = redis.call('HGET', KEYS[5], uid)
      redis.call('HDEL', KEYS[5], uid)
      redis.call('HDEL', KEYS[6], uid)
      redis.call('HDEL', KEYS[10], uid)
      if payload then
        redis.call('ZADD', KEYS[7], nowMs, uid)
        redis.call('HSET', KEYS[8], uid, payload)
        redis.call('HSET', KEYS[9], uid, count .. '\n' .. nowMs .. '\n' .. ARGV[3])
        outcome = 3
      end
    elseif delay > 0 then
      redis.call('ZADD', KEYS[4], nowMs + delay, uid)
      outcome = 2
    else
      redis.call('LPUSH', KEYS[3], uid)
      outcome = 1
    end
  end
  result[#result + 1] = outcome
end
return result
