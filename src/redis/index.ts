// `authmock/redis`: the shared state, apart from the main entry so that
// importing 'authmock' never loads ioredis.
export { createRedisState, type RedisStateOptions } from './create-redis-state.js'
export { describeStoreUrl } from './connect-redis.js'
