-- autoclean: one rotation of the crash-recovery generations, atomically, with the effect of the
-- Python library's _autoclean; the lock always gets a TTL, so a crash never leaves it behind.
--   lock present             -> nothing
--   backup present           -> requeue every backup uid (RPOPLPUSH backup queue, one by one),
--                               rename ackbuf to backup, lock for the interval
--   no backup                -> rename ackbuf to backup (RENAMENX), lock for the interval
-- KEYS[1] srq:NAME:backuplock (string "1" with a TTL)
-- KEYS[2] srq:NAME:backup     (list)
-- KEYS[3] srq:NAME:queue      (list)
-- KEYS[4] srq:NAME:ackbuf     (list)
-- ARGV[1] interval in milliseconds (> 0): the lock's TTL
-- Returns -1 when the lock was held (no rotation), otherwise the number of uids requeued.
if redis.call('EXISTS', KEYS[1]) == 1 then
  return -1
end
local requeued = 0
if redis.call('EXISTS', KEYS[2]) == 1 then
  while redis.call('RPOPLPUSH', KEYS[2], KEYS[3]) do
    requeued = requeued + 1
  end
  if redis.call('EXISTS', KEYS[4]) == 1 then
    redis.call('RENAME', KEYS[4], KEYS[2])
  end
elseif redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAMENX', KEYS[4], KEYS[2])
end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return requeued
