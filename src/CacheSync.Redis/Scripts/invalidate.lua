-- Write-around and delete: replace an entry by a short-lived tombstone, unless the entry already holds this
-- version or a newer one. The tombstone keeps its version, so a reader that loaded an older row before the
-- invalidation cannot fill it back (see fill_if_not_fenced.lua).
--   KEYS  key      the entry
--   ARGV  version  the event's version, a decimal string without leading zeros
--         state    'invalidated' (write-around: the store has the value) or 'deleted'
--         ttl      milliseconds the tombstone lives
-- Returns 1 when the tombstone was written, 0 when fenced.
local current = redis.call('HGET', @key, 'version')
if current then
  if #current > #@version or (#current == #@version and current >= @version) then
    return 0
  end
end
redis.call('DEL', @key)
redis.call('HSET', @key, 'version', @version, 'state', @state)
redis.call('PEXPIRE', @key, @ttl)
return 1
