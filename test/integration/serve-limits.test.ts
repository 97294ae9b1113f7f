import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Started, startServe } from '../support/processes.ts';

/** A GET from a chosen loopback source address; resolves with the status and how long the answer took. */
function guess(base: string, localAddress: string, password: string): Promise<{ status: number; ms: number }> {
  const url = new URL(base);
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const req = request(
      { host: url.hostname, port: url.port, path: '/v2/app/manifests/v1', localAddress, agent: false, headers: { authorization: `Basic ${Buffer.from(`puller:${password}`).toString('base64')}` } },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: Date.now() - started }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

describe('serve’s own limits', () => {
  let dir: string;
  let alias: Started;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'serve-limits-'));
    await writeFile(join(dir, 'password'), 'puller:the-right-password\n');
    alias = await startServe(
      ['--listen', '127.0.0.20:0', '--registry', '123456789012.dkr.ecr.us-east-1.amazonaws.com', '--access', 'public', '--repositories', 'app', '--auth', 'basic', '--basic-auth-file', join(dir, 'password')],
      { AWS_REGION: 'us-east-1', AWS_ACCESS_KEY_ID: 'AKIALIMITS0000000001', AWS_SECRET_ACCESS_KEY: 'limits-secret', AWS_ENDPOINT_URL_ECR: 'http://127.0.0.1:9' },
    );
  });
  afterAll(async () => {
    await alias?.stop();
    await rm(dir, { recursive: true, force: true });
  });

  it('slows a source that keeps guessing the password, and only that source', async () => {
    const started = Date.now();
    const answers = [];
    for (let i = 0; i < 12; i++) answers.push(await guess(alias.url, '127.0.0.21', `wrong-${i}`));
    expect(answers.every((a) => a.status === 401)).toBe(true);
    // Five refusals are free, then 100, 200, 400, 800 and 1,600 ms: at most ~5 guesses a second, not thousands.
    expect(Date.now() - started).toBeGreaterThan(3_000);
    expect(answers.at(-1)?.ms).toBeGreaterThanOrEqual(1_500);
    const other = await guess(alias.url, '127.0.0.22', 'wrong-elsewhere');
    expect(other.status).toBe(401);
    expect(other.ms).toBeLessThan(500);
  });

  it('closes a connection whose headers never finish, within the header timeout', async () => {
    const url = new URL(alias.url);
    const started = Date.now();
    const closed = await new Promise<number>((resolve) => {
      const socket = connect(Number(url.port), url.hostname, () => socket.write('GET /v2/ HTTP/1.1\r\nHost: x\r\nX-Slow: '));
      socket.on('data', () => undefined);
      socket.on('error', () => undefined);
      socket.on('close', () => resolve(Date.now() - started));
    });
    expect(closed).toBeGreaterThan(9_000);
    expect(closed).toBeLessThan(12_500);
  }, 20_000);
});
