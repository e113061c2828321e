#!lua
-- handoff: acks an in-flight uid of one queue and pushes a new item into a next queue, in one
-- atomic step, so a pipeline of queues never loses or duplicates a step between two of them.
-- The ack is ack.lua's (uid out of the in-flight lists, payload, delivery count and headers
-- deleted); the push is push.lua's (payload stored, uid queued on the left). When the acked uid was
-- not in flight (already acked, or requeued by autoclean), nothing is pushed.
-- KEYS[1] srq:NAME:ackbuf       (list)
-- KEYS[2] srq:NAME:backup       (list)
-- KEYS[3] srq:NAME:items        (hash)
-- KEYS[4] srq:NAME:deliveries   (hash)
-- KEYS[5] srq:NAME:headers      (hash)
-- KEYS[6] srq:NEXT:items        (hash; the next queue's)
-- KEYS[7] srq:NEXT:queue        (list; the next queue's)
-- ARGV[1] uid acked
-- ARGV[2] uid of the new item
-- ARGV[3] payload of the new item
-- Returns 1 when the uid was in flight (acked and the new item pushed), 0 otherwise.
--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'hash', 'hash', 'hash', 'hash', 'list'})
if wrong then
  return wrong
end
local removed = redis.call('LREM', KEYS[1], -1, ARGV[1])
if removed == 0 then
  removed = redis.call('LREM', KEYS[2], -1, ARGV[1])
end
if removed == 0 then
  return 0
end
redis.call('HDEL', KEYS[3], ARGV[1])
redis.call('HDEL', KEYS[4], ARGV[1])
redis.call('HDEL', KEYS[5], ARGV[1])
redis.call('HSET', KEYS[6], ARGV[2], ARGV[3])
redis.call('LPUSH', KEYS[7], ARGV[2])
return 1
