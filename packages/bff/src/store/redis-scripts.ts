/**
 * Lua run atomically inside Redis, so that dedupe, the optimistic check of the records a planner
 * read, the log append, the record writes and the publish are one step for every BFF instance.
 */

/**
 * KEYS: 1 stream, then ARGV[1] dedupe keys, then ARGV[4] checked record keys, then written keys.
 * ARGV: 1 number of dedupe keys, 2 dedupe ttl s, 3 channel, 4 nChecks, 5 key prefix, 6 ttl s of the
 * personal-data copies (store/redis-personal-data.ts), then nChecks expected values ('' = must be
 * absent); then nEvents, and per event (3 values): the JSON for the stream (without personal data),
 * the whole JSON ('' when it holds no personal data), the flow id (''); then nWrites, and per write (7 values):
 * key index (into KEYS), value, event index whose id replaces "@@EID@@" (0 = none), zset key index
 * (0 = none), zset op ('add'|'rem'), zset member, zset score.
 * A delivery is a duplicate when any of its dedupe keys was seen. Returns {0} duplicate,
 * {-1} conflict (a checked record changed since it was read), else {1, id1, id2, …}.
 */
export const RECORD_SCRIPT = `
local nDedupe = tonumber(ARGV[1])
local ttl = tonumber(ARGV[2])
local channel = ARGV[3]
local nChecks = tonumber(ARGV[4])
local prefix = ARGV[5]
local copyTtl = tonumber(ARGV[6])
local a = 7
for i = 1, nChecks do
  local current = redis.call('GET', KEYS[1 + nDedupe + i])
  if current == false then current = '' end
  if current ~= ARGV[a] then return {-1} end
  a = a + 1
end
for i = 1, nDedupe do
  if redis.call('EXISTS', KEYS[1 + i]) == 1 then return {0} end
end
for i = 1, nDedupe do redis.call('SET', KEYS[1 + i], '1', 'EX', ttl) end
local nEvents = tonumber(ARGV[a]); a = a + 1
local ids = {}
for i = 1, nEvents do
  local whole, flowId = ARGV[a + 1], ARGV[a + 2]
  ids[i] = redis.call('XADD', KEYS[1], '*', 'e', ARGV[a])
  if whole == '' then
    whole = ARGV[a]
  else
    redis.call('SET', prefix .. 'pd:' .. ids[i], whole, 'EX', copyTtl)
    if flowId ~= '' then
      local index = prefix .. 'pd-flow:' .. flowId
      redis.call('SADD', index, ids[i])
      redis.call('EXPIRE', index, copyTtl)
    end
  end
  redis.call('PUBLISH', channel, ids[i] .. '\\n' .. whole)
  a = a + 3
end
local nWrites = tonumber(ARGV[a]); a = a + 1
for i = 1, nWrites do
  local value = ARGV[a + 1]
  local eventIndex = tonumber(ARGV[a + 2])
  if eventIndex > 0 then value = string.gsub(value, '@@EID@@', ids[eventIndex], 1) end
  redis.call('SET', KEYS[tonumber(ARGV[a])], value)
  local zset = tonumber(ARGV[a + 3])
  if zset > 0 then
    if ARGV[a + 4] == 'add' then redis.call('ZADD', KEYS[zset], ARGV[a + 6], ARGV[a + 5])
    else redis.call('ZREM', KEYS[zset], ARGV[a + 5]) end
  end
  a = a + 7
end
local out = {1}
for i = 1, nEvents do out[i + 1] = ids[i] end
return out
`;

/**
 * KEYS[1] flow key, KEYS[2] open zset. ARGV: 1 expected current ('' absent), 2 new value,
 * 3 zset op, 4 member, 5 score. Returns 1 written, -1 conflict.
 */
export const PUT_IF_SCRIPT = `
local current = redis.call('GET', KEYS[1])
if current == false then current = '' end
if current ~= ARGV[1] then return -1 end
redis.call('SET', KEYS[1], ARGV[2])
if ARGV[3] == 'add' then redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
elseif ARGV[3] == 'rem' then redis.call('ZREM', KEYS[2], ARGV[4]) end
return 1
`;

/**
 * Idempotency claim. KEYS[1] key. ARGV[1] ttl s. Returns 'new' or the stored value.
 */
export const CLAIM_SCRIPT = `
if redis.call('SET', KEYS[1], '', 'NX', 'EX', tonumber(ARGV[1])) then return 'new' end
return 'v' .. redis.call('GET', KEYS[1])
`;

/**
 * Trims the log below ARGV[1] (a stream id) and remembers the newest id removed, so that a reader
 * can tell a cursor that lost events (stale → resync) from one that did not.
 * KEYS[1] stream, KEYS[2] trimmed-through key. Returns the number removed.
 */
export const TRIM_SCRIPT = `
local last = redis.call('XREVRANGE', KEYS[1], '(' .. ARGV[1], '-', 'COUNT', 1)
if #last == 0 then return 0 end
local removed = redis.call('XTRIM', KEYS[1], 'MINID', ARGV[1])
redis.call('SET', KEYS[2], last[1][1])
return removed
`;
