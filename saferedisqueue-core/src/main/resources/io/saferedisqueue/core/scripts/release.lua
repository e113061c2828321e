#!lua flags=allow-oom
-- release: puts in-flight uids back unstarted (a stopping or pausing consumer had fetched them but
-- no handler ran them): out of the ack buffer or the backup, onto the right of the queue so they
-- are delivered next, in the order given, with the delivery count of this delivery undone. It
-- never dead-letters: putting back is not a failure. Items move, so it runs on a full Redis too
-- (allow-oom).
-- KEYS[1] srq:NAME:ackbuf     (list)
-- KEYS[2] srq:NAME:backup     (list)
-- KEYS[3] srq:NAME:queue      (list; consumers take from the right)
-- KEYS[4] srq:NAME:deliveries (hash uid -> deliveries so far)
-- ARGV    uid1, uid2, ... (uid1 is delivered first)
-- Returns the number of uids that were in flight (and are now waiting again).

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'list', 'hash'})
if wrong then
  return wrong
end
local released = 0
for i = #ARGV, 1, -1 do
  local uid = ARGV[i]
  local removed = redis.call('LREM', KEYS[1], -1, uid)
  if removed == 0 then
    removed = redis.call('LREM', KEYS[2], -1, uid)
  end
  if removed > 0 then
    redis.call('RPUSH', KEYS[3], uid)
    if redis.call('HINCRBY', KEYS[4], uid, -1) <= 0 then
      redis.call('HDEL', KEYS[4], uid)
    end
    released = released + 1
  end
end
return released
