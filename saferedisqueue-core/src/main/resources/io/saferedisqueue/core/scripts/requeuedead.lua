#!lua flags=allow-oom
-- requeuedead: puts dead letters back into the queue (payload back into items, delivery count
-- reset), oldest first: the given uids, or, with none given, the oldest ARGV[1] of them. To keep
-- one call short however many there are and however big their payloads, it stops once it has run
-- ARGV[2] microseconds (after at least one) and says how many it got through; the caller calls
-- again for the rest. Payloads move back, so it runs on a full Redis too (allow-oom); each uid
-- leaves the dead letters before it enters the queue, so on Redis before 7.0 the first write
-- (ZREM) is one Redis lets through over maxmemory.
-- KEYS[1] srq:NAME:dead      (sorted set uid -> dead-lettered at ms)
-- KEYS[2] srq:NAME:deaditems (hash uid -> payload)
-- KEYS[3] srq:NAME:deadinfo  (hash)
-- KEYS[4] srq:NAME:items     (hash)
-- KEYS[5] srq:NAME:queue     (list)
-- ARGV[1] most dead letters to requeue when no uid is given (>= 1)
-- ARGV[2] most microseconds to spend (checked after each one)
-- ARGV[3..] uids (none = the oldest ARGV[1])
-- Returns {requeued, removed from the dead letters (requeued, or without a payload), uids gone
-- through (of the given ones, or of the oldest), dead letters left}.

--! use keytypes
-- First of all: a key of another type (another program's data) fails the call, nothing changed.
local wrong = check_key_types({'zset', 'hash', 'hash', 'hash', 'list'})
if wrong then
  return wrong
end
local start = redis.call('TIME')
local budget = tonumber(ARGV[2])
local moved = 0
local removed = 0
local through = 0
-- Whether the time is up; the first dead letter always goes.
local function late()
  if through == 0 then
    return false
  end
  local now = redis.call('TIME')
  return (now[1] - start[1]) * 1000000 + (now[2] - start[2]) >= budget
end
local function requeue(uid)
  through = through + 1
  local payload = redis.call('HGET', KEYS[2], uid)
  removed = removed + redis.call('ZREM', KEYS[1], uid)
  redis.call('HDEL', KEYS[2], uid)
  redis.call('HDEL', KEYS[3], uid)
  if payload then
    redis.call('HSET', KEYS[4], uid, payload)
    redis.call('LPUSH', KEYS[5], uid)
    moved = moved + 1
  end
end
if #ARGV > 2 then
  for i = 3, #ARGV do
    if late() then
      break
    end
    requeue(ARGV[i])
  end
else
  -- The oldest, a hundred at a time, so that a step cut short by its time fetched little in vain.
  local most = tonumber(ARGV[1])
  while through < most and not late() do
    local oldest = redis.call('ZRANGE', KEYS[1], 0, math.min(100, most - through) - 1)
    if #oldest == 0 then
      break
    end
    for i = 1, #oldest do
      if late() then
        break
      end
      requeue(oldest[i])
    end
  end
end
return {moved, removed, through, redis.call('ZCARD', KEYS[1])}
