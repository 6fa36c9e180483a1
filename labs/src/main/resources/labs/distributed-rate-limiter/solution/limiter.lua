-- A sliding-log rate limiter: one sorted set per client, each allowed request a member scored by its clock.
--
-- KEYS[1]  the client's key
-- ARGV[1]  the limit: requests allowed in any window
-- ARGV[2]  the window, in milliseconds
-- ARGV[3]  the caller's clock, in milliseconds
-- ARGV[4]  the request's id, unique per call
-- Returns 1 when the request is allowed, 0 when it is refused.

local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

-- A request stamped at or before now - window is outside (now - window, now]: it no longer counts, so the set
-- never holds more than one window of history.
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - window)

if redis.call('ZCARD', key) >= limit then
  -- Refused requests are not logged: a client retrying while over its limit gets its next request through as
  -- soon as its oldest allowed one leaves the window.
  return 0
end

-- The request id, not the clock, is the member: requests in the same millisecond must count separately.
redis.call('ZADD', key, now, ARGV[4])
-- The newest entry matters for one window; relative to Redis's own clock, since the caller's may differ.
redis.call('PEXPIRE', key, window)
return 1
