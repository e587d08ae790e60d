-- Cache-aside fill by a reader that loaded a record from the store after a miss.
-- Refused when the entry holds a newer version, or the same version unless it is a write-around tombstone
-- (the reader then loaded exactly the row the invalidation pointed to). A delete tombstone at the same
-- version is never filled.
--   KEYS  key      the entry
--   ARGV  version  the version of the row the reader loaded, a decimal string without leading zeros
--         data     the row as JSON
--         ttl      milliseconds until the entry expires; 0 keeps it until it is replaced
-- Returns 1 when filled, 0 when fenced.
local current = redis.call('HGET', @key, 'version')
if current then
  if #current > #@version or (#current == #@version and current > @version) then
    return 0
  end
  if current == @version and redis.call('HGET', @key, 'state') ~= 'invalidated' then
    return 0
  end
end
redis.call('DEL', @key)
redis.call('HSET', @key, 'version', @version, 'state', 'live', 'data', @data)
if tonumber(@ttl) > 0 then
  redis.call('PEXPIRE', @key, @ttl)
end
return 1
