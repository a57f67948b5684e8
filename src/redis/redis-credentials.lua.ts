/**
 * The Lua scripts of the Redis credential store. A script runs atomically in
 * Redis: no other replica's command runs between its reads and writes, which
 * is what makes a login all-or-nothing and a refresh token good exactly once
 * however many replicas race with it.
 *
 * Keys of one namespace (prefix `authmock:{ns}:`; the braces are a Redis
 * Cluster hash tag, so a namespace's keys share a slot):
 *   c:<api>\n<value>   HASH  kind, family, subject?, issuedAt, expiresAt?, revokedAt?
 *   f:<api>\n<family>  SET   values of one family (one login)
 *   s:<api>\n<subject> SET   values one account holds
 *   all                ZSET  "<api>\n<value>" by put order (the bound, `live`, `expire`)
 *   dead               ZSET  "<api>\n<value>" by the time (mock ms) it may be forgotten:
 *                            expiry or revocation plus the graveyard
 *   seq                       put counter
 */

/** Forgets one credential everywhere; shared by the scripts that evict or sweep. */
const FORGET = `
local function forget(p, member)
  local sep = string.find(member, '\\n', 1, true)
  local api = string.sub(member, 1, sep - 1)
  local value = string.sub(member, sep + 1)
  local key = p .. 'c:' .. member
  local held = redis.call('HMGET', key, 'family', 'subject')
  redis.call('DEL', key)
  if held[1] then redis.call('SREM', p .. 'f:' .. api .. '\\n' .. held[1], value) end
  if held[2] then redis.call('SREM', p .. 's:' .. api .. '\\n' .. held[2], value) end
  redis.call('ZREM', p .. 'all', member)
  redis.call('ZREM', p .. 'dead', member)
end
`

/**
 * PUT: ARGV prefix, maxCredentials, graveyardMs, now (mock ms), then 7 per
 * credential: api, value, kind, family, subject ('' = none), issuedAt, expiresAt ('' = never).
 * Sweeps up to 16 credentials past their graveyard, puts every credential
 * given, then evicts past the bound: a dead one first (the one that may be
 * forgotten soonest), else the oldest put. Returns the size after.
 */
export const PUT = `${FORGET}
local p, max, grave, now = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3]), tonumber(ARGV[4])
for _, member in ipairs(redis.call('ZRANGEBYSCORE', p .. 'dead', '-inf', now, 'LIMIT', 0, 16)) do forget(p, member) end
for i = 5, #ARGV, 7 do
  local api, value, subject, expires = ARGV[i], ARGV[i + 1], ARGV[i + 4], ARGV[i + 6]
  local member = api .. '\\n' .. value
  local key = p .. 'c:' .. member
  if redis.call('EXISTS', key) == 1 then forget(p, member) end
  redis.call('HSET', key, 'kind', ARGV[i + 2], 'family', ARGV[i + 3], 'issuedAt', ARGV[i + 5])
  redis.call('SADD', p .. 'f:' .. api .. '\\n' .. ARGV[i + 3], value)
  if subject ~= '' then
    redis.call('HSET', key, 'subject', subject)
    redis.call('SADD', p .. 's:' .. api .. '\\n' .. subject, value)
  end
  if expires ~= '' then
    redis.call('HSET', key, 'expiresAt', expires)
    redis.call('ZADD', p .. 'dead', tonumber(expires) + grave, member)
  end
  redis.call('ZADD', p .. 'all', redis.call('INCR', p .. 'seq'), member)
end
local size = redis.call('ZCARD', p .. 'all')
while size > max do
  local first = redis.call('ZRANGE', p .. 'dead', 0, 0, 'WITHSCORES')
  if first[1] and tonumber(first[2]) - grave <= now then
    forget(p, first[1])
  else
    forget(p, redis.call('ZRANGE', p .. 'all', 0, 0)[1])
  end
  size = size - 1
end
return size
`

/**
 * REVOKE: ARGV prefix, set key suffix ("f:<api>\\n<family>" or "s:<api>\\n<subject>"),
 * api, at, graveyardMs. Marks every member not yet revoked; returns how many.
 * A second racer finds them revoked and gets 0: refresh rotation and logout
 * are decided here, once.
 */
export const REVOKE = `
local p, set, api, at, grave = ARGV[1], ARGV[2], ARGV[3], ARGV[4], tonumber(ARGV[5])
local count = 0
for _, value in ipairs(redis.call('SMEMBERS', p .. set)) do
  local member = api .. '\\n' .. value
  local key = p .. 'c:' .. member
  if redis.call('EXISTS', key) == 1 and redis.call('HEXISTS', key, 'revokedAt') == 0 then
    redis.call('HSET', key, 'revokedAt', at)
    redis.call('ZADD', p .. 'dead', 'LT', tonumber(at) + grave, member)
    count = count + 1
  end
end
return count
`

/** Whether a credential hash is live at `now` (Lua): not revoked, not expired. */
const IS_LIVE = `
local function isLive(key, now)
  local h = redis.call('HMGET', key, 'revokedAt', 'expiresAt')
  if h[1] then return false end
  if h[2] and tonumber(h[2]) <= now then return false end
  return redis.call('EXISTS', key) == 1
end
`

/** EXPIRE: ARGV prefix, at, graveyardMs. Every live credential expires at `at`; returns how many. Walks the namespace (bounded by --max-credentials). */
export const EXPIRE = `${IS_LIVE}
local p, at, grave = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local count = 0
for _, member in ipairs(redis.call('ZRANGE', p .. 'all', 0, -1)) do
  local key = p .. 'c:' .. member
  if isLive(key, at) then
    redis.call('HSET', key, 'expiresAt', ARGV[2])
    redis.call('ZADD', p .. 'dead', 'LT', at + grave, member)
    count = count + 1
  end
end
return count
`

/** LIVE: ARGV prefix, now. The live credentials in put order, each as a flat field list (HGETALL) after its member. */
export const LIVE = `${IS_LIVE}
local p, now = ARGV[1], tonumber(ARGV[2])
local out = {}
for _, member in ipairs(redis.call('ZRANGE', p .. 'all', 0, -1)) do
  local key = p .. 'c:' .. member
  if isLive(key, now) then
    out[#out + 1] = member
    out[#out + 1] = redis.call('HGETALL', key)
  end
end
return out
`
