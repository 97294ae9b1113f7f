/**
 * The built bin/docker-credential-ecr-custom as real processes, with the real AWS SDK, against an
 * ECR API stand-in on 127.0.0.4 reached through AWS_ENDPOINT_URL_ECR.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TOKEN_CALL_LIMITS } from '../../src/credential-helper/aws.ts';
import { type EcrApiStandIn, startEcrApiStandIn } from '../support/ecr-api-stand-in.ts';
import { outcomeOf, ROOT } from '../support/processes.ts';

const BIN = `${ROOT}bin/docker-credential-ecr-custom`;
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const ACCESS_KEY_ID = 'AKIDSTANDINEXAMPLE';
const SECRET_ACCESS_KEY = 'stand-in-secret-access-key';
const PASSWORD = 'first-stand-in-password';

let api: EcrApiStandIn;
const temps: string[] = [];

beforeAll(async () => {
  api = await startEcrApiStandIn({ host: '127.0.0.4', password: PASSWORD });
});
afterAll(async () => {
  await api.close();
});
afterEach(() => {
  api.calls.length = 0;
  api.setMode('ok');
  api.setDelay(0);
  api.setToken({ password: PASSWORD, expiresInMs: 12 * 3600_000 });
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** A temp HOME holding `config` as ~/.ecr/custom.json (a string is written as is). */
function home(config?: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'dcec-int-'));
  temps.push(dir);
  if (config !== undefined) {
    mkdirSync(join(dir, '.ecr'));
    writeFileSync(join(dir, '.ecr', 'custom.json'), typeof config === 'string' ? config : JSON.stringify(config));
  }
  return dir;
}

function spawnHelper(homeDir: string, args: string[], env: Record<string, string> = {}) {
  return spawn(BIN, args, {
    env: {
      PATH: process.env.PATH,
      HOME: homeDir,
      AWS_ACCESS_KEY_ID: ACCESS_KEY_ID,
      AWS_SECRET_ACCESS_KEY: SECRET_ACCESS_KEY,
      AWS_ENDPOINT_URL_ECR: api.url,
      AWS_EC2_METADATA_DISABLED: 'true',
      ...env,
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
}

function helper(homeDir: string, args: string[], stdin: string, env: Record<string, string> = {}): Promise<Result> {
  return outcomeOf(spawnHelper(homeDir, args, env), stdin);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Parses a `get` answer; compares the secret without printing it. */
function answer(result: Result): { ServerURL?: string; Username?: string; Secret?: string } {
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout.endsWith('\n')).toBe(true);
  expect(result.stdout.trimEnd().split('\n')).toHaveLength(1);
  return JSON.parse(result.stdout);
}

function expectNoSecrets(result: Result, ...secrets: string[]): void {
  for (const secret of [SECRET_ACCESS_KEY, ...secrets]) expect(result.stderr.includes(secret), 'a secret on stderr').toBe(false);
}

describe('docker-credential-ecr-custom (built) against the ECR API stand-in', () => {
  it('gets a token through AWS_ENDPOINT_URL_ECR with the real SDK, then answers from the cache', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    const first = await helper(dir, ['get'], 'https://ecr.example.com:443/\n');
    const credentials = answer(first);
    expect(credentials.ServerURL).toBe('https://ecr.example.com:443/');
    expect(credentials.Username).toBe('AWS');
    expect(credentials.Secret === PASSWORD, 'Secret is the stand-in password').toBe(true);
    expect(api.calls).toEqual([expect.objectContaining({ accessKeyId: ACCESS_KEY_ID, region: 'us-east-1' })]);
    // No noise from the SDK (Node-version warning included) on either stream.
    expect(first.stderr).toBe('');
    expectNoSecrets(first, PASSWORD);

    const second = await helper(dir, ['get'], 'ecr.example.com');
    expect(answer(second).Secret === PASSWORD).toBe(true);
    expect(api.calls).toHaveLength(1);

    const cacheDir = join(dir, '.ecr', 'custom-cache');
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    const files = readdirSync(cacheDir);
    expect(files).toHaveLength(1);
    expect(statSync(join(cacheDir, files[0] ?? '')).mode & 0o777).toBe(0o600);
    expect(files[0]).not.toContain(ACCESS_KEY_ID);
  });

  it('refuses a cached token that other users can read: a miss, rewritten privately, said once without the token', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    answer(await helper(dir, ['get'], 'ecr.example.com'));
    const cacheDir = join(dir, '.ecr', 'custom-cache');
    const file = join(cacheDir, readdirSync(cacheDir)[0] ?? '');
    // A restored backup: the same token, world-readable, in a group-writable directory.
    chmodSync(file, 0o644);
    chmodSync(cacheDir, 0o775);
    const calls = api.calls.length;
    const result = await helper(dir, ['get'], 'ecr.example.com');
    expect(answer(result).Secret === PASSWORD).toBe(true);
    expect(api.calls.length).toBe(calls + 1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/token cache .* is open to other users; ignored it and wrote a private one/);
    expectNoSecrets(result, PASSWORD);
    expect(statSync(cacheDir).mode & 0o777).toBe(0o700);
    expect(statSync(join(cacheDir, readdirSync(cacheDir)[0] ?? '')).mode & 0o777).toBe(0o600);
    // Private again: the next get answers from the cache, quietly.
    const again = await helper(dir, ['get'], 'ecr.example.com');
    expect(again.stderr).toBe('');
    expect(api.calls.length).toBe(calls + 1);
  });

  it('does not evaluate the AWS SDK on the cached path', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    // The SDK file beside the helper is the only code that loads node:https: require.cache and
    // process.moduleLoadList show what loaded.
    const probe = join(dir, 'probe.cjs');
    writeFileSync(probe, "process.on('exit', () => require('fs').writeFileSync(process.env.PROBE_OUT, [...process.moduleLoadList, ...Object.keys(require.cache)].join('\\n')));\n");
    const loaded = async (out: string) => {
      const result = await helper(dir, ['get'], 'ecr.example.com', { NODE_OPTIONS: `--require ${probe}`, PROBE_OUT: join(dir, out) });
      answer(result);
      return readFileSync(join(dir, out), 'utf8').split('\n');
    };
    const cold = await loaded('cold.txt');
    const cached = await loaded('cached.txt');
    expect(api.calls).toHaveLength(1);
    const sdk = (lines: string[]) => lines.filter((line) => line.endsWith('/aws-sdk-client-ecr.cjs'));
    expect(sdk(cold)).toHaveLength(1);
    expect(cold).toContain('NativeModule https');
    expect(sdk(cached)).toEqual([]);
    expect(cached).not.toContain('NativeModule https');
    expect(cached).not.toContain('NativeModule http2');
    expect(cached).not.toContain('NativeModule zlib');
  });

  it('makes at most 2 API calls for 20 parallel cold gets', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    api.setDelay(500);
    const results = await Promise.all(Array.from({ length: 20 }, () => helper(dir, ['get'], 'ecr.example.com')));
    for (const result of results) expect(answer(result).Secret === PASSWORD).toBe(true);
    expect(api.calls.length).toBeGreaterThanOrEqual(1);
    expect(api.calls.length).toBeLessThanOrEqual(2);
    expect(readdirSync(join(dir, '.ecr', 'custom-cache')).filter((f) => f.endsWith('.lock'))).toEqual([]);
  });

  it('ends 20 parallel cold gets within 30 s when the ECR API never answers, each with one line naming the problem and the fix', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    api.setMode('stall');
    const started = Date.now();
    const children = Array.from({ length: 20 }, () => spawnHelper(dir, ['get']));
    // A helper that hangs is killed (by its PID) at the bound, so the test fails instead of waiting forever.
    const bound = setTimeout(() => children.forEach((child) => child.exitCode === null && child.kill('SIGKILL')), 30_000);
    const results = await Promise.all(children.map((child) => outcomeOf(child, 'ecr.example.com').then((result) => ({ ...result, ms: Date.now() - started }))));
    clearTimeout(bound);
    const line = /^GetAuthorizationToken in us-east-1 got no answer within 8 s: check that this machine reaches the ECR API \(proxy, firewall, VPC endpoint, AWS_ENDPOINT_URL_ECR\) and try again\n$/;
    for (const result of results) {
      expect(result.ms).toBeLessThan(30_000);
      expect(result.code).toBe(1);
      expect(result.stdout).toMatch(line);
      expect(result.stderr.split('\n').filter(Boolean)).toEqual([`docker-credential-ecr-custom: ${result.stdout.trimEnd()}`]);
      expect(result.stdout).not.toContain('Secret');
      expectNoSecrets(result, PASSWORD);
    }
    // The lock still makes one process ask (its attempts are the calls): the others share its failure.
    expect(api.calls.length).toBeGreaterThanOrEqual(1);
    expect(api.calls.length).toBeLessThanOrEqual(TOKEN_CALL_LIMITS.maxAttempts);
    expect(readdirSync(join(dir, '.ecr', 'custom-cache')).filter((f) => f.endsWith('.lock'))).toEqual([]);
  }, 60_000);

  it('refreshes a token after half its life and hands out the new one', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    api.setToken({ expiresInMs: 6_000 });
    const started = Date.now();
    expect(answer(await helper(dir, ['get'], 'ecr.example.com')).Secret === PASSWORD).toBe(true);
    // The token was issued between started and now: fresh until 3 s after the first, stale 3 s after the second.
    const issued = Date.now();
    api.setToken({ password: 'second-stand-in-password' });
    expect(answer(await helper(dir, ['get'], 'ecr.example.com')).Secret === PASSWORD).toBe(true);
    expect(Date.now() - started).toBeLessThan(3_000);
    expect(api.calls).toHaveLength(1);
    await sleep(3_300 - (Date.now() - issued));
    expect(answer(await helper(dir, ['get'], 'ecr.example.com')).Secret === 'second-stand-in-password').toBe(true);
    expect(api.calls).toHaveLength(2);
  });

  it('falls back to the cached token while the API fails, and fails once it is too old', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    api.setToken({ expiresInMs: 8_000 });
    answer(await helper(dir, ['get'], 'ecr.example.com'));
    // The token was issued at the latest now: a slow first run on a loaded machine must not leave it younger than the checks assume.
    const started = Date.now();
    api.setMode('server-error');
    // Fresh for 4 s, then stale but usable until 95 % of its life, 7.6 s.
    await sleep(4_300 - (Date.now() - started));
    const stale = await helper(dir, ['get'], 'ecr.example.com');
    expect(answer(stale).Secret === PASSWORD, 'the stale token').toBe(true);
    expect(stale.stderr).toContain('ServerException');
    expect(stale.stderr).toContain('using the cached token');
    expectNoSecrets(stale, PASSWORD);
    expect(api.calls.filter((c) => c.mode === 'server-error').length).toBeGreaterThanOrEqual(1);

    await sleep(7_900 - (Date.now() - started));
    const expired = await helper(dir, ['get'], 'ecr.example.com');
    expect(expired.code).toBe(1);
    expect(expired.stdout).toMatch(/^GetAuthorizationToken in us-east-1 failed: ServerException: stand-in server error\n$/);
    expectNoSecrets(expired, PASSWORD);
  });

  it('fails with exit 1 and a one-line error on stdout when AWS denies the call', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    api.setMode('access-denied');
    const result = await helper(dir, ['get'], 'ecr.example.com');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('GetAuthorizationToken in us-east-1 failed: AccessDeniedException: stand-in denies ecr:GetAuthorizationToken\n');
    expect(result.stderr).toContain('AccessDeniedException');
    expect(api.calls).toHaveLength(1);
  });

  it('uses the profile and region of the entry', async () => {
    const dir = home({ 'ecr.example.com': { registry: '127.0.0.5:5000', region: 'eu-west-1', profile: 'ci' } });
    mkdirSync(join(dir, '.aws'));
    writeFileSync(join(dir, '.aws', 'credentials'), '[ci]\naws_access_key_id = AKIDPROFILECI\naws_secret_access_key = profile-secret\n');
    const result = await helper(dir, ['get'], 'ecr.example.com');
    answer(result);
    expect(api.calls).toEqual([expect.objectContaining({ accessKeyId: 'AKIDPROFILECI', region: 'eu-west-1' })]);
    expectNoSecrets(result, 'profile-secret');
  });

  it('bypasses the cache with AWS_ECR_CUSTOM_DISABLE_CACHE=1', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    for (let i = 0; i < 2; i++) answer(await helper(dir, ['get'], 'ecr.example.com', { AWS_ECR_CUSTOM_DISABLE_CACHE: '1' }));
    expect(api.calls).toHaveLength(2);
    expect(readdirSync(join(dir, '.ecr'))).toEqual(['custom.json']);
  });

  it('reports a malformed config in one line naming the file', async () => {
    const dir = home('{"ecr.example.com": {"registry": "registry.example.com"}}');
    const result = await helper(dir, ['get'], 'ecr.example.com');
    expect(result.code).toBe(1);
    expect(result.stdout).toBe(
      `${join(dir, '.ecr', 'custom.json')}: "ecr.example.com" registry registry.example.com is not an ECR host (<account>.dkr.ecr.<region>.amazonaws.com): add "region"\n`,
    );
    expect(api.calls).toHaveLength(0);
  });

  it('goes on without a corrupt cache file', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    answer(await helper(dir, ['get'], 'ecr.example.com'));
    const cacheDir = join(dir, '.ecr', 'custom-cache');
    for (const file of readdirSync(cacheDir)) writeFileSync(join(cacheDir, file), '{"version":1,"token":{"username":');
    const result = await helper(dir, ['get'], 'ecr.example.com');
    expect(answer(result).Secret === PASSWORD).toBe(true);
    expect(result.stderr).toBe('');
    expect(api.calls).toHaveLength(2);
  });

  it('prints the not-found message for an unknown host', async () => {
    const result = await helper(home({ 'ecr.example.com': REGISTRY }), ['get'], 'docker.io');
    expect([result.code, result.stdout]).toEqual([1, 'credentials not found in native keychain\n']);
  });

  it('answers get for every key that list prints', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY, 'alias.example.org:8443': { registry: '127.0.0.5:5000', region: 'eu-west-1' } });
    const listed = await helper(dir, ['list'], 'unused');
    expect(listed.code).toBe(0);
    const keys = Object.keys(JSON.parse(listed.stdout));
    expect(keys.sort()).toEqual(['127.0.0.5:5000', REGISTRY, 'alias.example.org:8443', 'ecr.example.com'].sort());
    for (const key of keys) {
      for (const form of [key, `https://${key}`, `https://${key}/v2/`]) {
        expect(answer(await helper(dir, ['get'], form)).Username, form).toBe('AWS');
      }
    }
  });

  it('adds mappings with init when stdin is not a terminal, keeping the existing ones', async () => {
    const dir = home({ 'old.example.com': { registry: REGISTRY, profile: 'keep' } });
    const result = await helper(dir, ['init', '--alias', 'ecr.example.com', '--registry', REGISTRY], '');
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, '.ecr', 'custom.json'), 'utf8'))).toEqual({
      'old.example.com': { registry: REGISTRY, profile: 'keep' },
      'ecr.example.com': REGISTRY,
    });
    const missing = await helper(dir, ['init', '--alias', 'x.example.com'], '');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('needs --alias HOST and --registry HOST');
    expect(readdirSync(join(dir, '.ecr'))).toEqual(['custom.json']);
  });

  it('points docker, podman and the kubelet at the helper with init --docker --podman --kubelet, once', async () => {
    const dir = home();
    const auth = Buffer.from('user:docker-hub-secret').toString('base64');
    mkdirSync(join(dir, 'docker'));
    writeFileSync(join(dir, 'docker', 'config.json'), JSON.stringify({ auths: { 'docker.io': { auth } }, credHelpers: { 'gcr.io': 'gcloud' } }), { mode: 0o600 });
    const env = { DOCKER_CONFIG: join(dir, 'docker'), REGISTRY_AUTH_FILE: join(dir, 'containers', 'auth.json'), XDG_RUNTIME_DIR: join(dir, 'run') };
    const kubelet = join(dir, 'kubelet', 'credential-providers.json');
    const args = ['init', '--alias', 'ecr.example.com', '--registry', REGISTRY, '--docker', '--podman', '--kubelet', kubelet];
    const files = [join(dir, '.ecr', 'custom.json'), join(dir, 'docker', 'config.json'), join(dir, 'containers', 'auth.json'), kubelet];
    const read = () => files.map((file) => readFileSync(file, 'utf8'));

    const first = await helper(dir, args, '', env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n').map((line) => line.split(' ')[0])).toEqual(['added', 'wrote', 'wrote', 'wrote']);
    const helpers = { 'ecr.example.com': 'ecr-custom', [REGISTRY]: 'ecr-custom' };
    expect(JSON.parse(readFileSync(files[1] ?? '', 'utf8'))).toEqual({ auths: { 'docker.io': { auth } }, credHelpers: { 'gcr.io': 'gcloud', ...helpers } });
    expect(JSON.parse(readFileSync(files[2] ?? '', 'utf8'))).toEqual({ credHelpers: helpers });
    expect(JSON.parse(readFileSync(kubelet, 'utf8')).providers).toEqual([
      {
        name: 'docker-credential-ecr-custom',
        matchImages: ['ecr.example.com', REGISTRY],
        defaultCacheDuration: '6h',
        apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
        args: ['kubelet'],
        env: [{ name: 'AWS_ECR_CUSTOM_CONFIG', value: files[0] }],
      },
    ]);
    expect(statSync(files[1] ?? '').mode & 0o777).toBe(0o600);
    // Every host written into credHelpers gets an answer.
    for (const host of Object.keys(helpers)) expect(answer(await helper(dir, ['get'], host)).Username).toBe('AWS');

    const before = read();
    const second = await helper(dir, args, '', env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim().split('\n').every((line) => line.includes(' is up to date '))).toBe(true);
    expect(read()).toEqual(before);

    // One unparseable target: exit 1, one line naming it, and no file changes (not even the helper's own).
    writeFileSync(files[2] ?? '', '{"credHelpers": ');
    const broken = read();
    const refused = await helper(dir, ['init', '--alias', 'new.example.com', '--registry', REGISTRY, '--docker', '--podman', '--kubelet', kubelet], '', env);
    expect(refused.code).toBe(1);
    expect(refused.stderr.trim().split('\n')).toEqual([`docker-credential-ecr-custom: ${files[2]}: invalid JSON (it ends early); fix it, then run init again`]);
    expect(read()).toEqual(broken);
    for (const output of [first, second, refused]) expect(output.stdout + output.stderr).not.toContain(auth);
  });

  it('speaks the kubelet credential provider protocol', async () => {
    const dir = home({ 'ecr.example.com': REGISTRY });
    const request = { apiVersion: 'credentialprovider.kubelet.k8s.io/v1', kind: 'CredentialProviderRequest', image: 'ecr.example.com/team/app:1.0' };
    const result = await helper(dir, ['kubelet'], JSON.stringify(request));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toBe('');
    const response = JSON.parse(result.stdout);
    expect(response.apiVersion).toBe('credentialprovider.kubelet.k8s.io/v1');
    expect(response.kind).toBe('CredentialProviderResponse');
    expect(response.cacheKeyType).toBe('Registry');
    // Half of a 12 h token, less the seconds this test took.
    expect(response.cacheDuration).toMatch(/^(5h59m\d+s|6h0m0s)$/);
    expect(Object.keys(response.auth)).toEqual(['ecr.example.com']);
    expect(response.auth['ecr.example.com'].username).toBe('AWS');
    expect(response.auth['ecr.example.com'].password === PASSWORD).toBe(true);

    const wrong = await helper(dir, ['kubelet'], JSON.stringify({ ...request, apiVersion: 'credentialprovider.kubelet.k8s.io/v9' }));
    expect([wrong.code, wrong.stdout]).toEqual([1, '']);
    expect(wrong.stderr).toContain('unsupported apiVersion');
  });

  it('prints its version, and its usage on stdout with exit 0 when asked for help', async () => {
    const dir = home();
    const version = await helper(dir, ['version'], '');
    expect(version.code).toBe(0);
    expect(version.stdout).toMatch(/^docker-credential-ecr-custom \d+\.\d+\.\d+\n$/);
    const usage = await helper(dir, ['nonsense'], '');
    expect(usage.code).toBe(1);
    expect(usage.stderr).toContain('usage:');
    for (const args of [['--help'], ['get', '--help'], ['kubelet', '-h']]) {
      const help = await helper(dir, args, '');
      expect([help.code, help.stderr], args.join(' ')).toEqual([0, '']);
      expect(help.stdout).toMatch(new RegExp(`^usage: docker-credential-ecr-custom ${args.length > 1 ? args[0] : 'get\\|list'}`));
    }
  });
});
