// The Lua scripts of the Redis store. Each runs atomically on the server and reads the server's clock
// (TIME), so that processes on machines with skewed clocks agree; each sets a PEXPIRE, so that nothing
// outlives its use. Times inside are epoch milliseconds on the Redis clock; only durations leave.
// A rate key is a hash: `pause` (until), `requests` and `tokens` (when each budget next has room: the
// generic cell rate algorithm, a budget spread evenly over its minute). An endpoint key is a hash:
// `until` and `reason`.

const now = `local clock = redis.call('TIME')
local now = tonumber(clock[1]) * 1000 + math.floor(tonumber(clock[2]) / 1000)`;

/** Keeps a rate key until its pause and budgets have all passed, plus a second. */
const expireRate = `local function expire(key, pause, requests, tokens)
  redis.call('PEXPIRE', key, math.ceil(math.max(pause, requests, tokens, now) - now) + 1000)
end`;

/**
 * One attempt. KEYS: the rate key (when ARGV[1] is 1), then the endpoint keys. ARGV: has-rate, rpm,
 * tpm (0 for none), tokens. Returns { wait ms (0: charged), then per endpoint: cool-down ms, reason }.
 */
export const beginScript: string = `${now}
${expireRate}
local hasRate = ARGV[1] == '1'
local first = hasRate and 2 or 1
local out = { 0 }
for i = first, #KEYS do
  local endpoint = redis.call('HMGET', KEYS[i], 'until', 'reason')
  local left = (tonumber(endpoint[1]) or 0) - now
  if left > 0 then
    out[#out + 1] = math.ceil(left)
    out[#out + 1] = endpoint[2] or ''
  else
    out[#out + 1] = 0
    out[#out + 1] = ''
  end
end
if hasRate then
  local rpm, tpm, tokens = tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
  local rate = redis.call('HMGET', KEYS[1], 'pause', 'requests', 'tokens')
  local pause = tonumber(rate[1]) or 0
  local requests = tonumber(rate[2]) or 0
  local tokensAt = tonumber(rate[3]) or 0
  local free = pause
  if rpm > 0 and requests > free then free = requests end
  if tpm > 0 and tokensAt > free then free = tokensAt end
  if free > now then
    out[1] = math.ceil(free - now)
  else
    if rpm > 0 then requests = math.max(requests, now) + 60000 / rpm end
    if tpm > 0 then tokensAt = math.max(tokensAt, now) + tokens * 60000 / tpm end
    redis.call('HSET', KEYS[1], 'requests', tostring(requests), 'tokens', tostring(tokensAt))
    expire(KEYS[1], pause, requests, tokensAt)
  end
end
return out`;

/** Leaves an endpoint out. KEYS: the endpoint key. ARGV: ms, reason. Never shortens a cool-down. */
export const ejectScript: string = `${now}
local untilMs = now + tonumber(ARGV[1])
if untilMs > (tonumber(redis.call('HGET', KEYS[1], 'until')) or 0) then
  redis.call('HSET', KEYS[1], 'until', tostring(untilMs), 'reason', ARGV[2])
  redis.call('PEXPIRE', KEYS[1], math.max(1, math.ceil(untilMs - now)))
end
return 1`;

/** Pauses a rate key. KEYS: the rate key. ARGV: ms. Never shortens a pause. */
export const pauseScript: string = `${now}
${expireRate}
local untilMs = now + tonumber(ARGV[1])
local rate = redis.call('HMGET', KEYS[1], 'pause', 'requests', 'tokens')
if untilMs > (tonumber(rate[1]) or 0) then
  redis.call('HSET', KEYS[1], 'pause', tostring(untilMs))
  expire(KEYS[1], untilMs, tonumber(rate[2]) or 0, tonumber(rate[3]) or 0)
end
return 1`;

/** Corrects a token estimate. KEYS: the rate key. ARGV: tpm, tokens (negative gives back). */
export const settleScript: string = `${now}
${expireRate}
local rate = redis.call('HMGET', KEYS[1], 'pause', 'requests', 'tokens')
local tokensAt = tonumber(rate[3])
if tokensAt == nil then return 0 end
tokensAt = tokensAt + tonumber(ARGV[2]) * 60000 / tonumber(ARGV[1])
redis.call('HSET', KEYS[1], 'tokens', tostring(tokensAt))
expire(KEYS[1], tonumber(rate[1]) or 0, tonumber(rate[2]) or 0, tokensAt)
return 1`;
