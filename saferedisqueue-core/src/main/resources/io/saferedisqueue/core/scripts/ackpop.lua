#!lua flags=allow-oom
-- ackpop: acks a batch of uids and takes the next items in the same round trip, so a busy
-- listener needs no separate ack script. First the acks, as ack.lua does them: each uid leaves the
-- ack buffer (or the backup) and its payload, delivery count and headers are deleted. Then takes
-- items exactly as pop.lua does (lib/take.lua): due delayed uids into the queue, up to ARGV[1]
-- uids (or payloads up to ARGV[3] bytes) into the ack buffer, each delivery counted, dead-letters
-- those whose delivery would exceed ARGV[2] (> 0).
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
-- ARGV[3] most payload bytes to return: no further item is taken once they reach it (the first
--         always is)
-- ARGV[4..] uids to ack
-- Returns uid1, payload1, deliveries1, uid2, ..., then the number of uids dead-lettered here, then
-- the number of acked uids that were in flight.

--! use keytypes
--! use take
--! use ackuids
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'hash', 'list', 'list', 'zset', 'hash', 'zset', 'hash', 'hash', 'hash', 'list'})
if wrong then
  return wrong
end
local acked = 0
for i = 4, #ARGV do
  acked = acked + ack_uid(KEYS[3], KEYS[10], KEYS[1], KEYS[5], KEYS[9], ARGV[i])
end
local result = take_items(tonumber(ARGV[1]), tonumber(ARGV[2]), tonumber(ARGV[3]), nil)
result[#result + 1] = acked
return result
