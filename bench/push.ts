/** A layer push as containerd's pusher makes it, and a process's peak memory: shared by the benches. */
import { readFile } from 'node:fs/promises';
import { type Agent, request } from 'node:https';

/** Uploads `layer` as one blob to a fresh repository (POST, then a streamed monolithic PUT): what a push of one layer costs. */
export async function upload(base: string, repository: string, layer: Buffer, digest: string, headers: Record<string, string>, agent: Agent): Promise<number> {
  const url = new URL(base);
  const call = (method: string, path: string, body?: Buffer) =>
    new Promise<{ status: number; location: string | undefined }>((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path, method, headers: { ...headers, ...(body ? { 'content-type': 'application/octet-stream', 'content-length': String(body.length) } : {}) }, agent }, (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, location: res.headers.location }));
      });
      req.on('error', reject);
      if (body === undefined) return void req.end();
      // 1 MB writes that wait for the socket, as a client streaming from disk does.
      let offset = 0;
      const write = () => {
        while (offset < body.length) {
          const chunk = body.subarray(offset, offset + 1024 * 1024);
          offset += chunk.length;
          if (!req.write(chunk)) return void req.once('drain', write);
        }
        req.end();
      };
      write();
    });
  const started = process.hrtime.bigint();
  const session = await call('POST', `/v2/${repository}/blobs/uploads/`);
  if (session.status !== 202 || session.location === undefined) throw new Error(`POST ${base} answered ${session.status}`);
  const target = new URL(session.location, base);
  target.searchParams.set('digest', digest);
  const done = await call('PUT', `${target.pathname}${target.search}`, layer);
  if (done.status !== 201) throw new Error(`PUT ${base} answered ${done.status}`);
  return Number(process.hrtime.bigint() - started) / 1e6;
}

/** Peak resident memory of a process so far, in MB (VmHWM). */
export async function peakRss(pid: number): Promise<number> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  return Number(/VmHWM:\s+(\d+) kB/.exec(status)?.[1] ?? Number.NaN) / 1024;
}

