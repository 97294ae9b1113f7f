import { describe, expect, it } from 'vitest';
import { parseServeArgs, run, USAGE } from '../../src/serve/cli.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

function io(env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '' };
  return {
    out,
    io: {
      env,
      stdout: { write: (text: string) => (out.stdout += text) },
      stderr: { write: (text: string) => (out.stderr += text) },
      shutdown: new AbortController().signal,
      packaged: () => {
        throw new Error('help asks for no packaged file');
      },
      version: 'ecr-custom-domain test',
    },
  };
}

describe('ecr-custom-domain serve arguments', () => {
  it.each([[['--help']], [['-h']], [['serve', '--help']], [['serve', '-h']], [['serve', '--listen', '127.0.0.1:1', '-h']]])('answers %j with the usage on stdout and exit 0', async (argv) => {
    const { io: cli, out } = io();
    expect(await run(argv, cli)).toBe(0);
    expect(out).toEqual({ stdout: USAGE, stderr: '' });
  });

  it('documents --help and --handler in the usage', () => {
    expect(USAGE).toMatch(/ecr-custom-domain \[serve\] --help/);
    expect(USAGE).toMatch(/--handler FILE [^]*reads its configuration from serve's environment\s+\(ECR_REGISTRY, ACCESS, PUBLIC_REPOSITORIES, PUBLIC_REPOSITORY_TAG, PUBLIC_AUTH,\s+BASIC_AUTH_\*\)/);
  });

  it('takes the alias configuration from the flags, whatever the environment says', () => {
    const args = parseServeArgs(['--registry', registry, '--access', 'public', '--repositories', 'app'], { ECR_REGISTRY: 'other.example.com', ACCESS: 'private' });
    expect(args).toMatchObject({ registry, alias: { registry, public: { repositories: ['app'], auth: 'none', region: 'us-east-1' } } });
    expect(parseServeArgs(['--registry', registry], { ACCESS: 'public' })).toMatchObject({ alias: { registry } });
    expect(parseServeArgs(['--registry', registry], { ACCESS: 'public' })).not.toHaveProperty('alias.public');
  });

  it('with --handler, reads the configuration from the environment, as the bundle will', () => {
    const args = parseServeArgs(['--handler', 'bundle.js'], { ECR_REGISTRY: registry, ACCESS: 'public', PUBLIC_REPOSITORIES: 'team/*' });
    expect(args).toMatchObject({ handlerPath: 'bundle.js', registry, alias: { registry, public: { repositories: ['team/*'] } } });
  });

  it.each(['--registry', '--access', '--repositories', '--repository-tag', '--repository-tag-ttl', '--auth', '--basic-auth-file', '--basic-auth-ssm-parameter', '--basic-auth-secret-id'])(
    'refuses %s with --handler, naming the environment to set instead',
    (flag) => {
      expect(() => parseServeArgs(['--handler', 'bundle.js', flag, 'x'], { ECR_REGISTRY: registry })).toThrow(
        new RegExp(`^${flag} configures the alias built into serve: a bundle given with --handler reads its configuration from serve's environment, as in Lambda, so set ECR_REGISTRY, ACCESS, PUBLIC_REPOSITORIES, PUBLIC_REPOSITORY_TAG, PUBLIC_AUTH and BASIC_AUTH_\\* there instead$`),
      );
    },
  );

  it('publishes by tag with --repository-tag, alone or beside --repositories, with its TTL', () => {
    expect(parseServeArgs(['--registry', registry, '--access', 'public', '--repository-tag', 'team=public'], {})).toMatchObject({
      alias: { public: { repositories: [], repositoryTag: { key: 'team', value: 'public' } } },
    });
    const both = parseServeArgs(['--registry', registry, '--access', 'public', '--repositories', 'app', '--repository-tag', 'a:b=c=d', '--repository-tag-ttl', '5'], {});
    expect(both).toMatchObject({ alias: { public: { repositories: ['app'], repositoryTag: { key: 'a:b', value: 'c=d' }, repositoryTagTtlSeconds: 5 } } });
    expect(parseServeArgs(['--registry', registry, '--access', 'public', '--repositories', 'app'], {})).not.toHaveProperty('alias.public.repositoryTag');
  });

  it.each([
    [['--access', 'public'], /^--access public needs --repositories, e\.g\. --repositories 'app,team\/\*', or --repository-tag, e\.g\. --repository-tag public=true$/],
    [['--repository-tag', 'team=public'], /^--repository-tag goes with --access public$/],
    [['--access', 'public', '--repository-tag', 'public'], /^--repository-tag must be KEY=VALUE/],
    [['--access', 'public', '--repository-tag', 'aws:team=x'], /^--repository-tag has "aws:team=x": the prefix aws: is reserved/],
    [['--access', 'public', '--repositories', 'app', '--repository-tag-ttl', '5'], /^--repository-tag-ttl goes with --repository-tag$/],
    [['--access', 'public', '--repository-tag', 't=v', '--repository-tag-ttl', '0'], /^--repository-tag-ttl must be a whole number of seconds from 1 to 3600/],
    [['--access', 'public', '--repository-tag', 't=v', '--repository-tag-ttl', '1.5'], /^--repository-tag-ttl must be a whole number/],
    [['--front-door', 'cloudfront', '--repository-tag', 't=v'], /^--repository-tag goes with --front-door api-gateway or proxy/],
  ])('refuses %j with one line', (args, message) => {
    expect(() => parseServeArgs(['--registry', registry, ...args], {})).toThrow(message);
  });

  it('documents --repository-tag and its TTL in the usage', () => {
    expect(USAGE).toMatch(/--repository-tag KEY=VALUE\n\s+public: also serve every repository carrying this ECR resource tag/);
    expect(USAGE).toMatch(/--repository-tag-ttl SECONDS\n\s+public: a tag added or removed shows within this long, 1 to 3600 \(default 60\)/);
  });
});
