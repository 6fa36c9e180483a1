-- A token bucket holding up to `limit` tokens, refilled at `limit` per window. A good limiter of a long-run rate
-- with bursts, but not of a count per window: after a burst empties it, it refills while the burst is still
-- inside the last window.

local key = KEYS[1]
local capacity = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

local state = redis.call('HMGET', key, 'tokens', 'at')
local tokens = tonumber(state[1]) or capacity
local at = tonumber(state[2]) or now
tokens = math.min(capacity, tokens + (now - at) * capacity / window)

local allowed = 0
if tokens >= 1 then
  tokens = tokens - 1
  allowed = 1
end
redis.call('HSET', key, 'tokens', tokens, 'at', now)
-- A bucket left alone for a window is full again, the same as no key at all.
redis.call('PEXPIRE', key, window)
return allowed
