-- Invalidate a dependent key (a list or aggregate built from many records, or a key a producer linked).
-- Unconditional, since an invalidation is always safe, but it keeps the entry's own version: the writer's
-- version belongs to another record and must not fence this key's own writes. So a fill at the entry's
-- version (or newer) may refill it, and an older fill is still refused. A key of another type (a plain string
-- or a list some reader cached) is replaced by the tombstone at version 0.
--   KEYS  key      the dependent entry
--   ARGV  version  the version of the write that invalidated it, kept in 'invalidated_by' for operators
--         ttl      milliseconds the tombstone lives
-- Returns 1.
local current = '0'
if redis.call('TYPE', @key).ok == 'hash' then
  current = redis.call('HGET', @key, 'version') or '0'
end
redis.call('DEL', @key)
redis.call('HSET', @key, 'version', current, 'state', 'invalidated', 'invalidated_by', @version)
redis.call('PEXPIRE', @key, @ttl)
return 1
