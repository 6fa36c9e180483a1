-- A sliding log that records every request, refused ones included, and counts them all. Safe, but a client that
-- keeps asking while over its limit keeps its own window full and never gets through again.

local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, window)
if redis.call('ZCARD', key) > limit then
  return 0
end
return 1
