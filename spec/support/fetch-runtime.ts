// Makes chatwire see a runtime other than Node (as in browsers, Bun, Deno and workers), so that it sends
// through the global fetch instead of node:http: the "fetch" test project runs the transport-sensitive
// specs again this way.
Object.defineProperty(globalThis.navigator, "userAgent", { value: "chatwire-spec (fetch transport)" });
