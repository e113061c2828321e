-- take (a fragment, included by "--! use take" in pop.lua and ackpop.lua, whose KEYS[1..9] are
-- items, queue, ackbuf, delayed, deliveries, dead, deaditems, deadinfo, headers):
-- take_items(wanted, maxDeliveries, maxBytes, first) first moves up to 100 due delayed uids into
-- the queue, then delivers `first` (a uid a blocking pop already moved to the ack buffer) if given,
-- then moves uids from the right of the queue to the left of the ack buffer until `wanted` are
-- delivered or their payloads reach maxBytes (the first is always taken), so a batch of big
-- payloads does not hold up Redis while it is copied. Each delivery is counted; a uid whose
-- payload is gone (acked while it was being requeued) is dropped from the ack buffer; one whose
-- delivery would exceed maxDeliveries (> 0) becomes a dead letter: its consumers kept vanishing.
-- The move is RPOP then LPUSH, RPOPLPUSH's effect: Redis before 7.0 has no flags and refuses a
-- script's first write over maxmemory if that write may grow memory; RPOP is not one of those.
-- Returns uid1, payload1, deliveries1, uid2, ..., then the number of uids dead-lettered here.
local function take_items(wanted, maxDeliveries, maxBytes, first)
  local now = redis.call('TIME')
  local nowMs = tonumber(now[1]) * 1000 + math.floor(tonumber(now[2]) / 1000)
  local due = redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', nowMs, 'LIMIT', 0, 100)
  for i = 1, #due do
    redis.call('ZREM', KEYS[4], due[i])
    redis.call('LPUSH', KEYS[2], due[i])
  end
  local result = {}
  local bytes = 0
  local found = 0
  local dead = 0
  local function deliver(uid)
    local payload = redis.call('HGET', KEYS[1], uid)
    if not payload then
      redis.call('LREM', KEYS[3], 1, uid)
      return
    end
    local count = redis.call('HINCRBY', KEYS[5], uid, 1)
    if maxDeliveries > 0 and count > maxDeliveries then
      redis.call('LREM', KEYS[3], 1, uid)
      redis.call('HDEL', KEYS[1], uid)
      redis.call('HDEL', KEYS[5], uid)
      redis.call('HDEL', KEYS[9], uid)
      dead = dead + 1
      redis.call('ZADD', KEYS[6], nowMs, uid)
      redis.call('HSET', KEYS[7], uid, payload)
      redis.call('HSET', KEYS[8], uid, (count - 1) .. '\n' .. nowMs .. '\n'
        .. 'delivered ' .. (count - 1) .. ' times without ack or fail (max ' .. maxDeliveries .. ')')
    else
      result[#result + 1] = uid
      result[#result + 1] = payload
      result[#result + 1] = count
      found = found + 1
      bytes = bytes + #payload
    end
  end
  if first then
    deliver(first)
  end
  while found < wanted and bytes < maxBytes do
    local uid = redis.call('RPOP', KEYS[2])
    if not uid then
      break
    end
    redis.call('LPUSH', KEYS[3], uid)
    deliver(uid)
  end
  result[#result + 1] = dead
  return result
end
