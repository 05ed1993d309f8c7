import type { Client } from "../client/client.ts";

/** One endpoint of a route, with its live load and health. */
export interface Endpoint {
  readonly label: string;
  readonly client: Client;
  inFlight: number;
  /** On the router's clock; the endpoint is left out until then. */
  ejectedUntil: number;
}

/** The endpoints of one route and where the next tie-break starts. */
export interface EndpointPool {
  readonly endpoints: readonly Endpoint[];
  next: number;
}

/** Creates the pool of a route: endpoints labelled by the route name, or `name#index` for replicas. */
export function newEndpointPool(name: string, clients: readonly Client[]): EndpointPool {
  return {
    endpoints: clients.map((client, index) => ({
      label: clients.length === 1 ? name : `${name}#${index}`,
      client,
      inFlight: 0,
      ejectedUntil: Number.NEGATIVE_INFINITY,
    })),
    next: 0,
  };
}

/**
 * Picks the endpoint for the next attempt among those not yet tried: the healthy one with the fewest
 * calls in flight (ties go round-robin), else, when all are ejected, the one that comes back soonest.
 */
export function pickEndpoint(
  pool: EndpointPool,
  now: number,
  tried: ReadonlySet<Endpoint>,
): Endpoint | undefined {
  const { endpoints } = pool;
  let best: Endpoint | undefined;
  let bestIndex = 0;
  let soonest: Endpoint | undefined;
  for (let step = 0; step < endpoints.length; step++) {
    const index = (pool.next + step) % endpoints.length;
    const endpoint = endpoints[index];
    if (endpoint === undefined || tried.has(endpoint)) continue;
    if (endpoint.ejectedUntil > now) {
      if (soonest === undefined || endpoint.ejectedUntil < soonest.ejectedUntil) soonest = endpoint;
    } else if (best === undefined || endpoint.inFlight < best.inFlight) {
      best = endpoint;
      bestIndex = index;
    }
  }
  if (best !== undefined) pool.next = (bestIndex + 1) % endpoints.length;
  return best ?? soonest;
}
