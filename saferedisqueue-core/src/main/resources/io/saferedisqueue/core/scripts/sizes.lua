#!lua flags=no-writes
-- sizes: the queue's sizes, read together. It writes nothing, so it runs on a full Redis too
-- (no-writes).
-- KEYS[1] srq:NAME:queue   (list)
-- KEYS[2] srq:NAME:ackbuf  (list)
-- KEYS[3] srq:NAME:backup  (list)
-- KEYS[4] srq:NAME:delayed (sorted set)
-- KEYS[5] srq:NAME:dead    (sorted set)
-- Returns waiting, in the ack buffer, in the backup, delayed, dead letters.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'list', 'zset', 'zset'})
if wrong then
  return wrong
end
return {
  redis.call('LLEN', KEYS[1]),
  redis.call('LLEN', KEYS[2]),
  redis.call('LLEN', KEYS[3]),
  redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5])
}
