-- Invalidate a dependent key (a list or aggregate built from many records) by a short-lived tombstone.
-- Unconditional: a dependent key's version space is not the writer's, and an invalidation is always safe.
--   KEYS  key      the dependent entry
--   ARGV  version  the version of the write that invalidated it (for operators; not a fence)
--         ttl      milliseconds the tombstone lives
-- Returns 1.
redis.call('DEL', @key)
redis.call('HSET', @key, 'version', @version, 'state', 'invalidated')
redis.call('PEXPIRE', @key, @ttl)
return 1
