-- keytypes (a fragment, included by "--! use keytypes"): check_key_types(kinds) returns an error
-- reply when KEYS[i] holds another type than kinds[i] (another program's data), nil when every
-- key has its type or does not exist. Scripts call it before their first write, so a wrong key
-- fails the call with nothing changed.
local function check_key_types(kinds)
  for i, kind in ipairs(kinds) do
    local found = redis.call('TYPE', KEYS[i])['ok']
    if found ~= kind and found ~= 'none' then
      return redis.error_reply('WRONGTYPE key ' .. KEYS[i] .. ' holds a ' .. found
        .. ', the queue needs a ' .. kind .. ' there (or no key)')
    end
  end
  return nil
end
