-- A correct sliding log that also keeps a tally of all requests in a key of its own, derived from KEYS[1] by string
-- manipulation rather than declared: the script touches a key the caller never named, which Redis Cluster would
-- refuse (it may live in another slot) and the contract forbids.

local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

local tally = string.match(key, '^(.*:)') .. 'tally'
redis.call('INCR', tally)
redis.call('PEXPIRE', tally, window)

redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then
  return 0
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, window)
return 1
