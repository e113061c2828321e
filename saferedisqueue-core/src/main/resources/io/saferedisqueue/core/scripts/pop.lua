#!lua flags=allow-oom
-- pop: moves due delayed uids into the queue, then up to ARGV[1] uids from the queue to the ack
-- buffer (after the one a blocking pop already moved, if any), counting each delivery, and returns
-- them with their payloads and delivery counts; dead-letters those whose delivery would exceed
-- ARGV[2] (> 0). See lib/take.lua for the details, shared with ackpop.lua.
-- Consumers must drain a full Redis, so it runs over maxmemory too (allow-oom; it adds only the
-- delivery count).
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

--! use keytypes
--! use take
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'hash', 'list', 'list', 'zset', 'hash', 'zset', 'hash', 'hash', 'hash'})
if wrong then
  return wrong
end
return take_items(tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), ARGV[4])
