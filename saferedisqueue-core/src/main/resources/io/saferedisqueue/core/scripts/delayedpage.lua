#!lua flags=no-writes
-- delayedpage: one page of the delayed items (failed with a delay, or pushed with one), soonest
-- due first, with the due time, the delivery count and the first bytes of the payload, for
-- inspection. It reads at most ARGV[2] items. Changes nothing.
-- KEYS[1] srq:NAME:delayed    (sorted set uid -> due time in ms)
-- KEYS[2] srq:NAME:deliveries (hash uid -> deliveries so far)
-- KEYS[3] srq:NAME:items      (hash uid -> payload)
-- ARGV[1] position of the first item to return, soonest due first (>= 0)
-- ARGV[2] most items to return (>= 1)
-- ARGV[3] most payload bytes to return per item (>= 0)
-- Returns the Redis time in ms, the number of delayed items, then per item: uid, due time in ms,
-- deliveries (0: not delivered yet), payload size in bytes (-1: payload gone), the payload's first
-- bytes.
--! use keytypes
--! use preview
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'zset', 'hash', 'hash'})
if wrong then
  return wrong
end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local offset = tonumber(ARGV[1])
local preview = tonumber(ARGV[3])
local result = {nowMs, redis.call('ZCARD', KEYS[1])}
local page = redis.call('ZRANGE', KEYS[1], offset, offset + tonumber(ARGV[2]) - 1, 'WITHSCORES')
for i = 1, #page, 2 do
  local uid = page[i]
  local size, bytes = payload_preview(KEYS[3], uid, preview)
  result[#result + 1] = uid
  result[#result + 1] = tonumber(page[i + 1])
  result[#result + 1] = tonumber(redis.call('HGET', KEYS[2], uid) or '0')
  result[#result + 1] = size
  result[#result + 1] = bytes
end
return result
