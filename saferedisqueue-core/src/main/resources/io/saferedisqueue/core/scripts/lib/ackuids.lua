-- ackuids (a fragment, included by "--! use ackuids" in ack.lua and ackpop.lua): ack_uid(ackbuf,
-- backup, items, deliveries, headers, uid) removes uid from the ack buffer or, when it is not
-- there, the backup (LREM from the old end, where a uid being acked usually is, stopping at the
-- first match, so an ack stays cheap with many items in flight), and deletes its payload, delivery
-- count and headers, as the Python library does even for a uid no longer in flight. Returns 1 when
-- it was in flight, 0 otherwise.
local function ack_uid(ackbuf, backup, items, deliveries, headers, uid)
  local removed = redis.call('LREM', ackbuf, -1, uid)
  if removed == 0 then
    removed = redis.call('LREM', backup, -1, uid)
  end
  redis.call('HDEL', items, uid)
  redis.call('HDEL', deliveries, uid)
  redis.call('HDEL', headers, uid)
  return removed
end
