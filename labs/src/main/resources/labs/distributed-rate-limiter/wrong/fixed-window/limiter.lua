-- A fixed-window counter: one INCR per request on a key per calendar window, expiring with the window.
-- Atomic and bounded, but a client can spend its limit just before a boundary and again just after it.

local limit = tonumber(ARGV[1])
local window = tonumber(ARGV[2])
local now = tonumber(ARGV[3])

local key = KEYS[1] .. ':' .. math.floor(now / window)
local count = redis.call('INCR', key)
if count == 1 then
  redis.call('PEXPIRE', key, window)
end
if count > limit then
  return 0
end
return 1
