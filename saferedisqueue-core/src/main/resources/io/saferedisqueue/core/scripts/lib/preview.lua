-- preview (a fragment, included by "--! use preview" in the inspection pages): payload_preview(key,
-- uid, bytes) reads the payload of uid from the hash key and returns its size in bytes (-1: the
-- payload is gone) and its first `bytes` bytes (a poison message may be large).
local function payload_preview(key, uid, bytes)
  local payload = redis.call('HGET', key, uid)
  if not payload then
    return -1, ''
  end
  return string.len(payload), string.sub(payload, 1, bytes)
end
