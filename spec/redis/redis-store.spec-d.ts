import { createClient } from "redis";
import { describe, expectTypeOf, test } from "vitest";
import {
  newClient,
  newMemoryStore,
  newRouter,
  type RouteOption,
  type RouterOption,
  type RouterStore,
  withBudget,
  withRoute,
  withRouterStore,
} from "../../lib/index.ts";
import { newRedisStore, type RedisClientLike } from "../../lib/redis/index.ts";

describe("store and budget types", () => {
  test("a node-redis v5 client is what newRedisStore takes; both stores are router stores", () => {
    const redis = createClient();
    expectTypeOf(redis).toExtend<RedisClientLike>();
    expectTypeOf(newRedisStore(redis)).toEqualTypeOf<RouterStore>();
    expectTypeOf(newMemoryStore()).toExtend<RouterStore>();
    expectTypeOf(withRouterStore(newRedisStore(redis))).toEqualTypeOf<RouterOption>();
  });

  test("a budget is a route option, given to withRoute after its clients, and nowhere else", () => {
    expectTypeOf(withBudget({ rpm: 60 })).toEqualTypeOf<RouteOption>();
    expectTypeOf(withRoute("a", newClient(), withBudget({ tpm: 1_000 }))).toEqualTypeOf<RouterOption>();
    // @ts-expect-error a route option is not a router option
    newRouter(withBudget({ rpm: 60 }));
    // @ts-expect-error a router option is not a client option
    newClient(withRouterStore(newMemoryStore()));
    // @ts-expect-error whenSpent is "wait" or "fallback"
    withBudget({ whenSpent: "retry" });
  });
});
