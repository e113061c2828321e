-- pop (non-blocking): moves up to ARGV[1] uids from the right of the queue to the left of the
-- ack buffer and returns them with their payloads. A uid whose payload is gone (acked while it
-- was being requeued) is dropped from the ack buffer instead of being delivered without a payload.
-- KEYS[1] srq:NAME:items  (hash uid -> payload)
-- KEYS[2] srq:NAME:queue  (list)
-- KEYS[3] srq:NAME:ackbuf (list)
-- ARGV[1] maximum number of items to return (>= 1)
-- Returns uid1, payload1, uid2, payload2, ... (empty when the queue is empty).
local result = {}
local wanted = tonumber(ARGV[1])
local found = 0
while found < wanted do
  local uid = redis.call('RPOPLPUSH', KEYS[2], KEYS[3])
  if not uid then
    break
  end
  local payload = redis.call('HGET', KEYS[1], uid)
  if payload then
    result[#result + 1] = uid
    result[#result + 1] = payload
    found = found + 1
  else
    redis.call('LREM', KEYS[3], 1, uid)
  end
end
return result
