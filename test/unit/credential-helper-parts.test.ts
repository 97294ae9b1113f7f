import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError } from '../../src/core/errors.ts';
import { ecrRegion } from '../../src/core/registry-host.ts';
import { TokenCache } from '../../src/credential-helper/cache.ts';
import { hosts, lookup, parseConfig } from '../../src/credential-helper/config.ts';
import { hostOf, imageHost } from '../../src/credential-helper/host.ts';
import { goDuration } from '../../src/credential-helper/kubelet.ts';
import { sha256Hex } from '../../src/credential-helper/sha256.ts';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const temps: string[] = [];
function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcec-parts-'));
  temps.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('hostOf', () => {
  it.each([
    ['ecr.example.com', 'ecr.example.com'],
    ['ecr.example.com:443', 'ecr.example.com'],
    ['https://ecr.example.com', 'ecr.example.com'],
    ['https://ecr.example.com/', 'ecr.example.com'],
    ['https://ecr.example.com:443/v2/', 'ecr.example.com'],
    ['HTTPS://ECR.Example.COM/v1/?x=1', 'ecr.example.com'],
    ['  ecr.example.com\n', 'ecr.example.com'],
    ['ecr.example.com:5000', 'ecr.example.com:5000'],
    ['https://ecr.example.com:5000/v2', 'ecr.example.com:5000'],
    ['http://ecr.example.com:80', 'ecr.example.com'],
    ['http://ecr.example.com:443', 'ecr.example.com:443'],
    ['127.0.0.5:8443', '127.0.0.5:8443'],
  ])('reduces %j to %j', (input, host) => {
    expect(hostOf(input)).toBe(host);
  });
});

describe('imageHost', () => {
  it.each([
    ['ecr.example.com/app:1', 'ecr.example.com'],
    ['ecr.example.com:5000/team/app@sha256:abc', 'ecr.example.com:5000'],
    ['localhost/app', 'localhost'],
    ['library/busybox', 'docker.io'],
    ['busybox:latest', 'docker.io'],
  ])('finds the registry of %j: %j', (image, host) => {
    expect(imageHost(image)).toBe(host);
  });
});

describe('ecrRegion', () => {
  it.each([
    [REGISTRY, 'us-east-1'],
    ['123456789012.dkr.ecr.cn-north-1.amazonaws.com.cn', 'cn-north-1'],
    ['123456789012.dkr.ecr-fips.us-gov-west-1.amazonaws.com', 'us-gov-west-1'],
    ['ecr.example.com', undefined],
    ['12345.dkr.ecr.us-east-1.amazonaws.com', undefined],
  ])('reads the region of %j as %j', (host, region) => {
    expect(ecrRegion(host)).toBe(region);
  });
});

describe('parseConfig', () => {
  const file = '/home/u/.ecr/custom.json';

  it('accepts a registry string and takes the region from the ECR host', () => {
    const config = parseConfig(JSON.stringify({ 'ecr.example.com': REGISTRY }), file);
    expect(lookup(config, 'ecr.example.com')).toEqual({ registry: REGISTRY, region: 'us-east-1' });
  });

  it('accepts an object with region and profile, and normalises keys and hosts', () => {
    const config = parseConfig(
      JSON.stringify({ 'https://Alias.Example.com/': { registry: 'https://127.0.0.5:5000/', region: 'eu-west-1', profile: 'prod' } }),
      file,
    );
    expect(lookup(config, 'alias.example.com')).toEqual({ registry: '127.0.0.5:5000', region: 'eu-west-1', profile: 'prod' });
  });

  it('answers for the registry an alias maps to, and lists aliases then registries', () => {
    const config = parseConfig(JSON.stringify({ 'a.example.com': REGISTRY, 'b.example.com': REGISTRY }), file);
    expect(lookup(config, REGISTRY)).toEqual({ registry: REGISTRY, region: 'us-east-1' });
    expect(hosts(config)).toEqual(['a.example.com', 'b.example.com', REGISTRY]);
  });

  it.each([
    ['{"a.example.com": ', /invalid JSON/],
    ['[]', /must be a JSON object/],
    ['{"a.example.com": 42}', /"a\.example\.com" must map to a registry string or an object/],
    ['{"a.example.com": {"region": "us-east-1"}}', /"a\.example\.com" needs "registry"/],
    ['{"a.example.com": "registry.example.com"}', /not an ECR host .*add "region"/],
    [`{"a.example.com": {"registry": "${REGISTRY}", "regoin": "us-east-1"}}`, /unknown key "regoin"/],
    [`{"a.example.com": {"registry": "${REGISTRY}", "region": "moon"}}`, /region must be an AWS region/],
    [`{"a.example.com": {"registry": "${REGISTRY}", "profile": ""}}`, /profile must be a non-empty string/],
    [`{"a b": "${REGISTRY}"}`, /alias "a b" must be a host/],
    [`{"a.example.com": "${REGISTRY}", "https://a.example.com": "${REGISTRY}"}`, /alias a\.example\.com appears twice/],
  ])('rejects %s with one line naming the file and the problem', (text, problem) => {
    let error: unknown;
    try {
      parseConfig(text, file);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message.startsWith(`${file}: `)).toBe(true);
    expect(message).toMatch(problem);
    expect(message).not.toContain('\n');
  });
});

describe('sha256Hex', () => {
  it.each(['', 'abc', 'a'.repeat(55), 'a'.repeat(56), 'a'.repeat(64), 'a'.repeat(1000), 'é€😀'.repeat(50), '["r","us-east-1","profile="]'])(
    'matches node:crypto for input %#',
    (text) => {
      expect(sha256Hex(text)).toBe(createHash('sha256').update(text).digest('hex'));
    },
  );
});

describe('goDuration', () => {
  it.each([
    [6 * 3600_000, '6h0m0s'],
    [5 * 3600_000 + 59 * 60_000 + 58_500, '5h59m58s'],
    [90_000, '1m30s'],
    [999, '0s'],
    [-5, '0s'],
  ])('formats %d ms as %s', (ms, text) => {
    expect(goDuration(ms)).toBe(text);
  });
});

describe('TokenCache', () => {
  const lockOptions = (now: () => number) => ({ timeoutMs: 1_000, staleMs: 60_000, now, sleep: async () => {}, done: () => false });

  it('keeps secrets out of file names', () => {
    const cache = new TokenCache(tempDir(), ['r', 'us-east-1', 'AWS_ACCESS_KEY_ID=AKIAEXAMPLEKEY']);
    expect(cache.file).not.toContain('AKIA');
    expect(cache.file).toMatch(/[0-9a-f]{40}\.json$/);
  });

  it('reads an unreadable, corrupt or foreign file as empty', () => {
    const dir = tempDir();
    const cache = new TokenCache(dir, ['x']);
    expect(cache.read()).toEqual({});
    writeFileSync(cache.file, '{not json');
    expect(cache.read()).toEqual({});
    writeFileSync(cache.file, JSON.stringify({ version: 1, token: { username: 'AWS' } }));
    expect(cache.read()).toEqual({});
  });

  it('reports a failed write instead of throwing', () => {
    const file = join(tempDir(), 'not-a-dir');
    writeFileSync(file, '');
    const cache = new TokenCache(join(file, 'cache'), ['x']);
    expect(cache.write({ failedAt: 1 })).toBe(false);
    expect(cache.read()).toEqual({});
  });

  it('gives the lock to one caller at a time and lets the next one in after release', async () => {
    const cache = new TokenCache(tempDir(), ['x']);
    let now = 0;
    const first = await cache.lock(lockOptions(() => now));
    expect(first).toBeTypeOf('function');
    // Held by a live process (this one): the second caller waits, then gives up at the timeout.
    const waiting = cache.lock({
      ...lockOptions(() => now),
      sleep: async () => {
        now += 400;
      },
    });
    expect(await waiting).toBeUndefined();
    first?.();
    const second = await cache.lock(lockOptions(() => now));
    expect(second).toBeTypeOf('function');
    second?.();
  });

  it('takes over a lock left by a dead process or left for too long', async () => {
    const dir = tempDir();
    const cache = new TokenCache(dir, ['x']);
    const lockFile = cache.file.replace(/\.json$/, '.lock');
    writeFileSync(lockFile, '2147483646\n');
    const taken = await cache.lock(lockOptions(() => Date.now()));
    expect(taken).toBeTypeOf('function');
    taken?.();
    writeFileSync(lockFile, `${process.pid}\n`);
    const old = (Date.now() - 120_000) / 1000;
    utimesSync(lockFile, old, old);
    const again = await cache.lock(lockOptions(() => Date.now()));
    expect(again).toBeTypeOf('function');
    again?.();
    expect(readdirSync(dir)).toEqual([]);
  });
});
