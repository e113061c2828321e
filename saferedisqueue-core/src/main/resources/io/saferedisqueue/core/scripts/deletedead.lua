-- deletedead: deletes dead letters for good. With no uid given, deletes every dead letter.
-- KEYS[1] srq:NAME:dead      (sorted set)
-- KEYS[2] srq:NAME:deaditems (hash)
-- KEYS[3] srq:NAME:deadinfo  (hash)
-- ARGV    uids (none = all)
-- Returns the number of dead letters deleted.
if #ARGV == 0 then
  local count = redis.call('ZCARD', KEYS[1])
  redis.call('DEL', KEYS[1], KEYS[2], KEYS[3])
  return count
end
local deleted = 0
for i = 1, #ARGV do
  deleted = deleted + redis.call('ZREM', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[3], ARGV[i])
end
return deleted
