#!lua flags=allow-oom
-- renew: keeps in-flight uids in the young generation so the next autoclean rotation does not
-- requeue them while their handler still runs: a uid found in the backup moves back to the ack
-- buffer (Python consumers tolerate this). A uid in the ack buffer needs nothing. Uids move, so
-- it runs on a full Redis too (allow-oom).
-- KEYS[1] srq:NAME:ackbuf (list)
-- KEYS[2] srq:NAME:backup (list)
-- ARGV    uid1, uid2, ...
-- Returns the number of uids moved back from the backup.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list'})
if wrong then
  return wrong
end
local moved = 0
for i = 1, #ARGV do
  if redis.call('LREM', KEYS[2], -1, ARGV[i]) > 0 then
    redis.call('LPUSH', KEYS[1], ARGV[i])
    moved = moved + 1
  end
end
return moved
