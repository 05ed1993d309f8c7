/**
 * chatwire/redis: the router's cool-downs and rate limits shared through Redis. An optional peer
 * dependency: nothing here loads `redis`; the caller passes in a node-redis client.
 * @module chatwire/redis
 */
export type { RedisClientLike, RedisStoreOptions } from "./new-redis-store.ts";
export { newRedisStore } from "./new-redis-store.ts";
