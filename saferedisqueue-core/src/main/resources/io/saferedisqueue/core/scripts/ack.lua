#!lua flags=allow-oom
-- ack: marks uids as done: removes them from the ack buffer or the backup and deletes their
-- payloads (as the Python library does, even for a uid no longer in flight), delivery counts and
-- headers. It frees memory, so it runs on a full Redis too (allow-oom).
-- KEYS[1] srq:NAME:ackbuf     (list)
-- KEYS[2] srq:NAME:backup     (list)
-- KEYS[3] srq:NAME:items      (hash)
-- KEYS[4] srq:NAME:deliveries (hash)
-- KEYS[5] srq:NAME:headers    (hash)
-- ARGV    uid1, uid2, ...
-- Returns one integer per uid: 1 when it was in flight, 0 otherwise.

--! use keytypes
--! use ackuids
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'list', 'list', 'hash', 'hash', 'hash'})
if wrong then
  return wrong
end
local result = {}
for i = 1, #ARGV do
  result[i] = ack_uid(KEYS[1], KEYS[2], KEYS[3], KEYS[4], KEYS[5], ARGV[i])
end
return result
