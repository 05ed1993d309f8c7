import type { Result } from "neverthrow";
import { type CallObserver, callObserverOf, inScope } from "../client/call-observer.ts";
import type { AttemptCall } from "./route-attempt.ts";
import { type RoutableRequest, routeCall } from "./route-call.ts";
import type { Routed, RouteError } from "./route-types.ts";
import type { RouterConfig } from "./router-config.ts";
import type { RouterState } from "./router-state.ts";

/** The observer of a router: that of its first route client built with one (`withTelemetry`), if any. */
export function routerObserver(config: RouterConfig): CallObserver | undefined {
  for (const route of config.routes) {
    for (const client of route.clients) {
      const observer = callObserverOf(client);
      if (observer !== undefined) return observer;
    }
  }
  return undefined;
}

/**
 * Routes one call inside a scope of its own when the router has an observer: each attempt's client call
 * becomes the scope's child, and the scope ends with the routed result (a stream: when it ends). Without
 * an observer, exactly `routeCall`.
 */
export function observedRouteCall<R extends RoutableRequest, T extends object>(
  observer: CallObserver | undefined,
  parent: object | undefined,
  state: RouterState,
  request: R,
  signal: AbortSignal | undefined,
  call: AttemptCall<R, T>,
): Promise<Result<Routed<T>, RouteError>> {
  if (observer === undefined) return routeCall(state, request, signal, call);
  const start = {
    kind: "route",
    model: request.body.model,
    fallbackModels: request.fallbackModels ?? [],
  } as const;
  const scope = observer.openScope(start, parent);
  return routeCall(state, request, signal, (client, sent, release, settle) =>
    call(inScope(client, scope), sent, release, settle),
  ).then((routed) => scope.end(routed) ?? routed);
}
