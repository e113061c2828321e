-- requeuedead: puts dead letters back into the queue (payload back into items, delivery count
-- reset), oldest first. With no uid given, requeues every dead letter.
-- KEYS[1] srq:NAME:dead      (sorted set uid -> dead-lettered at ms)
-- KEYS[2] srq:NAME:deaditems (hash uid -> payload)
-- KEYS[3] srq:NAME:deadinfo  (hash)
-- KEYS[4] srq:NAME:items     (hash)
-- KEYS[5] srq:NAME:queue     (list)
-- ARGV    uids (none = all)
-- Returns the number of items requeued.
local uids = ARGV
if #uids == 0 then
  uids = redis.call('ZRANGE', KEYS[1], 0, -1)
end
local moved = 0
for i = 1, #uids do
  local uid = uids[i]
  local payload = redis.call('HGET', KEYS[2], uid)
  if payload then
    redis.call('HSET', KEYS[4], uid, payload)
    redis.call('LPUSH', KEYS[5], uid)
    moved = moved + 1
  end
  redis.call('ZREM', KEYS[1], uid)
  redis.call('HDEL', KEYS[2], uid)
  redis.call('HDEL', KEYS[3], uid)
end
return moved
