#!lua flags=no-writes
-- deadpage: one page of the dead letters, oldest first, with their delivery count, time and reason
-- and only the first bytes of their payload (a poison message may be large), for inspection. It
-- reads at most ARGV[2] of them. Changes nothing.
-- KEYS[1] srq:NAME:dead      (sorted set uid -> dead-lettered at ms)
-- KEYS[2] srq:NAME:deaditems (hash uid -> payload)
-- KEYS[3] srq:NAME:deadinfo  (hash uid -> "deliveries\ntime\nreason")
-- ARGV[1] position of the first dead letter to return, oldest first (>= 0)
-- ARGV[2] most dead letters to return (>= 1)
-- ARGV[3] most payload bytes to return per dead letter (>= 0)
-- Returns the Redis time in ms, the number of dead letters, then per dead letter: uid, its
-- deadinfo entry (empty when missing), payload size in bytes (-1: payload gone), the payload's
-- first bytes.
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
local uids = redis.call('ZRANGE', KEYS[1], offset, offset + tonumber(ARGV[2]) - 1)
for i = 1, #uids do
  local uid = uids[i]
  local size, bytes = payload_preview(KEYS[2], uid, preview)
  result[#result + 1] = uid
  result[#result + 1] = redis.call('HGET', KEYS[3], uid) or ''
  result[#result + 1] = size
  result[#result + 1] = bytes
end
return result
