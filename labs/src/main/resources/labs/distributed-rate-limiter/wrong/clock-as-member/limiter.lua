-- A sliding log whose members are the clock itself. Sorted-set members are unique, so requests stamped with the
-- same millisecond collapse into one entry: a burst from many instances at once is counted as one request.

local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)
if redis.call('ZCARD', key) >= limit then
  return 0
end
redis.call('ZADD', key, now, now)
redis.call('PEXPIRE', key, window)
return 1
