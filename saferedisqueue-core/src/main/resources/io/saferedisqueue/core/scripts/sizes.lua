-- sizes: the lengths of the queue's lists, read together.
-- KEYS[1] srq:NAME:queue  (list)
-- KEYS[2] srq:NAME:ackbuf (list)
-- KEYS[3] srq:NAME:backup (list)
-- Returns waiting, in the ack buffer, in the backup.
return {
  redis.call('LLEN', KEYS[1]),
  redis.call('LLEN', KEYS[2]),
  redis.call('LLEN', KEYS[3])
}
