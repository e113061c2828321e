#!lua flags=no-writes
-- inflight: one page of the items in flight, for inspection: the old generation first (backup,
-- which the next autoclean rotation requeues), then the young one (ackbuf, which the next rotation
-- turns into backup), each oldest first, with the delivery count, the push time and the first bytes
-- of the payload. It reads at most ARGV[2] items, so a page costs the same however many are in
-- flight. Changes nothing.
-- KEYS[1] srq:NAME:backup     (list; its right end is the oldest)
-- KEYS[2] srq:NAME:ackbuf     (list; its right end is the oldest)
-- KEYS[3] srq:NAME:deliveries (hash uid -> deliveries so far)
-- KEYS[4] srq:NAME:headers    (hash uid -> "t=<ms>\n...")
-- KEYS[5] srq:NAME:items      (hash uid -> payload)
-- ARGV[1] position of the first item to return in backup-then-ackbuf order (>= 0)
-- ARGV[2] most items to return (>= 1)
-- ARGV[3] most payload bytes to return per item (>= 0)
-- Returns the Redis time in ms, the lengths of backup and ackbuf, then per item: uid, 1 when it is
-- in backup (0: ackbuf), deliveries (0: not counted, such as a Python client's pop), push time in
-- ms (-1: unknown), payload size in bytes (-1: payload gone), the payload's first bytes.
--! use keytypes
--! use preview
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'hash', 'hash', 'hash'})
if wrong then
  return wrong
end
local now = redis.call('TIME')
local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
local offset = tonumber(ARGV[1])
local wanted = tonumber(ARGV[2])
local preview = tonumber(ARGV[3])
local backupLength = redis.call('LLEN', KEYS[1])
local ackbufLength = redis.call('LLEN', KEYS[2])
local result = {nowMs, backupLength, ackbufLength}
-- Appends up to count items of a list from position from (0 = its oldest, the right end).
local function page(key, inBackup, length, from, count)
  if count <= 0 or from >= length then
    return 0
  end
  local last = math.min(length - 1, from + count - 1)
  local uids = redis.call('LRANGE', key, length - 1 - last, length - 1 - from)
  for i = #uids, 1, -1 do
    local uid = uids[i]
    local deliveries = tonumber(redis.call('HGET', KEYS[3], uid) or '0')
    local headers = redis.call('HGET', KEYS[4], uid)
    local t = headers and string.match(headers, '^t=(%d+)')
    local size, bytes = payload_preview(KEYS[5], uid, preview)
    result[#result + 1] = uid
    result[#result + 1] = inBackup
    result[#result + 1] = deliveries
    result[#result + 1] = t and tonumber(t) or -1
    result[#result + 1] = size
    result[#result + 1] = bytes
  end
  return #uids
end
local taken = page(KEYS[1], 1, backupLength, offset, wanted)
page(KEYS[2], 0, ackbufLength, math.max(0, offset - backupLength), wanted - taken)
return result
