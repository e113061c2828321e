-- fail: puts in-flight uids back on the left of the queue, behind what is already waiting; the
-- payload stays. A uid that is not in flight changes nothing (no stray uid enters the queue).
-- KEYS[1] srq:NAME:ackbuf (list)
-- KEYS[2] srq:NAME:backup (list)
-- KEYS[3] srq:NAME:queue  (list)
-- ARGV    uid1, uid2, ...
-- Returns one integer per uid: 1 when it was in flight (and is now queued again), 0 otherwise.
local result = {}
for i = 1, #ARGV do
  local uid = ARGV[i]
  local removed = redis.call('LREM', KEYS[1], -1, uid)
  if removed == 0 then
    removed = redis.call('LREM', KEYS[2], -1, uid)
  end
  if removed > 0 then
    redis.call('LPUSH', KEYS[3], uid)
  end
  result[i] = removed
end
return result
