-- A sliding log that counts only the current window but never removes older entries: it decides correctly,
-- and its TTL is renewed on every call, so a busy client's set grows for as long as the client stays busy.

local key = KEYS[1]
local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

if redis.call('ZCOUNT', key, '(' .. (now - window), now) >= limit then
  return 0
end
redis.call('ZADD', key, now, ARGV[4])
redis.call('PEXPIRE', key, window)
return 1
