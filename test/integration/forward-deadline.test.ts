// The forward's deadline in-process: it ends a stalled forward, and no forward leaves its timer behind.
import { type AddressInfo, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { forward, UpstreamError } from '../../function/src/forward.ts';

/** Timers of `ms` set while `run` runs, and whether each was cleared by the time it settled. */
async function deadlineTimers(ms: number, run: () => Promise<unknown>): Promise<{ settled: unknown; cleared: boolean[] }> {
  const set = vi.spyOn(globalThis, 'setTimeout');
  const clear = vi.spyOn(globalThis, 'clearTimeout');
  const settled = await run().catch((error: unknown) => error);
  const made = set.mock.calls.flatMap((call, i) => (call[1] === ms ? [set.mock.results[i]?.value as unknown] : []));
  const cleared = made.map((timer) => clear.mock.calls.some((call) => call[0] === timer));
  return { settled, cleared };
}

async function listening(server: Server, host: string): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return (server.address() as AddressInfo).port;
}

describe('a forward’s deadline', () => {
  const sockets = new Set<Socket>();
  const closed: Socket[] = [];
  // Reads what comes and never says a word: the TLS handshake stalls.
  const silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => closed.push(socket));
    socket.resume();
  });
  // Refuses at once: the port is taken and closed again.
  let refusedPort = 0;
  let silentPort = 0;

  beforeAll(async () => {
    silentPort = await listening(silent, '127.0.0.31');
    const closed = createServer();
    refusedPort = await listening(closed, '127.0.0.31');
    await new Promise((resolve) => closed.close(resolve));
  });
  afterEach(() => {
    vi.restoreAllMocks();
  });
  afterAll(async () => {
    for (const socket of sockets) socket.destroy();
    await new Promise((resolve) => silent.close(resolve));
  });

  it('ends a forward the registry never answers with a 504 by its deadline, and closes its connection', async () => {
    const started = Date.now();
    const { settled } = await deadlineTimers(300, () => forward({ url: `https://127.0.0.31:${silentPort}/v2/app/manifests/v1`, method: 'GET', headers: {}, timeoutMs: 300 }));
    expect(settled).toBeInstanceOf(UpstreamError);
    expect((settled as UpstreamError).status).toBe(504);
    expect(Date.now() - started).toBeLessThan(2_000);
    await vi.waitFor(() => expect(closed).toEqual([...sockets]), { timeout: 1_000 });
    expect(closed).toHaveLength(1);
  });

  it('clears its one deadline timer when the forward ends before it (a refused connection, 502)', async () => {
    const { settled, cleared } = await deadlineTimers(25_000, () => forward({ url: `https://127.0.0.31:${refusedPort}/v2/`, method: 'HEAD', headers: {}, timeoutMs: 25_000 }));
    expect(settled).toBeInstanceOf(UpstreamError);
    expect((settled as UpstreamError).status).toBe(502);
    // A timer left running would hold the request's objects (and a Lambda's event loop) for the whole 25 s.
    expect(cleared).toEqual([true]);
  });
});
