// A fake "Redis" on loopback: it reads RESP commands as a real one does, answers `+OK` to the client's
// housekeeping (CLIENT SETINFO...), and answers every script with the next piece of garbage: wrong types,
// wrong lengths, errors, and bytes that are not RESP at all.
import { createServer, type Server, type Socket } from "node:net";

/** A running fake Redis. */
export interface GarbageRedis {
  readonly url: string;
  /** How many scripts (EVALSHA, EVAL) it was asked to run. */
  readonly scripts: () => number;
  readonly close: () => Promise<void>;
}

const garbage = [
  ":42\r\n",
  "*2\r\n:0\r\n$3\r\nabc\r\n",
  "$5\r\nhello\r\n",
  "-ERR the script ate itself\r\n",
  "*3\r\n:-1\r\n:0\r\n$0\r\n\r\n",
  "*1\r\n*1\r\n:1\r\n",
  "$-1\r\n",
  "?!not resp at all\r\n",
];

/** Reads complete RESP commands off the front of `buffer`; returns them and the bytes left over. */
function readCommands(buffer: string): { readonly commands: string[][]; readonly rest: string } {
  const commands: string[][] = [];
  let at = 0;
  for (;;) {
    const header = buffer.indexOf("\r\n", at);
    if (buffer[at] !== "*" || header < 0) break;
    const count = Number(buffer.slice(at + 1, header));
    let cursor = header + 2;
    const args: string[] = [];
    for (let index = 0; index < count; index++) {
      const lengthEnd = buffer.indexOf("\r\n", cursor);
      if (lengthEnd < 0) break;
      const length = Number(buffer.slice(cursor + 1, lengthEnd));
      if (buffer.length < lengthEnd + 2 + length + 2) break;
      args.push(buffer.slice(lengthEnd + 2, lengthEnd + 2 + length));
      cursor = lengthEnd + 2 + length + 2;
    }
    if (args.length < count) break;
    commands.push(args);
    at = cursor;
  }
  return { commands, rest: buffer.slice(at) };
}

/** Starts the fake Redis on a free loopback port. */
export function startGarbageRedis(): Promise<GarbageRedis> {
  let scripts = 0;
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
    socket.on("error", () => undefined);
    let buffer = "";
    socket.on("data", (data) => {
      const { commands, rest } = readCommands(buffer + data.toString("latin1"));
      buffer = rest;
      for (const [name = ""] of commands) {
        const isScript = /^EVAL/i.test(name);
        socket.write(isScript ? (garbage[scripts++ % garbage.length] ?? "") : "+OK\r\n");
      }
    });
  });
  return new Promise((resolve) => {
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      resolve({
        url: `redis://127.0.0.1:${port}`,
        scripts: () => scripts,
        close: () => {
          for (const socket of sockets) socket.destroy();
          return new Promise((done) => server.close(() => done()));
        },
      });
    });
  });
}
