/** Registry faults for the load, fault and memory checks: a TCP proxy that refuses, swallows, resets or stalls. */
import { readFile } from 'node:fs/promises';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';

/** down, reset, black-hole and stall-tls happen in the proxy; error-500 and stall-after-headers are the registry's to play. */
export type Fault = 'none' | 'down' | 'black-hole' | 'reset' | 'stall-tls' | 'error-500' | 'stall-after-headers';

export interface FaultProxy {
  server: Server;
  /** host:port clients use as the registry. */
  authority: string;
  /** Switches the fault; connections already open are cut, as a dying registry cuts them. */
  set(fault: Fault): void;
  fault(): Fault;
  close(): void;
}

export async function faultProxy(host: string, target: () => string): Promise<FaultProxy> {
  let fault: Fault = 'none';
  const sockets = new Set<Socket>();
  const track = (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
  };
  const server = createServer((client) => {
    track(client);
    if (fault === 'down') return void client.destroy();
    if (fault === 'reset') return void client.resetAndDestroy();
    if (fault === 'black-hole') return void client.on('data', () => undefined);
    // stall-tls: accepted, and the handshake never gets an answer.
    if (fault === 'stall-tls') return;
    const [targetHost, targetPort] = target().split(':');
    const upstream = connect(Number(targetPort), targetHost ?? '127.0.0.1');
    track(upstream);
    upstream.on('error', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const cut = () => {
    for (const socket of sockets) socket.destroy();
  };
  return {
    server,
    authority: `${host}:${(server.address() as AddressInfo).port}`,
    set: (next) => {
      fault = next;
      cut();
    },
    fault: () => fault,
    close: () => {
      cut();
      server.close();
    },
  };
}

/** Resident memory of a process now, in MB. */
export async function rssMb(pid: number): Promise<number> {
  return Number(/VmRSS:\s+(\d+) kB/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? Number.NaN) / 1024;
}

/** CPU time a process has used so far, user and system, in ms (/proc/PID/stat, clock ticks of 10 ms). */
export async function cpuMs(pid: number): Promise<{ user: number; system: number }> {
  const fields = (await readFile(`/proc/${pid}/stat`, 'utf8')).split(') ')[1]?.split(' ') ?? [];
  return { user: Number(fields[11]) * 10, system: Number(fields[12]) * 10 };
}
