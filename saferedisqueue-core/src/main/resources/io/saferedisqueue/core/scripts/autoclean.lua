#!lua flags=allow-oom
-- autoclean: one step of a rotation of the crash-recovery generations, with the effect of the
-- Python library's _autoclean. A rotation moves the whole old generation back into the queue;
-- to keep every call short at any depth, one call moves at most ARGV[2] uids and stops once it
-- has run ARGV[3] microseconds (after at least 100), and the caller calls again until the
-- rotation is done. Between two steps each uid is in backup or in the
-- queue, never in both or neither (each step is atomic), and no lock is held, so any consumer
-- (a Python one too, which finishes the rest in one go) may go on with it. The step that empties
-- backup renames ackbuf to backup and sets the lock with its TTL, so a crash never leaves the
-- lock behind.
--   lock present             -> nothing
--   backup present           -> move uids from backup to the queue (RPOP, LPUSH: RPOPLPUSH's
--                               effect), up to the budget; once backup is empty: rename ackbuf
--                               to backup, lock for the interval
--   no backup                -> rename ackbuf to backup (RENAMENX), lock for the interval
-- It adds nothing to memory but the lock, so it runs on a full Redis too (allow-oom).
-- KEYS[1] srq:NAME:backuplock (string "1" with a TTL)
-- KEYS[2] srq:NAME:backup     (list)
-- KEYS[3] srq:NAME:queue      (list)
-- KEYS[4] srq:NAME:ackbuf     (list)
-- ARGV[1] interval in milliseconds (> 0): the lock's TTL
-- ARGV[2] most uids to move in this call (>= 1)
-- ARGV[3] most microseconds to spend moving them (checked every 100 uids)
-- Returns {state, moved}: state 0 when the lock was held (nothing done), 1 when backup still
-- holds uids (call again), 2 when the rotation is done (lock set); moved: uids requeued here.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'string', 'list', 'list', 'list'})
if wrong then
  return wrong
end
if redis.call('EXISTS', KEYS[1]) == 1 then
  return {0, 0}
end
local moved = 0
if redis.call('EXISTS', KEYS[2]) == 1 then
  local chunk = tonumber(ARGV[2])
  local start = redis.call('TIME')
  local budget = tonumber(ARGV[3])
  while moved < chunk do
    local uid = redis.call('RPOP', KEYS[2])
    if not uid then
      break
    end
    redis.call('LPUSH', KEYS[3], uid)
    moved = moved + 1
    if moved % 100 == 0 then
      local now = redis.call('TIME')
      if (now[1] - start[1]) * 1000000 + (now[2] - start[2]) >= budget then
        break
      end
    end
  end
  if redis.call('EXISTS', KEYS[2]) == 1 then
    return {1, moved}
  end
  if redis.call('EXISTS', KEYS[4]) == 1 then
    redis.call('RENAME', KEYS[4], KEYS[2])
  end
elseif redis.call('EXISTS', KEYS[4]) == 1 then
  redis.call('RENAMENX', KEYS[4], KEYS[2])
end
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
return {2, moved}
