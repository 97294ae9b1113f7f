import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type EcrToken, TokenError } from '../../src/core/ecr.ts';
import type { TokenSource } from '../../src/credential-helper/aws.ts';
import { type HelperIo, run } from '../../src/credential-helper/cli.ts';
import { NOT_FOUND } from '../../src/credential-helper/protocol.ts';
import { credentialsFor, LOCK_TIMEOUT_MS } from '../../src/credential-helper/tokens.ts';

const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const OTHER = '210987654321.dkr.ecr.eu-west-1.amazonaws.com';
const HOUR = 3600_000;
const T0 = Date.parse('2030-01-01T00:00:00Z');

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Call {
  registry: string;
  region: string;
  profile: string | undefined;
}

/** A helper with a temp HOME, a settable clock and a fake ECR that hands out numbered passwords. */
function harness(config?: unknown) {
  const home = mkdtempSync(join(tmpdir(), 'dcec-unit-'));
  temps.push(home);
  if (config !== undefined) {
    mkdirSync(join(home, '.ecr'));
    writeFileSync(join(home, '.ecr', 'custom.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  const h = {
    home,
    now: T0,
    calls: [] as Call[],
    lifetime: 12 * HOUR,
    fail: undefined as Error | undefined,
    delayMs: 0,
    /** The password the n-th call (1-based) hands out. */
    password: (n: number) => `pw-${n}-${'x'.repeat(20)}`,
    source: {
      getToken: async (registry: string, region: string, profile?: string): Promise<EcrToken> => {
        h.calls.push({ registry, region, profile });
        const n = h.calls.length;
        if (h.delayMs) await new Promise((resolve) => setTimeout(resolve, h.delayMs));
        if (h.fail) throw h.fail;
        return { username: 'AWS', password: h.password(n), expiresAt: new Date(h.now + h.lifetime) };
      },
    } satisfies TokenSource,
    async run(argv: string[], stdin = '', env: Record<string, string> = {}, extra: Partial<HelperIo> = {}) {
      let stdout = '';
      let stderr = '';
      const code = await run(argv, {
        env: { HOME: home, ...env },
        stdin: { isTTY: false, read: async () => stdin },
        stdout: { write: (text: string) => (stdout += text) },
        stderr: { write: (text: string) => (stderr += text) },
        now: () => h.now,
        tokenSource: () => h.source,
        version: '9.9.9',
        ...extra,
      });
      return { code, stdout, stderr };
    },
    async get(serverUrl: string, env: Record<string, string> = {}) {
      const result = await h.run(['get'], serverUrl, env);
      return { ...result, json: result.code === 0 ? (JSON.parse(result.stdout) as Record<string, string>) : undefined };
    },
  };
  return h;
}

/** Compares without letting a secret reach the test output. */
function isSecret(actual: string | undefined, expected: string): boolean {
  return actual === expected;
}

describe('get', () => {
  it.each(['ecr.example.com', 'ecr.example.com:443', 'https://ecr.example.com', 'https://ecr.example.com/', 'https://ecr.example.com:443/v2/', 'ECR.example.com\n'])(
    'answers %j with the token for the mapped registry',
    async (serverUrl) => {
      const h = harness({ 'ecr.example.com': REGISTRY });
      const { code, stdout, stderr, json } = await h.get(serverUrl);
      expect(code).toBe(0);
      expect(Object.keys(json ?? {})).toEqual(['ServerURL', 'Username', 'Secret']);
      expect(json?.ServerURL).toBe(serverUrl.trim());
      expect(json?.Username).toBe('AWS');
      expect(isSecret(json?.Secret, h.password(1))).toBe(true);
      expect(stdout.endsWith('}\n')).toBe(true);
      expect(stdout.split('\n')).toHaveLength(2);
      expect(stderr).toBe('');
      expect(h.calls).toEqual([{ registry: REGISTRY, region: 'us-east-1', profile: undefined }]);
    },
  );

  it('answers for the ECR host an alias maps to, with that entry region and profile', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY, 'ecr.example.org': { registry: OTHER, profile: 'prod' } });
    const { code } = await h.get(`https://${OTHER}`);
    expect(code).toBe(0);
    expect(h.calls).toEqual([{ registry: OTHER, region: 'eu-west-1', profile: 'prod' }]);
  });

  it.each([
    ['an unknown host', { 'ecr.example.com': REGISTRY }, 'other.example.com'],
    ['another port of a known host', { 'ecr.example.com': REGISTRY }, 'ecr.example.com:5000'],
    ['any host when there is no config file', undefined, 'ecr.example.com'],
  ])('prints exactly the not-found message and exits 1 for %s', async (_, config, serverUrl) => {
    const h = harness(config);
    const { code, stdout, stderr } = await h.get(serverUrl);
    expect(code).toBe(1);
    expect(stdout).toBe(`${NOT_FOUND}\n`);
    expect(stderr).toContain(hostOfForMessage(serverUrl));
    expect(h.calls).toHaveLength(0);
  });

  it('reports a malformed config on stdout in one line naming the file, detail on stderr', async () => {
    const h = harness('{"ecr.example.com": ');
    const { code, stdout, stderr } = await h.get('ecr.example.com');
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stdout).toContain(join(h.home, '.ecr', 'custom.json'));
    expect(stdout).toContain('invalid JSON');
    expect(stderr).toContain('invalid JSON');
  });

  it('reads the config from AWS_ECR_CUSTOM_CONFIG', async () => {
    const h = harness();
    const file = join(h.home, 'elsewhere.json');
    writeFileSync(file, JSON.stringify({ 'ecr.example.com': REGISTRY }));
    expect((await h.get('ecr.example.com', { AWS_ECR_CUSTOM_CONFIG: file })).code).toBe(0);
  });

  it('reports an AWS error on stdout and stderr without any secret, exit 1', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    h.fail = new TokenError('GetAuthorizationToken in us-east-1 failed: AccessDeniedException: no');
    const { code, stdout, stderr } = await h.get('ecr.example.com', { AWS_SECRET_ACCESS_KEY: 'very-secret-key' });
    expect(code).toBe(1);
    expect(stdout).toBe('GetAuthorizationToken in us-east-1 failed: AccessDeniedException: no\n');
    expect(stderr).toContain('AccessDeniedException');
    expect(`${stdout}${stderr}`).not.toContain('very-secret-key');
  });
});

function hostOfForMessage(serverUrl: string): string {
  return serverUrl.replace(/:443$/, '');
}

describe('list', () => {
  it('lists every alias and mapped registry, and get accepts each key', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY, 'https://ecr.example.org/': { registry: '127.0.0.5:5000', region: 'eu-west-1' } });
    const { code, stdout } = await h.run(['list'], 'unused');
    expect(code).toBe(0);
    const listed = JSON.parse(stdout) as Record<string, string>;
    expect(listed).toEqual({ 'ecr.example.com': 'AWS', 'ecr.example.org': 'AWS', [REGISTRY]: 'AWS', '127.0.0.5:5000': 'AWS' });
    for (const key of Object.keys(listed)) {
      const { code: getCode, json } = await h.get(key);
      expect(getCode, key).toBe(0);
      expect(json?.Username).toBe('AWS');
    }
  });

  it('lists nothing without a config file', async () => {
    expect((await harness().run(['list'])).stdout).toBe('{}\n');
  });
});

describe('the other actions', () => {
  it('accepts store and erase as no-ops so docker login and logout work', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    const stored = await h.run(['store'], JSON.stringify({ ServerURL: 'ecr.example.com', Username: 'AWS', Secret: 'x' }));
    const erased = await h.run(['erase'], 'ecr.example.com');
    expect([stored.code, stored.stdout, erased.code, erased.stdout]).toEqual([0, '', 0, '']);
    expect(h.calls).toHaveLength(0);
  });

  it('prints its version', async () => {
    expect(await harness().run(['version'])).toEqual({ code: 0, stdout: 'docker-credential-ecr-custom 9.9.9\n', stderr: '' });
  });

  it.each([['--help'], ['-h'], ['help']])('prints the whole usage on stdout and exits 0 for %s', async (flag) => {
    const { code, stdout, stderr } = await harness().run([flag]);
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(/^usage: docker-credential-ecr-custom get\|list\|store\|erase\|version .*\n.* kubelet .*\n.* init /);
    expect(stdout).toContain('Config: $AWS_ECR_CUSTOM_CONFIG or ~/.ecr/custom.json');
  });

  // Every action run() dispatches, the kubelet provider and init included; a flag after it, or among init's flags.
  const actions = ['get', 'list', 'store', 'erase', 'version', 'kubelet', 'init'];
  it.each(actions.flatMap((action) => [[action, '--help'], [action, '-h']]))('answers %s %s with its own usage on stdout and exit 0, reading nothing', async (action, flag) => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    const read = () => Promise.reject(new Error('stdin read'));
    const { code, stdout, stderr } = await h.run([action, flag], '', {}, { stdin: { isTTY: false, read } });
    expect([code, stderr]).toEqual([0, '']);
    expect(stdout).toMatch(new RegExp(`^usage: docker-credential-ecr-custom ${action}\\b`));
    expect(stdout.split('\n').length).toBeGreaterThan(2);
    expect(h.calls).toHaveLength(0);
  });

  it('answers init --help even after other flags, and writes nothing', async () => {
    const h = harness();
    const { code, stdout } = await h.run(['init', '--alias', 'ecr.example.com', '--registry', REGISTRY, '--docker', '--help']);
    expect([code, stdout.startsWith('usage: docker-credential-ecr-custom init ')]).toEqual([0, true]);
    expect(readdirSync(h.home)).toEqual([]);
  });

  it.each([[[]], [['fetch']], [['GET']]])('prints usage and exits 1 for %j', async (argv) => {
    const { code, stdout, stderr } = await harness().run(argv);
    expect(code).toBe(1);
    expect(stdout.trimEnd().split('\n')).toHaveLength(1);
    expect(stderr).toContain('usage: docker-credential-ecr-custom get|list|store|erase|version');
  });
});

describe('the token cache', () => {
  it('reuses a token for half its life, then fetches a new one', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    await h.get('ecr.example.com');
    h.now = T0 + 6 * HOUR - 1000;
    expect(isSecret((await h.get('ecr.example.com')).json?.Secret, h.password(1))).toBe(true);
    expect(h.calls).toHaveLength(1);
    h.now = T0 + 6 * HOUR + 1000;
    expect(isSecret((await h.get('ecr.example.com')).json?.Secret, h.password(2))).toBe(true);
    expect(h.calls).toHaveLength(2);
  });

  it('stores tokens in a 0600 file inside a 0700 directory under ~/.ecr', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    await h.get('ecr.example.com', { AWS_ACCESS_KEY_ID: 'AKIAUNITTESTKEY' });
    const dir = join(h.home, '.ecr', 'custom-cache');
    expect(statSync(dir).mode & 0o777).toBe(0o700);
    const files = readdirSync(dir);
    expect(files).toHaveLength(1);
    expect(statSync(join(dir, files[0] ?? '')).mode & 0o777).toBe(0o600);
    expect(files[0]).not.toContain('AKIA');
  });

  it('keeps one entry per identity: another profile or access key fetches its own token', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    await h.get('ecr.example.com', { AWS_ACCESS_KEY_ID: 'AKIAONE' });
    await h.get('ecr.example.com', { AWS_ACCESS_KEY_ID: 'AKIATWO' });
    await h.get('ecr.example.com', { AWS_PROFILE: 'prod' });
    await h.get('ecr.example.com', { AWS_ACCESS_KEY_ID: 'AKIAONE' });
    expect(h.calls).toHaveLength(3);
  });

  it('bypasses the cache with AWS_ECR_CUSTOM_DISABLE_CACHE=1', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    await h.get('ecr.example.com', { AWS_ECR_CUSTOM_DISABLE_CACHE: '1' });
    await h.get('ecr.example.com', { AWS_ECR_CUSTOM_DISABLE_CACHE: '1' });
    expect(h.calls).toHaveLength(2);
    expect(existsSync(join(h.home, '.ecr', 'custom-cache'))).toBe(false);
  });

  it('falls back to the cached token when a refresh fails, until the last 5% of its life', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    await h.get('ecr.example.com');
    h.fail = new TokenError('GetAuthorizationToken in us-east-1 failed: ServerException: down');
    h.now = T0 + 8 * HOUR;
    const stale = await h.get('ecr.example.com');
    expect(stale.code).toBe(0);
    expect(isSecret(stale.json?.Secret, h.password(1))).toBe(true);
    expect(stale.stderr).toContain('ServerException: down; using the cached token');
    expect(stale.stderr).not.toContain(h.password(1));
    h.now = T0 + 11.5 * HOUR;
    const expired = await h.get('ecr.example.com');
    expect(expired.code).toBe(1);
    expect(expired.stdout).toBe('GetAuthorizationToken in us-east-1 failed: ServerException: down\n');
    expect(`${expired.stdout}${expired.stderr}`).not.toContain(h.password(1));
  });

  it('goes on without a corrupt cache file and replaces it', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    await h.get('ecr.example.com');
    const dir = join(h.home, '.ecr', 'custom-cache');
    const file = join(dir, readdirSync(dir)[0] ?? '');
    writeFileSync(file, '\u0000{garbage');
    const { code, stderr } = await h.get('ecr.example.com');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(h.calls).toHaveLength(2);
    expect(JSON.parse(readFileSync(file, 'utf8')).version).toBe(1);
  });

  it('goes on without a cache it cannot write, with a note on stderr', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    const blocker = join(h.home, 'blocker');
    writeFileSync(blocker, '');
    const { code, stderr } = await h.get('ecr.example.com', { AWS_ECR_CUSTOM_CACHE_DIR: join(blocker, 'cache') });
    expect(code).toBe(0);
    expect(stderr).toContain('cannot write the token cache');
  });

  it('makes one API call for 20 parallel cold gets', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    h.delayMs = 100;
    const results = await Promise.all(Array.from({ length: 20 }, () => h.get('ecr.example.com')));
    expect(results.map((r) => r.code)).toEqual(Array(20).fill(0));
    expect(results.every((r) => isSecret(r.json?.Secret, h.password(1)))).toBe(true);
    expect(h.calls).toHaveLength(1);
  });

  it('lets waiters use the lock holder failure instead of each calling AWS again', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    h.delayMs = 100;
    h.fail = new TokenError('GetAuthorizationToken in us-east-1 failed: ServerException: down');
    const results = await Promise.all(Array.from({ length: 10 }, () => h.get('ecr.example.com')));
    expect(results.map((r) => r.code)).toEqual(Array(10).fill(1));
    expect(h.calls).toHaveLength(1);
  });

  it('waits for the lock by polling and gives up after its timeout', async () => {
    const h = harness();
    let now = T0;
    const deps = {
      env: { HOME: h.home },
      now: () => now,
      source: () => h.source,
      warn: () => {},
      sleep: async (ms: number) => {
        now += ms;
      },
    };
    const target = { registry: REGISTRY, region: 'us-east-1' };
    // Another live process (this one) holds the lock and never finishes.
    const dir = join(h.home, '.ecr', 'custom-cache');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const holder = credentialsFor(target, { ...deps, source: () => ({ getToken: () => new Promise<EcrToken>(() => {}) }) });
    await new Promise((resolve) => setTimeout(resolve, 20));
    const credentials = await credentialsFor(target, deps);
    expect(isSecret(credentials.password, h.password(1))).toBe(true);
    expect(now - T0).toBeGreaterThanOrEqual(LOCK_TIMEOUT_MS);
    void holder;
  });
});

describe('kubelet', () => {
  const request = (image: string, apiVersion = 'credentialprovider.kubelet.k8s.io/v1') =>
    JSON.stringify({ apiVersion, kind: 'CredentialProviderRequest', image });

  it('answers with Registry-keyed auth cached until the helper would refresh the token', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    const { code, stdout } = await h.run(['kubelet'], request('ecr.example.com/team/app:1.0'));
    expect(code).toBe(0);
    const response = JSON.parse(stdout);
    expect(Object.keys(response)).toEqual(['apiVersion', 'kind', 'cacheKeyType', 'cacheDuration', 'auth']);
    expect(response).toMatchObject({
      apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      kind: 'CredentialProviderResponse',
      cacheKeyType: 'Registry',
      cacheDuration: '6h0m0s',
    });
    expect(Object.keys(response.auth)).toEqual(['ecr.example.com']);
    expect(response.auth['ecr.example.com'].username).toBe('AWS');
    expect(isSecret(response.auth['ecr.example.com'].password, h.password(1))).toBe(true);
    h.now = T0 + 2 * HOUR;
    expect(JSON.parse((await h.run(['kubelet'], request('ecr.example.com/app'))).stdout).cacheDuration).toBe('4h0m0s');
  });

  it('answers in the apiVersion it was asked in', async () => {
    const h = harness({ 'ecr.example.com:8443': REGISTRY });
    const response = JSON.parse((await h.run(['kubelet'], request('ecr.example.com:8443/app', 'credentialprovider.kubelet.k8s.io/v1beta1'))).stdout);
    expect(response.apiVersion).toBe('credentialprovider.kubelet.k8s.io/v1beta1');
    expect(Object.keys(response.auth)).toEqual(['ecr.example.com:8443']);
  });

  it('asks the kubelet to come back within a minute when it hands out a stale token', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    await h.run(['kubelet'], request('ecr.example.com/app'));
    h.fail = new TokenError('down');
    h.now = T0 + 7 * HOUR;
    expect(JSON.parse((await h.run(['kubelet'], request('ecr.example.com/app'))).stdout).cacheDuration).toBe('1m0s');
  });

  it('returns empty auth, not cached, for an image it has no mapping for', async () => {
    const h = harness({ 'ecr.example.com': REGISTRY });
    const { code, stdout } = await h.run(['kubelet'], request('docker.io/library/busybox'));
    expect(code).toBe(0);
    expect(JSON.parse(stdout)).toEqual({
      apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      kind: 'CredentialProviderResponse',
      cacheKeyType: 'Registry',
      cacheDuration: '0s',
      auth: {},
    });
  });

  it.each([
    ['not JSON', 'image: x', /not JSON/],
    ['another kind', JSON.stringify({ apiVersion: 'credentialprovider.kubelet.k8s.io/v1', kind: 'Pod', image: 'x/y' }), /kind CredentialProviderRequest/],
    ['an unknown apiVersion', request('ecr.example.com/app', 'credentialprovider.kubelet.k8s.io/v2'), /unsupported apiVersion/],
    ['no image', JSON.stringify({ apiVersion: 'credentialprovider.kubelet.k8s.io/v1', kind: 'CredentialProviderRequest' }), /no image/],
  ])('fails with exit 1, empty stdout and the reason on stderr for %s', async (_, stdin, reason) => {
    const { code, stdout, stderr } = await harness({ 'ecr.example.com': REGISTRY }).run(['kubelet'], stdin);
    expect([code, stdout]).toEqual([1, '']);
    expect(stderr).toMatch(reason);
  });
});

describe('init', () => {
  const configFile = (h: { home: string }) => join(h.home, '.ecr', 'custom.json');

  it('creates the config from flags when stdin is not a terminal', async () => {
    const h = harness();
    const { code, stdout } = await h.run(['init', '--alias', 'https://ecr.example.com/', '--registry', REGISTRY]);
    expect(code).toBe(0);
    expect(stdout).toContain(`added ecr.example.com -> ${REGISTRY}`);
    expect(JSON.parse(readFileSync(configFile(h), 'utf8'))).toEqual({ 'ecr.example.com': REGISTRY });
  });

  it('merges into an existing file, keeping other entries as written, and replaces the same alias', async () => {
    const existing = { 'a.example.com': { registry: OTHER, profile: 'prod' }, 'ecr.example.com': OTHER };
    const h = harness(existing);
    const { code, stdout } = await h.run(['init', '--alias', 'ecr.example.com', '--registry', '127.0.0.5:5000', '--region', 'us-west-2', '--profile', 'dev']);
    expect(code).toBe(0);
    expect(stdout).toContain('updated ecr.example.com');
    expect(JSON.parse(readFileSync(configFile(h), 'utf8'))).toEqual({
      'a.example.com': { registry: OTHER, profile: 'prod' },
      'ecr.example.com': { registry: '127.0.0.5:5000', region: 'us-west-2', profile: 'dev' },
    });
  });

  it.each([
    ['a malformed file', '{"a.example.com": '],
    ['a file with a bad entry', '{"a.example.com": "registry.example.com"}'],
  ])('refuses to touch %s', async (_, text) => {
    const h = harness(text);
    const { code, stderr } = await h.run(['init', '--alias', 'ecr.example.com', '--registry', REGISTRY]);
    expect(code).toBe(1);
    expect(stderr).toContain(configFile(h));
    expect(readFileSync(configFile(h), 'utf8')).toBe(text);
  });

  it.each([
    [['init'], /needs --alias HOST and --registry HOST/],
    [['init', '--alias', 'ecr.example.com'], /needs --alias HOST and --registry HOST/],
    [['init', '--alias', 'ecr.example.com', '--registry', 'registry.example.com'], /not an ECR host/],
    [['init', '--bogus'], /Unknown option '--bogus'/],
  ])('fails with exit 1 for %j without a terminal', async (argv, reason) => {
    const h = harness();
    const { code, stderr } = await h.run(argv);
    expect(code).toBe(1);
    expect(stderr).toMatch(reason);
    expect(existsSync(configFile(h))).toBe(false);
  });

  it('asks for what the flags do not give when stdin is a terminal', async () => {
    const h = harness();
    const questions: string[] = [];
    const answers = ['ecr.example.com', REGISTRY, '', 'prod'];
    const { code } = await h.run(['init'], '', {}, {
      stdin: { isTTY: true, read: async () => '' },
      prompt: async (question) => {
        questions.push(question);
        return answers.shift() ?? '';
      },
    });
    expect(code).toBe(0);
    expect(questions).toHaveLength(4);
    expect(questions[2]).toContain('[us-east-1]');
    expect(JSON.parse(readFileSync(configFile(h), 'utf8'))).toEqual({ 'ecr.example.com': { registry: REGISTRY, profile: 'prod' } });
  });
});
