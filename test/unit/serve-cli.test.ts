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

  it.each(['--registry', '--access', '--repositories', '--auth', '--basic-auth-file', '--basic-auth-ssm-parameter', '--basic-auth-secret-id'])(
    'refuses %s with --handler, naming the environment to set instead',
    (flag) => {
      expect(() => parseServeArgs(['--handler', 'bundle.js', flag, 'x'], { ECR_REGISTRY: registry })).toThrow(
        new RegExp(`^${flag} configures the alias built into serve: a bundle given with --handler reads its configuration from serve's environment, as in Lambda, so set ECR_REGISTRY, ACCESS, PUBLIC_REPOSITORIES, PUBLIC_REPOSITORY_TAG, PUBLIC_AUTH and BASIC_AUTH_\\* there instead$`),
      );
    },
  );
});
