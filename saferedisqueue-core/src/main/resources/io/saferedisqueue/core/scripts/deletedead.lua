#!lua flags=allow-oom
-- deletedead: deletes dead letters for good. With no uid given, deletes every dead letter at once
-- with UNLINK, which takes the keys away in O(1) and frees their memory in a background thread,
-- so even a million dead letters do not hold up Redis. It frees memory, so it runs on a full
-- Redis too (allow-oom).
-- KEYS[1] srq:NAME:dead      (sorted set)
-- KEYS[2] srq:NAME:deaditems (hash)
-- KEYS[3] srq:NAME:deadinfo  (hash)
-- ARGV    uids (none = all)
-- Returns the number of dead letters deleted.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'zset', 'hash', 'hash'})
if wrong then
  return wrong
end
if #ARGV == 0 then
  local count = redis.call('ZCARD', KEYS[1])
  redis.call('UNLINK', KEYS[1], KEYS[2], KEYS[3])
  return count
end
local deleted = 0
for i = 1, #ARGV do
  deleted = deleted + redis.call('ZREM', KEYS[1], ARGV[i])
  redis.call('HDEL', KEYS[2], ARGV[i])
  redis.call('HDEL', KEYS[3], ARGV[i])
end
return deleted
