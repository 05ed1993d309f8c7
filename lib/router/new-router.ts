import { errAsync, type Result, ResultAsync } from "neverthrow";
import { type CallObserver, callObserverKey } from "../client/call-observer.ts";
import { callProblem } from "../client/call-problem.ts";
import type { CallOptions, Client } from "../client/client.ts";
import { applyOptions } from "../errors/apply-options.ts";
import type { ChatwireError } from "../errors/chatwire-error.ts";
import { newInvalidRequestError } from "../errors/new-errors.ts";
import { numberProblem } from "../errors/number-problem.ts";
import type { ChatCompletionRequest } from "../request/chat-completion-request.ts";
import type { CompletionRequest } from "../request/completion-request.ts";
import type { CompletionChunk } from "../streaming/chunk-types.ts";
import { type StreamResultAsync, toStreamResult } from "../streaming/stream-result.ts";
import type { TextCompletionChunk, TextCompletionResponse } from "../streaming/text-chunk-types.ts";
import type { ChatCompletionResponse } from "../timing/response-meta.ts";
import { type EndpointPool, newEndpointPool } from "./endpoint-pool.ts";
import { newMemoryStore } from "./memory-store.ts";
import { observedRouteCall, routerObserver } from "./observe-route.ts";
import type { AttemptCall, AttemptFailure } from "./route-attempt.ts";
import { budgetProblem } from "./route-budget.ts";
import type { RoutableRequest } from "./route-call.ts";
import type { Routed, RoutedChunk, RoutedStream, RouteError } from "./route-types.ts";
import {
  type ChunkContent,
  chatChunkContent,
  openRoutedStream,
  type StreamChunkLike,
  type StreamLike,
  textChunkContent,
} from "./routed-stream.ts";
import { defaultRouterConfig, type RouterConfig, type RouterOption } from "./router-config.ts";
import type { RouterState } from "./router-state.ts";

/** How one endpoint of a router is doing. */
export interface EndpointStatus {
  readonly endpoint: string;
  readonly inFlight: number;
  /** How long it stays left out after a failure, in milliseconds (0 when healthy). */
  readonly ejectedForMs: number;
}

/**
 * A router over named routes: `provider/model` names go to the clients of the route named `provider`,
 * with `withFallbackModels` tried in order and replicas balanced. Create it with {@link newRouter}. Like a
 * client, it never throws and never rejects.
 */
export interface Router {
  /**
   * Sends a chat completion request to the route its model names, falling back as the request says.
   * The response says which route answered (`route`) and lists every attempt (`routeAttempts`).
   * @example
   * ```ts
   * const request = newChatCompletionRequest("mistral/mistral-small-latest", messages, withFallbackModels("openai/gpt-4.1-nano"));
   * const result = await router.chatCompletion(request);
   * ```
   */
  readonly chatCompletion: (
    request: ChatCompletionRequest,
    options?: CallOptions,
  ) => ResultAsync<Routed<ChatCompletionResponse>, RouteError>;
  /**
   * Streams a chat completion from the route its model names: `Ok` once the first content (or tool-call)
   * delta arrived, so that a stream failing before it (reset, 5xx error event, first-byte timeout) is
   * retried or falls back like a failed request. Once content was handed over it is never replayed: a later
   * failure ends the stream with an error chunk saying how much was received (`received`).
   */
  readonly chatCompletionStream: (
    request: ChatCompletionRequest,
    options?: CallOptions,
  ) => StreamResultAsync<RoutedStream<CompletionChunk>, RoutedChunk<CompletionChunk>, RouteError>;
  /** Sends a text completion request through the routes, as `chatCompletion` does. */
  readonly completion: (
    request: CompletionRequest,
    options?: CallOptions,
  ) => ResultAsync<Routed<TextCompletionResponse>, RouteError>;
  /** Streams a text completion through the routes, as `chatCompletionStream` does. */
  readonly completionStream: (
    request: CompletionRequest,
    options?: CallOptions,
  ) => StreamResultAsync<RoutedStream<TextCompletionChunk>, RoutedChunk<TextCompletionChunk>, RouteError>;
  /** How every endpoint is doing now: calls in flight and cool-down left. */
  readonly endpoints: () => readonly EndpointStatus[];
}

const isClient = (value: unknown): boolean =>
  typeof (value as Partial<Client> | null)?.chatCompletion === "function";

function configProblem(config: RouterConfig): RouteError | undefined {
  const badName = config.routes.find(
    (route) => typeof route.name !== "string" || route.name === "" || route.name.includes("/"),
  );
  const empty = config.routes.find((route) => route.clients.length === 0);
  const notClient = config.routes.find((route) => !route.clients.every(isClient));
  const { cooldownMs, maxRetryDelayMs } = config;
  const problem =
    (config.routes.length === 0
      ? newInvalidRequestError("routes", "must hold at least one route (withRoute)")
      : undefined) ??
    (badName === undefined
      ? undefined
      : newInvalidRequestError(
          `routes.${badName.name}`,
          "must be named with a non-empty string without a slash (provider/model splits there)",
        )) ??
    (empty === undefined
      ? undefined
      : newInvalidRequestError(`routes.${empty.name}`, "must have at least one client")) ??
    (notClient === undefined
      ? undefined
      : newInvalidRequestError(`routes.${notClient.name}`, "must be given clients made by newClient")) ??
    config.routes.map((route) => budgetProblem(route.name, route.budget)).find(Boolean) ??
    (typeof config.clock === "function"
      ? undefined
      : newInvalidRequestError("clock", "must be a function")) ??
    numberProblem("cooldownMs", cooldownMs, "nonNegative") ??
    numberProblem("maxRetryDelayMs", maxRetryDelayMs, "nonNegative");
  return problem === undefined ? undefined : { ...problem, routeAttempts: [] };
}

/**
 * Creates a router. Options apply left to right over {@link defaultRouterConfig}. A bad configuration
 * (no route, a route without clients) does not throw: every call returns `invalid_request`.
 * @example
 * ```ts
 * const router = newRouter(
 *   withRoute("mistral", newClient(withProvider(mistral()))),
 *   withRoute("local", replicaA, replicaB, replicaC),
 * );
 * ```
 */
export function newRouter(...options: readonly RouterOption[]): Router {
  const { applied: config, problem: optionProblem } = applyOptions(defaultRouterConfig(), options);
  const pools = new Map<string, EndpointPool>(
    config.routes.map((route) => [route.name, newEndpointPool(route.name, route.clients)]),
  );
  const state: RouterState = {
    config,
    pools,
    store: config.store ?? newMemoryStore({ clock: config.clock }),
  };
  const problem =
    optionProblem === undefined ? configProblem(config) : { ...optionProblem, routeAttempts: [] };
  const failed = <T>(): ResultAsync<T, RouteError> | undefined =>
    problem === undefined ? undefined : errAsync(problem);
  // Checked before the router reads them: a request that is not one, a signal that is not an AbortSignal.
  const refused = <T>(request: unknown, callOptions: unknown): ResultAsync<T, RouteError> | undefined => {
    const refusal = callProblem(request, callOptions, "newChatCompletionRequest or newCompletionRequest");
    return refusal === undefined ? undefined : errAsync({ ...refusal, routeAttempts: [] });
  };
  const observer = routerObserver(config);
  // With an observer (`withTelemetry` on a route's client), routed calls are observed, as children of
  // `parent` for a router used inside a tool run.
  const build = (parent: object | undefined): Router => {
    const routeCall = <R extends RoutableRequest, T extends object>(
      ...call: [RouterState, R, AbortSignal | undefined, AttemptCall<R, T>]
    ): Promise<Result<Routed<T>, RouteError>> => observedRouteCall(observer, parent, ...call);
    const send =
      <R extends RoutableRequest, T extends object>(
        call: (client: Client) => (request: R, options?: CallOptions) => ResultAsync<T, ChatwireError>,
      ) =>
      (request: R, callOptions?: CallOptions): ResultAsync<Routed<T>, RouteError> =>
        failed() ??
        refused(request, callOptions) ??
        new ResultAsync(
          routeCall(state, request, callOptions?.signal, async (client, sent) =>
            (await call(client)(sent, callOptions))
              .map((value) => ({ value, keepsSlot: false }))
              .mapErr((error): AttemptFailure => ({ error, phase: "open" })),
          ),
        );
    const stream =
      <R extends RoutableRequest, C extends StreamChunkLike>(
        call: (
          client: Client,
        ) => (request: R, options?: CallOptions) => ResultAsync<StreamLike<C>, ChatwireError>,
        contentOf: ChunkContent<C>,
      ) =>
      (
        request: R,
        callOptions?: CallOptions,
      ): StreamResultAsync<RoutedStream<C>, RoutedChunk<C>, RouteError> =>
        toStreamResult(
          failed() ??
            refused(request, callOptions) ??
            new ResultAsync(
              routeCall(state, request, callOptions?.signal, (client, sent, release, settle) =>
                openRoutedStream(call(client)(sent, callOptions), contentOf, release, settle),
              ),
            ),
        );
    const router: Router = {
      chatCompletion: send((client) => client.chatCompletion),
      chatCompletionStream: stream<ChatCompletionRequest, CompletionChunk>(
        (client) => client.chatCompletionStream,
        chatChunkContent,
      ),
      completion: send((client) => client.completion),
      completionStream: stream<CompletionRequest, TextCompletionChunk>(
        (client) => client.completionStream,
        textChunkContent,
      ),
      endpoints: () => {
        const now = config.clock();
        return [...pools.values()].flatMap((pool) =>
          pool.endpoints.map((endpoint) => ({
            endpoint: endpoint.label,
            inFlight: endpoint.inFlight,
            ejectedForMs: Math.max(0, endpoint.ejectedUntil - now),
          })),
        );
      },
    };
    if (observer === undefined) return router;
    const observed: Router & { readonly [callObserverKey]: CallObserver } = {
      ...router,
      [callObserverKey]: { openScope: observer.openScope, childOf: build },
    };
    return observed;
  };
  return build(undefined);
}
