-- claim: completes a blocking pop. BLMOVE has already moved the uid from the queue to the left of
-- the ack buffer (waking exactly one waiting consumer, as the Python library's BRPOPLPUSH does);
-- this counts the delivery and fetches the payload in one step, like pop.lua does for each item.
-- A uid whose payload is gone is dropped from the ack buffer; one over ARGV[2] (> 0) deliveries
-- goes to the dead letters.
-- KEYS[1] srq:NAME:items      (hash uid -> payload)
-- KEYS[2] srq:NAME:ackbuf     (list)
-- KEYS[3] srq:NAME:deliveries (hash uid -> deliveries so far)
-- KEYS[4] srq:NAME:dead       (sorted set uid -> dead-lettered at ms)
-- KEYS[5] srq:NAME:deaditems  (hash uid -> payload)
-- KEYS[6] srq:NAME:deadinfo   (hash uid -> "deliveries\ntime\nreason")
-- KEYS[7] srq:NAME:headers    (hash uid -> push time and trace context; deleted with a dead letter)
-- ARGV[1] uid
-- ARGV[2] maximum deliveries per item (0 = unlimited)
-- Returns uid, payload, deliveries, 0; or, when there is nothing to deliver, {1} if the uid was
-- dead-lettered here and {0} otherwise (as pop.lua, the last element counts dead-lettered uids).
local uid = ARGV[1]
local payload = redis.call('HGET', KEYS[1], uid)
if not payload then
  redis.call('LREM', KEYS[2], 1, uid)
  return {0}
end
local count = redis.call('HINCRBY', KEYS[3], uid, 1)
local maxDeliveries = tonumber(ARGV[2])
if maxDeliveries > 0 and count > maxDeliveries then
  local now = redis.call('TIME')
  local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  redis.call('LREM', KEYS[2], 1, uid)
  redis.call('HDEL', KEYS[1], uid)
  redis.call('HDEL', KEYS[3], uid)
  redis.call('HDEL', KEYS[7], uid)
  redis.call('ZADD', KEYS[4], nowMs, uid)
  redis.call('HSET', KEYS[5], uid, payload)
  redis.call('HSET', KEYS[6], uid, (count - 1) .. '\n' .. nowMs .. '\n'
    .. 'delivered ' .. (count - 1) .. ' times without ack or fail (max ' .. maxDeliveries .. ')')
  return {1}
end
return {uid, payload, count, 0}
