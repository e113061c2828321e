-- push: stores payloads and queues their uids, in the order given (FIFO).
-- KEYS[1] srq:NAME:items  (hash uid -> payload)
-- KEYS[2] srq:NAME:queue  (list; producers push on the left)
-- ARGV    uid1, payload1, uid2, payload2, ...
-- Returns the number of items pushed.
for i = 1, #ARGV, 2 do
  redis.call('HSET', KEYS[1], ARGV[i], ARGV[i + 1])
  redis.call('LPUSH', KEYS[2], ARGV[i])
end
return #ARGV / 2
