import { exec, execFile, execFileSync, execSync, fork, spawn, spawnSync } from 'node:child_process';
import { createSocket } from 'node:dgram';
import { createServer, get, request } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createRequire } from 'node:module';
import { connect, createConnection, Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// Not imported from test/support/pure.ts: importing it would install the guard, and this test must see the setup file's.
const IMPURE = 'unit tests are pure (no processes, no network, no terraform)';

// Each call would start a process or open a socket if the unit project's setup file (test/support/pure.ts) were missing.
const cases: [name: string, call: () => unknown, says: RegExp][] = [
  ['spawn', () => spawn('true'), /child_process\.spawn\("true"\) starts a process/],
  ['spawnSync', () => spawnSync('true'), /spawnSync/],
  ['exec', () => exec('true'), /child_process\.exec\("true"\)/],
  ['execSync', () => execSync('true'), /execSync/],
  ['execFile', () => execFile('true'), /execFile/],
  ['execFileSync', () => execFileSync('true'), /execFileSync/],
  ['fork', () => fork('./nothing.js'), /fork/],
  ['an http server listening', () => createServer().listen(0, '127.0.0.1'), /a server listens/],
  ['http.request', () => request('http://127.0.0.1:9/'), /http\.request opens a socket/],
  ['http.get', () => get('http://127.0.0.1:9/'), /http\.get/],
  ['https.request', () => httpsRequest('https://127.0.0.1:9/'), /https\.request/],
  ['net.connect', () => connect(9, '127.0.0.1'), /net\.connect/],
  ['net.createConnection', () => createConnection(9, '127.0.0.1'), /net\.createConnection/],
  ['a net.Socket connecting', () => new Socket().connect(9, '127.0.0.1'), /a net\.Socket connects/],
  ['tls.connect', () => tlsConnect(9, '127.0.0.1'), /tls\.connect/],
  ['dgram.createSocket', () => createSocket('udp4'), /dgram\.createSocket/],
  ['fetch', () => fetch('http://127.0.0.1:9/'), /fetch opens a socket/],
];

describe('the unit project', () => {
  it.each(cases)('refuses %s with a clear message', (_name, call, says) => {
    expect(call).toThrow(IMPURE);
    expect(call).toThrow(says);
    expect(call).toThrow(/move this test to test\/integration/);
  });

  it('refuses to run terraform and points at test/terraform', () => {
    expect(() => execFileSync('terraform', ['version'])).toThrow(/execFileSync\("terraform"\) starts a process; move this test to test\/terraform/);
    expect(() => spawn('terraform', ['init'])).toThrow(/move this test to test\/terraform/);
  });

  it('refuses the CommonJS exports too, as bundled code and require() see them', () => {
    const childProcess = require('node:child_process') as typeof import('node:child_process');
    const http = require('node:http') as typeof import('node:http');
    expect(() => childProcess.execSync('true')).toThrow(IMPURE);
    expect(() => http.createServer().listen(0)).toThrow(IMPURE);
  });
});
