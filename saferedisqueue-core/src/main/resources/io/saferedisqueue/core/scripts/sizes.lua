#!lua flags=no-writes
-- sizes: the queue's sizes, read together. It writes nothing, so it runs on a full Redis too
-- (no-writes).
-- KEYS[1] srq:NAME:queue   (list)
-- KEYS[2] srq:NAME:ackbuf  (list)
-- KEYS[3] srq:NAME:backup  (list)
-- KEYS[4] srq:NAME:delayed (sorted set)
-- KEYS[5] srq:NAME:dead    (sorted set)
-- Returns waiting, in the ack buffer, in the backup, delayed, dead letters.

-- First of all: a key of another type (another program's data) fails the call, nothing changed.
for i, kind in ipairs({'list', 'list', 'list', 'zset', 'zset'}) do
  local found = redis.call('TYPE', KEYS[i])['ok']
  if found ~= kind and found ~= 'none' then
    return redis.error_reply('WRONGTYPE key ' .. KEYS[i] .. ' holds a ' .. found
      .. ', the queue needs a ' .. kind .. ' there (or no key)')
  end
end
return {
  redis.call('LLEN', KEYS[1]),
  redis.call('LLEN', KEYS[2]),
  redis.call('LLEN', KEYS[3]),
  redis.call('ZCARD', KEYS[4]),
  redis.call('ZCARD', KEYS[5])
}
