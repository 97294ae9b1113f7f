import { ConfigError } from './errors.ts';
import { ecrRegion, parseRegistry } from './registry-host.ts';
import { isRepositoryPattern, type RepositoryMatcher, repositoryMatcher } from './registry-path.ts';
import { parseRepositoryTag, parseTagTtl, type RepositoryTag } from './repository-tag.ts';

export type PublicAuth = 'none' | 'basic' | 'custom';

/** Where the password for `basic` public access is kept: read once per container. */
export type BasicAuthSource = { kind: 'ssm'; name: string } | { kind: 'secret'; id: string } | { kind: 'file'; path: string };

export interface PublicConfig {
  /** Allow-list entries as configured, e.g. `app`, `team/*`. */
  readonly repositories: readonly string[];
  readonly allows: RepositoryMatcher;
  readonly auth: PublicAuth;
  readonly basic?: BasicAuthSource;
  /** Region to ask for the registry's token. */
  readonly region: string;
  /** Also serve every repository carrying this ECR resource tag (learned from the ECR API, not in `allows`). */
  readonly repositoryTag?: RepositoryTag;
  /** A tag added or removed shows within this long (default DEFAULT_TAG_TTL_SECONDS); it sets how often the tags are read. */
  readonly repositoryTagTtlSeconds?: number;
}

/** The alias's configuration, read once at init from the environment. */
export interface AliasConfig {
  /** Upstream registry authority, `host[:port]`, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly registry: string;
  /** Public access; absent for private access. */
  readonly public?: PublicConfig;
}

function oneOf<T extends string>(name: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined || value === '') return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new ConfigError(`${name} must be one of ${allowed.join(', ')}; got ${JSON.stringify(value.slice(0, 50))}`);
}

/** The allow-list of public access from its comma-separated form; `setting` names it in the error for a bad entry. */
export function publicRepositories(list: string, setting: string): string[] {
  const repositories = list
    .split(',')
    .map((r) => r.trim())
    .filter((r) => r !== '');
  const bad = repositories.find((r) => !isRepositoryPattern(r));
  if (bad !== undefined) {
    throw new ConfigError(`${setting} has ${JSON.stringify(bad.slice(0, 100))}: use lower-case repository names, with * for one path segment or ** for any number`);
  }
  return repositories;
}

function readPublic(env: Readonly<Record<string, string | undefined>>, registry: string): PublicConfig {
  const repositories = publicRepositories(env.PUBLIC_REPOSITORIES ?? '', 'PUBLIC_REPOSITORIES');
  const repositoryTag = env.PUBLIC_REPOSITORY_TAG ? parseRepositoryTag(env.PUBLIC_REPOSITORY_TAG, 'PUBLIC_REPOSITORY_TAG') : undefined;
  if (repositories.length === 0 && repositoryTag === undefined) {
    throw new ConfigError('PUBLIC_REPOSITORIES is empty: public access needs the repositories to serve, e.g. PUBLIC_REPOSITORIES=app,team/*, or an ECR tag that publishes them, e.g. PUBLIC_REPOSITORY_TAG=public=true');
  }
  const auth = oneOf('PUBLIC_AUTH', env.PUBLIC_AUTH, ['none', 'basic', 'custom'] as const, 'none');
  let basic: BasicAuthSource | undefined;
  if (auth === 'basic') {
    const sources: BasicAuthSource[] = [];
    if (env.BASIC_AUTH_SSM_PARAMETER) sources.push({ kind: 'ssm', name: env.BASIC_AUTH_SSM_PARAMETER });
    if (env.BASIC_AUTH_SECRET_ID) sources.push({ kind: 'secret', id: env.BASIC_AUTH_SECRET_ID });
    if (env.BASIC_AUTH_FILE) sources.push({ kind: 'file', path: env.BASIC_AUTH_FILE });
    if (sources.length !== 1) {
      throw new ConfigError('PUBLIC_AUTH=basic needs exactly one of BASIC_AUTH_SSM_PARAMETER, BASIC_AUTH_SECRET_ID or BASIC_AUTH_FILE');
    }
    basic = sources[0];
  }
  const ttl = env.PUBLIC_REPOSITORY_TAG_TTL ? parseTagTtl(env.PUBLIC_REPOSITORY_TAG_TTL, 'PUBLIC_REPOSITORY_TAG_TTL') : undefined;
  if (ttl !== undefined && repositoryTag === undefined) throw new ConfigError('PUBLIC_REPOSITORY_TAG_TTL goes with PUBLIC_REPOSITORY_TAG: it says how soon a change of that tag shows');
  const config = publicConfig(registry, repositories, auth, basic, env);
  return repositoryTag ? { ...config, repositoryTag, ...(ttl !== undefined ? { repositoryTagTtlSeconds: ttl } : {}) } : config;
}

/** Public access from checked parts: the allow-list, how clients authenticate, and the region of the registry token. */
export function publicConfig(
  registry: string,
  repositories: string[],
  auth: PublicAuth,
  basic: BasicAuthSource | undefined,
  env: Readonly<Record<string, string | undefined>>,
): PublicConfig {
  const region = ecrRegion(registry) ?? env.AWS_REGION ?? env.AWS_DEFAULT_REGION;
  if (region === undefined || region === '') {
    throw new ConfigError('public access needs a region for the registry token: use an ECR registry host, or set AWS_REGION');
  }
  return { repositories, allows: repositoryMatcher(repositories), auth, region, ...(basic ? { basic } : {}) };
}

export function readConfig(env: Readonly<Record<string, string | undefined>>): AliasConfig {
  const registry = parseRegistry(env.ECR_REGISTRY);
  const access = oneOf('ACCESS', env.ACCESS, ['private', 'public'] as const, 'private');
  return access === 'public' ? { registry, public: readPublic(env, registry) } : { registry };
}
