#!lua flags=allow-oom
-- pruneheaders: deletes headers entries whose item is gone, a bounded slice per call. Clients that
-- do not know the headers hash (Python consumers) ack items without deleting their entry; this
-- runs after each autoclean rotation so such entries do not pile up. It frees memory, so it runs
-- on a full Redis too (allow-oom).
-- KEYS[1] srq:NAME:headers       (hash uid -> ...)
-- KEYS[2] srq:NAME:items         (hash uid -> payload)
-- KEYS[3] srq:NAME:headerscursor (string: HSCAN cursor of the next slice; gone when a pass ends)
-- ARGV[1] most entries to examine
-- ARGV[2] most microseconds to spend (checked after each HSCAN: in a hash left sparse by many
--         deletes, an HSCAN may visit up to 1,000 empty buckets for few entries)
-- Returns the number of entries deleted.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'hash', 'hash', 'string'})
if wrong then
  return wrong
end
local budget = tonumber(ARGV[1])
local micros = tonumber(ARGV[2])
local start = redis.call('TIME')
local cursor = redis.call('GET', KEYS[3]) or '0'
local examined = 0
local deleted = 0
local elapsed = 0
repeat
  local reply = redis.call('HSCAN', KEYS[1], cursor, 'COUNT', 100)
  cursor = reply[1]
  local fields = reply[2]
  for i = 1, #fields, 2 do
    examined = examined + 1
    if redis.call('HEXISTS', KEYS[2], fields[i]) == 0 then
      redis.call('HDEL', KEYS[1], fields[i])
      deleted = deleted + 1
    end
  end
  local now = redis.call('TIME')
  elapsed = (now[1] - start[1]) * 1000000 + (now[2] - start[2])
until cursor == '0' or examined >= budget or elapsed >= micros
if cursor == '0' then
  redis.call('DEL', KEYS[3])
else
  redis.call('SET', KEYS[3], cursor, 'EX', 86400)
end
return deleted
