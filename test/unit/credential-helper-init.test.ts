import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { type HelperIo, run } from '../../src/credential-helper/cli.ts';
import { dockerConfigPath, mergeCredHelpers, mergeKubeletConfig, podmanAuthPath, provider } from '../../src/credential-helper/client-config.ts';

const ALIAS = 'ecr.example.com';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const HOSTS = [ALIAS, REGISTRY];
const FILE = '/x/config.json';
const CONFIG = '/home/u/.ecr/custom.json';

const temps: string[] = [];
afterEach(() => {
  for (const dir of temps.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('credHelpers merge (docker config.json, podman auth.json)', () => {
  const both = { [ALIAS]: 'ecr-custom', [REGISTRY]: 'ecr-custom' };
  it.each([
    ['a missing file', undefined, { credHelpers: both }],
    ['an empty file', '', { credHelpers: both }],
    ['a blank file', ' \n', { credHelpers: both }],
    ['a file without credHelpers, keeping its other keys', '{"auths":{"quay.io":{"auth":"c2VjcmV0"}},"credsStore":"pass"}', { auths: { 'quay.io': { auth: 'c2VjcmV0' } }, credsStore: 'pass', credHelpers: both }],
    ['credHelpers for other hosts, which stay', '{"credHelpers":{"gcr.io":"gcloud"}}', { credHelpers: { 'gcr.io': 'gcloud', ...both } }],
    ['another helper for the alias, which is replaced', `{"credHelpers":{"${ALIAS}":"ecr-login"}}`, { credHelpers: both }],
    ['only the alias present', `{"credHelpers":{"${ALIAS}":"ecr-custom"}}`, { credHelpers: both }],
  ])('writes both hosts into %s', (_, text, expected) => {
    const merged = mergeCredHelpers(text, FILE, HOSTS);
    expect(merged).toBeDefined();
    expect(JSON.parse(merged ?? '')).toEqual(expected);
    expect(mergeCredHelpers(merged, FILE, HOSTS)).toBeUndefined();
  });

  it('changes nothing when both entries are already there, however the file is formatted', () => {
    expect(mergeCredHelpers(`{ "credHelpers" : { "${REGISTRY}":"ecr-custom","${ALIAS}":"ecr-custom" } }`, FILE, HOSTS)).toBeUndefined();
  });

  it('keeps the indentation the file uses, tabs by default as docker writes them', () => {
    expect(mergeCredHelpers(undefined, FILE, HOSTS)).toMatch(/^\{\n\t"credHelpers": \{\n\t\t"/);
    expect(mergeCredHelpers('{\n    "auths": {}\n}\n', FILE, HOSTS)).toMatch(/^\{\n {4}"auths": \{\},\n {4}"credHelpers"/);
  });

  it.each([
    ['unparseable JSON', '{"auths": {"quay.io": {"auth": "c2VjcmV0"}', /^\/x\/config\.json: invalid JSON at line 1 column \d+; fix it/],
    ['a JSON array', '[]', /^\/x\/config\.json: must be a JSON object$/],
    ['credHelpers that is not an object', '{"credHelpers": ["a"]}', /"credHelpers" must be an object/],
  ])('refuses %s with one line naming the file', (_, text, message) => {
    expect(() => mergeCredHelpers(text, FILE, HOSTS)).toThrow(message);
  });

  it('never quotes the file in its refusal (docker configs hold auths)', () => {
    let message = '';
    try {
      mergeCredHelpers('{"auths": {"quay.io": {"auth": "c2VjcmV0"}}} trailing', FILE, HOSTS);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/invalid JSON/);
    expect(message).not.toContain('c2VjcmV0');
    expect(message).not.toContain('\n');
  });
});

describe('kubelet CredentialProviderConfig merge', () => {
  const ours = provider(HOSTS, CONFIG);
  const fresh = { apiVersion: 'kubelet.config.k8s.io/v1', kind: 'CredentialProviderConfig', providers: [ours] };
  const other = { name: 'ecr-credential-provider', matchImages: ['*.dkr.ecr.*.amazonaws.com'], defaultCacheDuration: '12h', apiVersion: 'credentialprovider.kubelet.k8s.io/v1' };

  it('describes the provider as the kubelet runs it', () => {
    expect(ours).toEqual({
      name: 'docker-credential-ecr-custom',
      matchImages: HOSTS,
      defaultCacheDuration: '6h',
      apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
      args: ['kubelet'],
      env: [{ name: 'AWS_ECR_CUSTOM_CONFIG', value: CONFIG }],
    });
  });

  it.each([
    ['a missing file', undefined, fresh],
    ['an empty file', '', fresh],
    ['a file with other providers and unknown keys, which stay', JSON.stringify({ apiVersion: 'kubelet.config.k8s.io/v1', kind: 'CredentialProviderConfig', providers: [other], extra: 1 }), { ...fresh, providers: [other, ours], extra: 1 }],
    [
      'our provider for another alias: the hosts join matchImages, the user settings stay',
      JSON.stringify({ kind: 'CredentialProviderConfig', apiVersion: 'kubelet.config.k8s.io/v1beta1', providers: [{ name: 'docker-credential-ecr-custom', matchImages: ['old.example.com'], defaultCacheDuration: '1h', args: ['kubelet'], apiVersion: 'credentialprovider.kubelet.k8s.io/v1beta1', env: [{ name: 'AWS_ECR_CUSTOM_CONFIG', value: CONFIG }, { name: 'AWS_PROFILE', value: 'nodes' }], tokenAttributes: { x: 1 } }] }),
      {
        kind: 'CredentialProviderConfig',
        apiVersion: 'kubelet.config.k8s.io/v1beta1',
        providers: [{ name: 'docker-credential-ecr-custom', matchImages: ['old.example.com', ...HOSTS], defaultCacheDuration: '1h', args: ['kubelet'], apiVersion: 'credentialprovider.kubelet.k8s.io/v1beta1', env: [{ name: 'AWS_ECR_CUSTOM_CONFIG', value: CONFIG }, { name: 'AWS_PROFILE', value: 'nodes' }], tokenAttributes: { x: 1 } }],
      },
    ],
    ['our provider without env: the config file is named', JSON.stringify({ providers: [{ name: 'docker-credential-ecr-custom', matchImages: HOSTS }] }), { ...fresh, providers: [{ name: 'docker-credential-ecr-custom', matchImages: HOSTS, defaultCacheDuration: '6h', apiVersion: 'credentialprovider.kubelet.k8s.io/v1', args: ['kubelet'], env: ours.env }] }],
  ])('adds the provider to %s', (_, text, expected) => {
    const merged = mergeKubeletConfig(text, FILE, HOSTS, CONFIG);
    expect(JSON.parse(merged ?? '')).toEqual(expected);
    expect(mergeKubeletConfig(merged, FILE, HOSTS, CONFIG)).toBeUndefined();
  });

  it.each([
    ['unparseable JSON', '{"providers": [', /^\/x\/config\.json: invalid JSON \(it ends early\); fix it/],
    ['JSON with a stray comma', '{\n  "providers": [],\n}', /^\/x\/config\.json: invalid JSON at line 3 column 1; fix it/],
    ['YAML', 'apiVersion: kubelet.config.k8s.io/v1\nkind: CredentialProviderConfig\n', /^\/x\/config\.json: YAML is not supported, only JSON \(the kubelet reads both\): convert it/],
    ['another kind', '{"kind": "KubeletConfiguration"}', /kind is "KubeletConfiguration", expected "CredentialProviderConfig"/],
    ['providers that is not a list', '{"providers": {}}', /"providers" must be a list of objects/],
    ['matchImages that is not a list', '{"providers": [{"name": "docker-credential-ecr-custom", "matchImages": "x"}]}', /"matchImages" must be a list/],
    ['a provider reading another helper config', JSON.stringify({ providers: [{ ...ours, env: [{ name: 'AWS_ECR_CUSTOM_CONFIG', value: '/etc/ecr.json' }] }] }), /reads AWS_ECR_CUSTOM_CONFIG=\/etc\/ecr\.json, not \/home\/u\/\.ecr\/custom\.json: run init with AWS_ECR_CUSTOM_CONFIG=\/etc\/ecr\.json/],
  ])('refuses %s', (_, text, message) => {
    expect(() => mergeKubeletConfig(text, FILE, HOSTS, CONFIG)).toThrow(message);
  });
});

describe('client config paths', () => {
  it.each([
    [{ HOME: '/h' }, '/h/.docker/config.json', '/h/.config/containers/auth.json'],
    [{ HOME: '/h', DOCKER_CONFIG: '/d', XDG_RUNTIME_DIR: '/run/user/1' }, '/d/config.json', '/run/user/1/containers/auth.json'],
    [{ HOME: '/h', XDG_RUNTIME_DIR: '/run/user/1', REGISTRY_AUTH_FILE: '/a.json' }, '/h/.docker/config.json', '/a.json'],
  ])('finds docker and podman files for %j', (env, docker, podman) => {
    expect([dockerConfigPath(env), podmanAuthPath(env)]).toEqual([docker, podman]);
  });
});

/** `init` through the CLI with a temp HOME; every client file lives under it. */
function harness() {
  const home = mkdtempSync(join(tmpdir(), 'dcec-init-'));
  temps.push(home);
  const env = { HOME: home, DOCKER_CONFIG: join(home, 'docker'), REGISTRY_AUTH_FILE: join(home, 'containers', 'auth.json') };
  const files = {
    helper: join(home, '.ecr', 'custom.json'),
    docker: join(home, 'docker', 'config.json'),
    podman: join(home, 'containers', 'auth.json'),
    kubelet: join(home, 'kubelet', 'credential-providers.json'),
  };
  const run_ = async (argv: string[]) => {
    let stdout = '';
    let stderr = '';
    const io: HelperIo = {
      env,
      stdin: { isTTY: false, read: async () => '' },
      stdout: { write: (text: string) => (stdout += text) },
      stderr: { write: (text: string) => (stderr += text) },
      now: () => 0,
      version: '9.9.9',
    };
    const code = await run(argv, io);
    return { code, stdout, stderr };
  };
  const snapshot = () => Object.fromEntries(Object.entries(files).map(([name, file]) => [name, existsSync(file) ? readFileSync(file, 'utf8') : undefined]));
  return { home, files, run: run_, snapshot };
}

const ALL = ['init', '--alias', ALIAS, '--registry', REGISTRY, '--docker', '--podman'];

describe('init --docker --podman --kubelet', () => {
  it('writes every client file, one line each, and a second run changes no byte', async () => {
    const h = harness();
    const argv = [...ALL, '--kubelet', h.files.kubelet];
    const first = await h.run(argv);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout.trim().split('\n')).toEqual([
      `added ${ALIAS} -> ${REGISTRY} in ${h.files.helper}`,
      `wrote ${h.files.docker} (credHelpers ${ALIAS}, ${REGISTRY} -> ecr-custom)`,
      `wrote ${h.files.podman} (credHelpers ${ALIAS}, ${REGISTRY} -> ecr-custom)`,
      `wrote ${h.files.kubelet} (provider docker-credential-ecr-custom for ${ALIAS}, ${REGISTRY})`,
    ]);
    expect(JSON.parse(readFileSync(h.files.docker, 'utf8'))).toEqual({ credHelpers: { [ALIAS]: 'ecr-custom', [REGISTRY]: 'ecr-custom' } });
    expect(JSON.parse(readFileSync(h.files.kubelet, 'utf8')).providers[0].env).toEqual([{ name: 'AWS_ECR_CUSTOM_CONFIG', value: h.files.helper }]);
    expect(statSync(h.files.docker).mode & 0o777).toBe(0o600);
    expect(statSync(join(h.home, 'docker')).mode & 0o777).toBe(0o700);
    expect(statSync(h.files.kubelet).mode & 0o777).toBe(0o644);

    const before = h.snapshot();
    const mtimes = Object.values(h.files).map((file) => statSync(file).mtimeMs);
    const second = await h.run(argv);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout.trim().split('\n')).toEqual([
      `${h.files.helper} is up to date (${ALIAS} -> ${REGISTRY})`,
      `${h.files.docker} is up to date (credHelpers ${ALIAS}, ${REGISTRY} -> ecr-custom)`,
      `${h.files.podman} is up to date (credHelpers ${ALIAS}, ${REGISTRY} -> ecr-custom)`,
      `${h.files.kubelet} is up to date (provider docker-credential-ecr-custom for ${ALIAS}, ${REGISTRY})`,
    ]);
    expect(h.snapshot()).toEqual(before);
    expect(Object.values(h.files).map((file) => statSync(file).mtimeMs)).toEqual(mtimes);
  });

  it('keeps the mode of an existing file and the entries in it, and leaves no temp file', async () => {
    const h = harness();
    mkdirSync(join(h.home, 'docker'));
    writeFileSync(h.files.docker, '{\n\t"auths": {\n\t\t"quay.io": {}\n\t},\n\t"credHelpers": {\n\t\t"gcr.io": "gcloud"\n\t}\n}\n', { mode: 0o640 });
    const result = await h.run(['init', '--alias', ALIAS, '--registry', REGISTRY, '--docker']);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(h.files.docker, 'utf8')).toBe(
      `{\n\t"auths": {\n\t\t"quay.io": {}\n\t},\n\t"credHelpers": {\n\t\t"gcr.io": "gcloud",\n\t\t"${ALIAS}": "ecr-custom",\n\t\t"${REGISTRY}": "ecr-custom"\n\t}\n}\n`,
    );
    expect(statSync(h.files.docker).mode & 0o777).toBe(0o640);
    expect(readdirSync(join(h.home, 'docker'))).toEqual(['config.json']);
  });

  it('writes through a symlinked config to the file it points at', async () => {
    const h = harness();
    mkdirSync(join(h.home, 'docker'));
    mkdirSync(join(h.home, 'dotfiles'));
    writeFileSync(join(h.home, 'dotfiles', 'docker.json'), '{}');
    symlinkSync(join(h.home, 'dotfiles', 'docker.json'), h.files.docker);
    expect((await h.run(['init', '--alias', ALIAS, '--registry', REGISTRY, '--docker'])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(h.home, 'dotfiles', 'docker.json'), 'utf8')).credHelpers[ALIAS]).toBe('ecr-custom');
  });

  it.each([
    ['docker', 'docker', '{"credHelpers": '],
    ['podman', 'podman', '[1]'],
    ['kubelet', 'kubelet', 'providers:\n  - name: x\n'],
    ['helper config', 'helper', '{"a.example.com": '],
  ] as const)('writes nothing anywhere when the %s file is bad', async (_, which, text) => {
    const h = harness();
    mkdirSync(join(h.files[which], '..'), { recursive: true });
    writeFileSync(h.files[which], text);
    const before = h.snapshot();
    const result = await h.run([...ALL, '--kubelet', h.files.kubelet]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain(h.files[which]);
    expect(h.snapshot()).toEqual(before);
  });

  it('points at the client flags when none is given', async () => {
    const h = harness();
    const { code, stdout } = await h.run(['init', '--alias', ALIAS, '--registry', REGISTRY]);
    expect(code).toBe(0);
    expect(stdout).toContain('run init again with --docker, --podman or --kubelet FILE');
    expect(existsSync(h.files.docker)).toBe(false);
  });

  it('refuses --kubelet without a file', async () => {
    const h = harness();
    const { code, stderr } = await h.run(['init', '--alias', ALIAS, '--registry', REGISTRY, '--kubelet', '']);
    expect(code).toBe(1);
    expect(stderr).toContain('--kubelet needs a FILE');
  });
});
