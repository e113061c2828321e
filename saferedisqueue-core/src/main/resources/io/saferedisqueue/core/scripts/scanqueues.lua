#!lua flags=no-writes
-- scanqueues: one bounded slice of a SCAN of the database for queues' payload hashes (keys
-- srq:NAME:items), to find queues that this application never used, such as those of Python
-- clients. It runs at most ARGV[3] SCAN steps of ARGV[2] keys each, so one call costs about the
-- same however many keys the database holds; continue with the returned cursor. It only returns
-- names and reads no key (so it declares none: on Redis Cluster it sees one node's keys).
-- ARGV[1] SCAN cursor to continue from ("0" starts a pass)
-- ARGV[2] COUNT hint of each SCAN step (>= 1)
-- ARGV[3] most SCAN steps (>= 1)
-- Returns the cursor to continue from ("0" when the pass is complete), then the names found (a
-- name may come twice within a pass, as SCAN may return a key twice).
--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({})
if wrong then
  return wrong
end
local cursor = ARGV[1]
local count = tonumber(ARGV[2])
local steps = tonumber(ARGV[3])
local result = {''}
repeat
  local reply = redis.call('SCAN', cursor, 'MATCH', 'srq:*:items', 'COUNT', count)
  cursor = reply[1]
  for i = 1, #reply[2] do
    result[#result + 1] = string.sub(reply[2][i], 5, -7)
  end
  steps = steps - 1
until cursor == '0' or steps <= 0
result[1] = cursor
return result
