-- limiter.lua: is this request of this client allowed?
--
-- KEYS[1]  the client's key (your keys: KEYS[1] itself, or KEYS[1] .. ':' .. something)
-- ARGV[1]  the limit: requests allowed in any window
-- ARGV[2]  the window, in milliseconds
-- ARGV[3]  the caller's clock, in milliseconds (use it; do not call TIME)
-- ARGV[4]  the request's id, unique per call
-- Return 1 when the request is allowed, 0 when it is refused.
--
-- Every ARGV arrives as a string: tonumber() it before comparing.

-- This allows everything. Replace it with your limiter.
return 1
