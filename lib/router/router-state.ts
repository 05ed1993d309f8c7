import type { EndpointPool } from "./endpoint-pool.ts";
import type { RouterConfig } from "./router-config.ts";
import type { RouterStore } from "./router-store.ts";

/** A router's live state: its configuration, one endpoint pool per route, and the store they share. */
export interface RouterState {
  readonly config: RouterConfig;
  readonly pools: ReadonlyMap<string, EndpointPool>;
  readonly store: RouterStore;
}
