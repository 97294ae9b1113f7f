/**
 * Setup file of the `unit` project: starting a process, opening or listening on a socket and running terraform throw,
 * so a unit test that does any of them fails at once instead of slowing the lane down.
 */
import childProcess from 'node:child_process';
import dgram from 'node:dgram';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';
import { afterAll } from 'vitest';

export const IMPURE = 'unit tests are pure (no processes, no network, no terraform)';

export class ImpureError extends Error {
  override name = 'ImpureError';
}

function impure(what: string): never {
  const where = /terraform/.test(what) ? 'test/terraform' : 'test/integration';
  throw new ImpureError(`${IMPURE}: ${what}; move this test to ${where}`);
}

/** `spawn('terraform', …)` and `exec('terraform init')` both name the program first. */
function command(args: unknown[]): string {
  const first = typeof args[0] === 'string' ? args[0] : String(args[0]);
  return JSON.stringify(first.slice(0, 80));
}

type Patch = [target: object, key: string, replacement: (...args: unknown[]) => unknown];

const processFunctions = ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'] as const;
const patches: Patch[] = [
  ...processFunctions.map((name): Patch => [childProcess, name, (...args) => impure(`child_process.${name}(${command(args)}) starts a process`)]),
  // The prototypes catch what the named functions do not: http.Agent, undici (fetch) and tls all connect through net.Socket.
  [childProcess.ChildProcess.prototype, 'spawn', () => impure('ChildProcess.spawn starts a process')],
  [net.Socket.prototype, 'connect', () => impure('a net.Socket connects')],
  [net.Server.prototype, 'listen', () => impure('a server listens (net, http, https or tls)')],
  [net, 'connect', () => impure('net.connect opens a socket')],
  [net, 'createConnection', () => impure('net.createConnection opens a socket')],
  [tls, 'connect', () => impure('tls.connect opens a socket')],
  [http, 'request', () => impure('http.request opens a socket')],
  [http, 'get', () => impure('http.get opens a socket')],
  [https, 'request', () => impure('https.request opens a socket')],
  [https, 'get', () => impure('https.get opens a socket')],
  [dgram, 'createSocket', () => impure('dgram.createSocket opens a socket')],
  [dgram.Socket.prototype, 'bind', () => impure('a dgram socket binds')],
  [dgram.Socket.prototype, 'send', () => impure('a dgram socket sends')],
  [globalThis, 'fetch', () => impure('fetch opens a socket')],
];

const originals = patches.map(([target, key]) => [target, key, (target as Record<string, unknown>)[key]] as const);

function apply(values: readonly (readonly [object, string, unknown])[]): void {
  for (const [target, key, value] of values) (target as Record<string, unknown>)[key] = value;
  // ESM named imports of builtins (`import { spawn } from 'node:child_process'`) see the CJS exports only after this.
  syncBuiltinESMExports();
}

apply(patches);
// A worker may run another project's file next: give the builtins back once this file is done.
afterAll(() => apply(originals));
