/**
 * A TCP proxy that makes loopback behave like one WAN link, for benches: latency and TCP flow control, in userland
 * (kernel netem is not available everywhere we run).
 *
 * The model, per direction of each connection:
 * - Latency: a chunk read from the source at time t reaches the sink at t + oneWayMs.
 * - Connection setup: the client's first bytes leave no earlier than one round trip after it connected (the TCP
 *   handshake), so a new connection costs the RTT it costs on a real link.
 * - Flow control: at most windowBytes may be in flight, counting a chunk from when it is read until its
 *   acknowledgement comes back, one oneWayMs after the sink's kernel accepted it. When the window is full the proxy
 *   stops reading the source, and the sender feels it as backpressure. One connection thus moves at most
 *   windowBytes per RTT, as TCP does; a proxy that only delayed chunks would have unlimited bandwidth.
 * Not modelled: slow start, loss and a shared bottleneck bandwidth. Every connection starts at its full window and
 * connections do not slow each other down, so the link is as kind to many parallel connections as it can be.
 */
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

export interface WanLink {
  /** One-way delay; the round trip is twice this. */
  oneWayMs: number;
  /** Bytes each direction of a connection may have unacknowledged. */
  windowBytes: number;
}

export interface DelayProxy {
  server: Server;
  /** host:port to connect to instead of the target. */
  authority: string;
  close(): void;
}

/** Listens on `host` (any free port) and relays each connection to `target` (host:port) over `link`. */
export async function delayProxy(host: string, target: string, link: WanLink): Promise<DelayProxy> {
  const [targetHost, targetPort] = target.split(':');
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  // Half-open allowed: each side's end travels, delayed, behind the bytes still on the link.
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const openedAt = performance.now();
    const upstream = connect({ port: Number(targetPort), host: targetHost ?? '127.0.0.1', allowHalfOpen: true });
    track(client);
    track(upstream);
    for (const [socket, other] of [
      [client, upstream],
      [upstream, client],
    ] as const) {
      socket.once('error', () => other.destroy());
      socket.once('close', (hadError) => {
        if (hadError) other.destroy();
      });
    }
    delayedDirection(client, upstream, link, openedAt + 2 * link.oneWayMs);
    delayedDirection(upstream, client, link, openedAt);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return {
    server,
    authority: `${host}:${(server.address() as AddressInfo).port}`,
    close: () => {
      for (const socket of sockets) socket.destroy();
      server.close();
    },
  };
}

/** Relays `source` to `sink` with the link's delay and window; nothing leaves before `openAt` (performance.now() ms). */
function delayedDirection(source: Socket, sink: Socket, link: WanLink, openAt: number): void {
  // Oldest first; `undefined` is the source's end of stream, delivered as sink.end().
  const queue: { chunk: Buffer | undefined; due: number }[] = [];
  let inFlight = 0;
  let timer: NodeJS.Timeout | undefined;

  const acknowledge = (bytes: number) => {
    inFlight -= bytes;
    if (inFlight < link.windowBytes && source.isPaused()) source.resume();
  };
  const deliver = () => {
    timer = undefined;
    const now = performance.now();
    for (let next = queue[0]; next !== undefined && next.due <= now; next = queue[0]) {
      queue.shift();
      const chunk = next.chunk;
      if (chunk === undefined) sink.end();
      else sink.write(chunk, () => setTimeout(acknowledge, link.oneWayMs, chunk.length));
    }
    schedule();
  };
  const schedule = () => {
    const head = queue[0];
    if (timer === undefined && head !== undefined) timer = setTimeout(deliver, Math.max(0, head.due - performance.now()));
  };
  const enqueue = (chunk: Buffer | undefined) => {
    queue.push({ chunk, due: Math.max(performance.now(), openAt) + link.oneWayMs });
    schedule();
  };

  source.on('data', (chunk: Buffer) => {
    inFlight += chunk.length;
    enqueue(chunk);
    if (inFlight >= link.windowBytes) source.pause();
  });
  source.once('end', () => enqueue(undefined));
  sink.once('close', () => {
    clearTimeout(timer);
    queue.length = 0;
  });
}
