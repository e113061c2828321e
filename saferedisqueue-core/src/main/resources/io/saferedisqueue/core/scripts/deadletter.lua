#!lua flags=allow-oom
-- deadletter: moves an in-flight uid to the dead letters at once (a payload that cannot be
-- converted, an error marked not retryable), with its payload, delivery count, time and reason.
-- The payload moves rather than grows, so it runs on a full Redis too (allow-oom).
-- KEYS[1] srq:NAME:ackbuf     (list)
-- KEYS[2] srq:NAME:backup     (list)
-- KEYS[3] srq:NAME:items      (hash uid -> payload)
-- KEYS[4] srq:NAME:deliveries (hash uid -> deliveries)
-- KEYS[5] srq:NAME:dead       (sorted set uid -> dead-lettered at ms)
-- KEYS[6] srq:NAME:deaditems  (hash uid -> payload)
-- KEYS[7] srq:NAME:deadinfo   (hash uid -> "deliveries\ntime\nreason")
-- KEYS[8] srq:NAME:headers    (hash uid -> push time and trace context; deleted)
-- ARGV[1] uid
-- ARGV[2] reason
-- Returns 1 when the uid was in flight (and is now a dead letter), 0 otherwise.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'hash', 'hash', 'zset', 'hash', 'hash', 'hash'})
if wrong then
  return wrong
end
local uid = ARGV[1]
local removed = redis.call('LREM', KEYS[1], -1, uid)
if removed == 0 then
  removed = redis.call('LREM', KEYS[2], -1, uid)
end
if removed == 0 then
  return 0
end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local payload = redis.call('HGET', KEYS[3], uid)
local count = redis.call('HGET', KEYS[4], uid) or '0'
redis.call('HDEL', KEYS[3], uid)
redis.call('HDEL', KEYS[4], uid)
redis.call('HDEL', KEYS[8], uid)
if not payload then
  return 0
end
redis.call('ZADD', KEYS[5], nowMs, uid)
redis.call('HSET', KEYS[6], uid, payload)
redis.call('HSET', KEYS[7], uid, count .. '\n' .. nowMs .. '\n' .. ARGV[2])
return 1
