-- A sliding window counter: two fixed-window counters, the previous one weighted by how much of it still
-- overlaps the sliding window. Small and cheap, but an estimate: it assumes the previous window's requests were
-- evenly spread. The previous counter must outlive its own window, so each counter lives for two.

local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

local current = math.floor(now / window)
local elapsed = (now % window) / window
local currentKey = KEYS[1] .. ':' .. current
local previousKey = KEYS[1] .. ':' .. (current - 1)

local previous = tonumber(redis.call('GET', previousKey) or '0')
local count = tonumber(redis.call('GET', currentKey) or '0')
if previous * (1 - elapsed) + count >= limit then
  return 0
end
redis.call('INCR', currentKey)
redis.call('PEXPIRE', currentKey, 2 * window)
return 1
