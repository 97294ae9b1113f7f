/**
 * The OCI distribution path grammar, parsed canonically: the repository name the alias checks is
 * the name the registry will be asked for, because the upstream URL is rebuilt from the parse.
 */

// OCI distribution spec: path components of lower-case alphanumerics with single separators.
const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*';
const NAME = new RegExp(`^${COMPONENT}(?:/${COMPONENT})*$`);
const TAG = /^[A-Za-z0-9_][A-Za-z0-9._-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

export type RegistryPath =
  | { kind: 'base' }
  | { kind: 'catalog' }
  | { kind: 'tags'; name: string }
  | { kind: 'manifest'; name: string; reference: string }
  | { kind: 'blob'; name: string; digest: string }
  | { kind: 'referrers'; name: string; digest: string }
  | { kind: 'upload'; name: string }
  | { kind: 'invalid' };

export function isRepositoryName(name: string): boolean {
  return name.length <= 256 && NAME.test(name);
}

export function isTag(tag: string): boolean {
  return TAG.test(tag);
}

/** Parses a decoded request path (API Gateway's rawPath). Anything outside the grammar is `invalid`. */
/** The API version check's path, `/v2/` (or `/v2`). */
export function isBasePath(path: string): boolean {
  return path === '/v2/' || path === '/v2';
}

export function parseRegistryPath(path: string): RegistryPath {
  if (isBasePath(path)) return { kind: 'base' };
  if (path === '/v2/_catalog') return { kind: 'catalog' };
  if (!path.startsWith('/v2/')) return { kind: 'invalid' };
  const segments = path.slice(4).split('/');
  const n = segments.length;
  const last = segments[n - 1] ?? '';
  const before = segments[n - 2] ?? '';
  const name = (drop: number) => {
    const candidate = segments.slice(0, n - drop).join('/');
    return isRepositoryName(candidate) ? candidate : undefined;
  };
  if (n >= 3 && before === 'tags' && last === 'list') {
    const repository = name(2);
    return repository ? { kind: 'tags', name: repository } : { kind: 'invalid' };
  }
  if (n >= 3 && before === 'manifests') {
    const repository = name(2);
    return repository && (TAG.test(last) || DIGEST.test(last)) ? { kind: 'manifest', name: repository, reference: last } : { kind: 'invalid' };
  }
  if (n >= 3 && before === 'blobs' && last !== 'uploads') {
    const repository = name(2);
    return repository && DIGEST.test(last) ? { kind: 'blob', name: repository, digest: last } : { kind: 'invalid' };
  }
  if (n >= 3 && before === 'referrers') {
    const repository = name(2);
    return repository && DIGEST.test(last) ? { kind: 'referrers', name: repository, digest: last } : { kind: 'invalid' };
  }
  const uploads = segments.indexOf('uploads');
  if (uploads >= 2 && segments[uploads - 1] === 'blobs') {
    const repository = segments.slice(0, uploads - 1).join('/');
    return isRepositoryName(repository) ? { kind: 'upload', name: repository } : { kind: 'invalid' };
  }
  return { kind: 'invalid' };
}

/** The path a parse stands for, rebuilt from its parts: what the registry is asked for. */
export function registryPathOf(parsed: Exclude<RegistryPath, { kind: 'invalid' | 'upload' }>): string {
  switch (parsed.kind) {
    case 'base':
      return '/v2/';
    case 'catalog':
      return '/v2/_catalog';
    case 'tags':
      return `/v2/${parsed.name}/tags/list`;
    case 'manifest':
      return `/v2/${parsed.name}/manifests/${parsed.reference}`;
    case 'blob':
      return `/v2/${parsed.name}/blobs/${parsed.digest}`;
    case 'referrers':
      return `/v2/${parsed.name}/referrers/${parsed.digest}`;
  }
}

export type RepositoryMatcher = (name: string) => boolean;

const PATTERN = new RegExp(`^(?:${COMPONENT}|\\*\\*?)(?:/(?:${COMPONENT}|\\*\\*?))*$`);

/** Whether `pattern` is a valid allow-list entry: a repository name, or one with `*`/`**` segments. */
export function isRepositoryPattern(pattern: string): boolean {
  return PATTERN.test(pattern) && !/\*\*.*\*\*/.test(pattern);
}

/**
 * Compiles allow-list entries. `*` stands for exactly one path segment (`team/*` allows
 * `team/app`, not `team/a/b`); `**` for one or more segments. Matching is exact otherwise.
 */
export function repositoryMatcher(patterns: readonly string[]): RepositoryMatcher {
  const exact = new Set(patterns.filter((p) => !p.includes('*')));
  const globs = patterns
    .filter((p) => p.includes('*'))
    .map((p) => new RegExp(`^${p.split('/').map((s) => (s === '**' ? `${COMPONENT}(?:/${COMPONENT})*` : s === '*' ? COMPONENT : s.replace(/\./g, '\\.'))).join('/')}$`));
  return (name) => exact.has(name) || globs.some((g) => g.test(name));
}
