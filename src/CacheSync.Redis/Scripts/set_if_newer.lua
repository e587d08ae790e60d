-- Write-through: put a value in an entry unless the entry already holds this version or a newer one.
--   KEYS  key      the entry (a hash: version, state, data)
--   ARGV  version  the event's version, a decimal string without leading zeros
--         data     the record as JSON
--         ttl      milliseconds until the entry expires; 0 keeps it until it is replaced
-- Returns 1 when the value was written, 0 when the entry was fenced (same or newer version).
-- Versions are compared as decimal strings (length, then text), not as Lua numbers, because Lua numbers are
-- doubles and lose precision past 2^53.
local current = redis.call('HGET', @key, 'version')
if current then
  if #current > #@version or (#current == #@version and current >= @version) then
    return 0
  end
end
redis.call('DEL', @key)
redis.call('HSET', @key, 'version', @version, 'state', 'live', 'data', @data)
if tonumber(@ttl) > 0 then
  redis.call('PEXPIRE', @key, @ttl)
end
return 1
