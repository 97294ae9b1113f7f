/**
 * What the registry page shows, read from the registry with the alias's own access: the allowed repositories
 * and, for those on the page, their tags, each tag's manifest (digest, platforms, compressed sizes) and image
 * config (created, labels). Manifests and configs are content-addressed, so they are kept by digest; the
 * repository list, tag lists and tag digests for a short while. Bounded: registry calls at once (for all pages
 * together), manifests and configs held, sizes read, and one deadline per page, after which what is missing
 * shows as unknown. Only allowed repositories are ever asked about.
 */
import { createHash } from 'node:crypto';
import type { Reply } from '../../src/core/oci.ts';
import { isRepositoryName, isTag, type RepositoryMatcher, repositoryMatcher } from '../../src/core/registry-path.ts';
import { PAGE_SIZES, type PageModel, pageCount, type PageRequest, pageRequest, type PlatformSummary, renderMessage, renderPage, type RepositorySummary, type TagSummary } from './page.ts';
import type { TaggedRepositories } from './repository-tags.ts';

export interface RegistryAnswer {
  status: number;
  /** Lower-case names. */
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

/** How the page reads the registry; the handler adds the alias's token and bounds each call. */
export interface RegistryReader {
  /** GET `path` (under /v2/; `query` without "?") from the registry with the alias's credentials; redirects come back as they are. */
  get(path: string, query: string, accept: string, signal: AbortSignal): Promise<RegistryAnswer>;
  /** GET a URL the registry redirected a blob to (its storage), without the registry's credentials. */
  download(url: string, signal: AbortSignal): Promise<RegistryAnswer>;
}

export interface PageSourceOptions {
  now?: () => number;
  /** How long the repository list, tag lists and tag digests are kept (default 30 s). */
  ttlMs?: number;
  /** Manifests and configs kept by digest (default 2,000). */
  maxDigests?: number;
  /** Registry calls at once, for all pages together (default 8). */
  concurrency?: number;
  /** A page is made within this long; what is not read by then shows as unknown (default 10 s). */
  deadlineMs?: number;
  sizes?: { repositories: number; tagsPerRepository: number; tags: number };
  /** Pulls need `docker login` first (public.auth basic or custom): the page says so. */
  login?: boolean;
  /** The live allow-list (publicMatcher), checked again on every page: a repository denied since the list was read is not shown. */
  allows?: RepositoryMatcher;
  /** Repositories added to the kept list on every page (the tagged ones, already in memory): one tagged since shows at once. */
  alsoAllowed?: () => readonly string[];
}

export interface PageSource {
  /** The answer to GET / with this raw query string (without "?"), on the alias `host`, made within `deadlineMs` when it is shorter than the source's own. */
  answer(rawQuery: string, host: string, deadlineMs?: number): Promise<Reply>;
  /** The page's data, or why there is none. */
  model(request: Exclude<PageRequest, { kind: 'invalid' }>, host: string, deadlineMs?: number): Promise<PageModel | { status: 404 | 503; message: string }>;
}

const MANIFEST_TYPES = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');
const IMAGE_CONFIG_TYPES = new Set(['application/vnd.oci.image.config.v1+json', 'application/vnd.docker.container.image.v1+json']);
const DESCRIPTION = 'org.opencontainers.image.description';
const SOURCE = 'org.opencontainers.image.source';
// Bounds on what one page reads: manifests and configs are small; the rest would be a hostile registry.
const MAX_MANIFEST_BYTES = 4 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;
const MAX_PLATFORMS = 16;
const MAX_PLATFORM_MANIFESTS = 8;
const MAX_TAG_PAGES = 10;
const MAX_CATALOG_PAGES = 20;
const MAX_TEXT = 2_000;
const DIGEST = /^sha256:[0-9a-f]{64}$/;

/** One image as the page shows it: what its manifest and config say. */
interface ImageFacts {
  platforms: PlatformSummary[];
  size?: number;
  created?: string;
  description?: string;
  source?: string;
}

type Json = Record<string, unknown>;

function object(value: unknown): Json | undefined {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Json) : undefined;
}

function parseJson(body: Buffer): Json | undefined {
  try {
    return object(JSON.parse(body.toString('utf8')));
  } catch {
    return undefined;
  }
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value.slice(0, MAX_TEXT) : undefined;
}

function sha256(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** The descriptors' sizes added up, or undefined when one has none. */
function totalSize(descriptors: unknown[]): number | undefined {
  let total = 0;
  for (const descriptor of descriptors) {
    const size = object(descriptor)?.size;
    if (typeof size !== 'number' || !Number.isSafeInteger(size) || size < 0) return undefined;
    total += size;
  }
  return total;
}

/** An image manifest's compressed size: its config and layers. */
function imageSize(manifest: Json): number | undefined {
  const layers = Array.isArray(manifest.layers) ? manifest.layers : undefined;
  return layers === undefined ? undefined : totalSize([manifest.config, ...layers]);
}

function platformOf(value: unknown): PlatformSummary | undefined {
  const platform = object(value);
  const os = text(platform?.os);
  const architecture = text(platform?.architecture);
  if (os === undefined || architecture === undefined) return undefined;
  const variant = text(platform?.variant);
  return { os: os.slice(0, 40), architecture: architecture.slice(0, 40), ...(variant ? { variant: variant.slice(0, 40) } : {}) };
}

/** What an image config says: its platform, when it was created (not the zero time reproducible builds write), its labels. */
function configFacts(config: Json): { platform?: PlatformSummary; created?: string; labels: Json } {
  const created = text(config.created);
  const time = created === undefined ? Number.NaN : Date.parse(created);
  const platform = platformOf(config);
  return {
    ...(platform ? { platform } : {}),
    ...(Number.isFinite(time) && time > 86_400_000 ? { created: new Date(time).toISOString() } : {}),
    labels: object(object(config.config)?.Labels) ?? {},
  };
}

/** Tags newest-looking first: "latest", then the rest in descending natural order (v1.10 before v1.9). */
export function tagOrder(a: string, b: string): number {
  if (a === b) return 0;
  if (a === 'latest') return -1;
  if (b === 'latest') return 1;
  return b.localeCompare(a, 'en', { numeric: true });
}

/** A bounded map whose least recently used entry goes first. */
function lru<V>(max: number) {
  const entries = new Map<string, V>();
  return {
    get(key: string): V | undefined {
      const value = entries.get(key);
      if (value !== undefined) {
        entries.delete(key);
        entries.set(key, value);
      }
      return value;
    },
    set(key: string, value: V): void {
      entries.delete(key);
      entries.set(key, value);
      if (entries.size > max) entries.delete(entries.keys().next().value as string);
    },
    delete(key: string): void {
      entries.delete(key);
    },
  };
}

/** At most `limit` calls at once; the rest wait their turn in order. */
function limiter(limit: number) {
  let running = 0;
  const waiting: (() => void)[] = [];
  return async <T>(work: () => Promise<T>): Promise<T> => {
    if (running >= limit) await new Promise<void>((resolve) => waiting.push(resolve));
    running++;
    try {
      return await work();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

/** Where the allowed repositories come from: the listed entries (names and globs) and the tag. */
export interface AllowedSources {
  /** public.repositories as configured. */
  listed: readonly string[];
  tagged?: TaggedRepositories;
}

/**
 * The allowed repositories, sorted: listed names as they are when there is no glob, else the registry's catalog
 * kept to what the entries or the tag allow; and the tagged ones.
 */
export async function allowedRepositories(reader: RegistryReader, sources: AllowedSources, signal: AbortSignal): Promise<string[]> {
  const names = new Set<string>(sources.tagged?.list() ?? []);
  const globs = sources.listed.some((entry) => entry.includes('*'));
  if (!globs) {
    for (const name of sources.listed) names.add(name);
  } else {
    const listed = repositoryMatcher(sources.listed);
    let last: string | undefined;
    for (let page = 0; page < MAX_CATALOG_PAGES; page++) {
      const query = new URLSearchParams({ n: '1000', ...(last ? { last } : {}) }).toString();
      const answer = await reader.get('/v2/_catalog', query, 'application/json', signal);
      if (answer.status !== 200) throw new Error(`the registry answered ${answer.status} to its catalog`);
      const repositories = parseJson(answer.body)?.repositories;
      if (!Array.isArray(repositories)) throw new Error('the registry’s catalog is not the JSON expected');
      for (const name of repositories) if (typeof name === 'string' && (listed(name) || sources.tagged?.allows(name) === true)) names.add(name);
      last = repositories.at(-1) as string | undefined;
      if (repositories.length === 0 || !/rel="?next"?/.test(answer.headers.link ?? '')) break;
    }
  }
  return [...names].filter(isRepositoryName).sort();
}

/** The page source: `repositories` lists the allowed repositories (see allowedRepositories). */
export function createPageSource(reader: RegistryReader, repositories: (signal: AbortSignal) => Promise<readonly string[]>, options: PageSourceOptions = {}): PageSource {
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 30_000;
  const deadlineMs = options.deadlineMs ?? 10_000;
  const sizes = options.sizes ?? PAGE_SIZES;
  const login = options.login ?? false;
  const limit = limiter(options.concurrency ?? 8);
  const images = lru<Promise<ImageFacts>>(options.maxDigests ?? 2_000);
  const configs = lru<Promise<ReturnType<typeof configFacts> | undefined>>(options.maxDigests ?? 2_000);
  // Kept for ttlMs: the allowed list, each repository's tags, each tag's digest. Failures are not kept.
  const fresh = new Map<string, { at: number; value: Promise<unknown> }>();

  function kept<T>(key: string, read: () => Promise<T>): Promise<T> {
    const held = fresh.get(key);
    if (held !== undefined && now() - held.at < ttlMs) return held.value as Promise<T>;
    if (fresh.size > 10_000) for (const [k, v] of fresh) if (now() - v.at >= ttlMs) fresh.delete(k);
    const value = read();
    fresh.set(key, { at: now(), value });
    value.catch(() => fresh.delete(key));
    return value;
  }

  const get = (path: string, query: string, accept: string, signal: AbortSignal) => limit(() => reader.get(path, query, accept, signal));

  /** A manifest and its digest (of the bytes read); undefined when the registry has none, an error when it fails. */
  async function manifest(repository: string, reference: string, signal: AbortSignal): Promise<{ digest: string; manifest: Json } | undefined> {
    const answer = await get(`/v2/${repository}/manifests/${reference}`, '', MANIFEST_TYPES, signal);
    if (answer.status === 404) return undefined;
    if (answer.status !== 200) throw new Error(`the registry answered ${answer.status}`);
    if (answer.body.length > MAX_MANIFEST_BYTES) return undefined;
    const parsed = parseJson(answer.body);
    const digest = sha256(answer.body);
    return parsed === undefined || (reference.includes(':') && reference !== digest) ? undefined : { digest, manifest: parsed };
  }

  /** Kept by digest until evicted; a failed read is forgotten, so a later page asks again. */
  function byDigest<V>(cache: ReturnType<typeof lru<Promise<V>>>, digest: string, read: () => Promise<V>): Promise<V> {
    let held = cache.get(digest);
    if (held === undefined) {
      held = read();
      cache.set(digest, held);
      held.catch(() => cache.delete(digest));
    }
    return held;
  }

  /** An image config by digest, verified; a blob the registry redirects is downloaded from its storage. */
  function config(repository: string, descriptor: unknown, signal: AbortSignal): Promise<ReturnType<typeof configFacts> | undefined> {
    const d = object(descriptor);
    const digest = text(d?.digest);
    const size = d?.size;
    if (digest === undefined || !DIGEST.test(digest) || !IMAGE_CONFIG_TYPES.has(String(d?.mediaType)) || typeof size !== 'number' || size > MAX_CONFIG_BYTES) {
      return Promise.resolve(undefined);
    }
    return byDigest(configs, digest, async () => {
      let answer = await get(`/v2/${repository}/blobs/${digest}`, '', '*/*', signal);
      const location = answer.headers.location;
      if ([301, 302, 303, 307, 308].includes(answer.status) && location !== undefined) answer = await limit(() => reader.download(location, signal));
      if (answer.status === 404) return undefined;
      if (answer.status !== 200) throw new Error(`the registry answered ${answer.status}`);
      if (answer.body.length > MAX_CONFIG_BYTES || sha256(answer.body) !== digest) return undefined;
      const parsed = parseJson(answer.body);
      return parsed === undefined ? undefined : configFacts(parsed);
    });
  }

  /** What the page shows of one image; an error when part of it could not be read (nothing of it is kept then). */
  async function facts(repository: string, read: { digest: string; manifest: Json }, signal: AbortSignal): Promise<ImageFacts> {
    const annotations = object(read.manifest.annotations) ?? {};
    const children = Array.isArray(read.manifest.manifests) ? read.manifest.manifests : undefined;
    if (children === undefined) {
      const found = await config(repository, read.manifest.config, signal);
      const size = imageSize(read.manifest);
      return {
        platforms: found?.platform ? [{ ...found.platform, ...(size !== undefined ? { size } : {}) }] : [],
        ...(size !== undefined ? { size } : {}),
        ...(found?.created ? { created: found.created } : {}),
        ...described(annotations, found?.labels ?? {}),
      };
    }
    // An index: its platforms, each one's size from its manifest, and the labels of the first one's config.
    const entries = children
      .map((child) => ({ digest: text(object(child)?.digest), platform: platformOf(object(child)?.platform) }))
      .filter((entry): entry is { digest: string; platform: PlatformSummary } => entry.digest !== undefined && DIGEST.test(entry.digest) && entry.platform !== undefined)
      // Attestation manifests (buildx) claim unknown/unknown.
      .filter((entry) => !(entry.platform.os === 'unknown' && entry.platform.architecture === 'unknown'))
      .slice(0, MAX_PLATFORMS);
    const platforms = await Promise.all(
      entries.map(async (entry, i) => ({ platform: entry.platform, manifest: i < MAX_PLATFORM_MANIFESTS ? (await manifest(repository, entry.digest, signal))?.manifest : undefined })),
    );
    const first = platforms.find((p) => p.manifest !== undefined)?.manifest;
    const found = first === undefined ? undefined : await config(repository, first.config, signal);
    return {
      platforms: platforms.map(({ platform, manifest: child }) => {
        const size = child === undefined ? undefined : imageSize(child);
        return size === undefined ? platform : { ...platform, size };
      }),
      ...(found?.created ? { created: found.created } : {}),
      ...described({ ...object(first?.annotations), ...annotations }, found?.labels ?? {}),
    };
  }

  /** Description and source: the manifest's annotations first, then the config's labels. */
  function described(annotations: Json, labels: Json): Pick<ImageFacts, 'description' | 'source'> {
    const description = text(annotations[DESCRIPTION]) ?? text(labels[DESCRIPTION]);
    const source = text(annotations[SOURCE]) ?? text(labels[SOURCE]);
    return { ...(description ? { description } : {}), ...(source ? { source } : {}) };
  }

  /** A tag's summary; what cannot be read (by the deadline) is left out. */
  async function tag(repository: string, name: string, signal: AbortSignal): Promise<TagSummary & Pick<ImageFacts, 'description' | 'source'>> {
    let digest: string | undefined;
    try {
      // A tag moves: its digest is kept for ttlMs. The image's facts are kept by digest.
      digest = await kept(`tag ${repository}:${name}`, async () => {
        const read = await manifest(repository, name, signal);
        if (read !== undefined) byDigest(images, read.digest, () => facts(repository, read, signal)).catch(() => undefined);
        return read?.digest;
      });
    } catch {
      return { name, platforms: [] };
    }
    if (digest === undefined) return { name, platforms: [] };
    const known = digest;
    try {
      const image = await byDigest(images, known, async () => {
        const read = await manifest(repository, known, signal);
        return read === undefined ? { platforms: [] } : facts(repository, read, signal);
      });
      return { name, digest: known, ...image };
    } catch {
      return { name, digest: known, platforms: [] };
    }
  }

  /** Every tag of a repository, ordered; undefined when the registry does not say. */
  function tagNames(repository: string, signal: AbortSignal): Promise<string[] | undefined> {
    return kept(`tags ${repository}`, async () => {
      const names: string[] = [];
      let last: string | undefined;
      for (let page = 0; page < MAX_TAG_PAGES; page++) {
        const query = new URLSearchParams({ n: '1000', ...(last ? { last } : {}) }).toString();
        const answer = await get(`/v2/${repository}/tags/list`, query, 'application/json', signal);
        if (answer.status === 404) return names;
        if (answer.status !== 200) return undefined;
        const tags = parseJson(answer.body)?.tags;
        if (tags === null || tags === undefined) return names;
        if (!Array.isArray(tags)) return undefined;
        names.push(...tags.filter((t): t is string => typeof t === 'string' && isTag(t)));
        last = tags.at(-1) as string | undefined;
        if (tags.length === 0 || !/rel="?next"?/.test(answer.headers.link ?? '')) break;
      }
      return [...new Set(names)].sort(tagOrder);
    }).catch(() => undefined);
  }

  async function summary(repository: string, offset: number, count: number, signal: AbortSignal): Promise<RepositorySummary> {
    const names = await tagNames(repository, signal);
    if (names === undefined) return { name: repository, tagCount: 0, tags: [], unavailable: true };
    const shown = await Promise.all(names.slice(offset, offset + count).map((name) => tag(repository, name, signal)));
    const about = shown.find((t) => t.description !== undefined || t.source !== undefined);
    return {
      name: repository,
      ...(about?.description ? { description: about.description } : {}),
      ...(about?.source ? { source: about.source } : {}),
      tagCount: names.length,
      tags: shown.map(({ description: _d, source: _s, ...rest }) => rest),
    };
  }

  const source: PageSource = {
    async model(request, host, within = deadlineMs) {
      const signal = AbortSignal.timeout(Math.max(1, Math.floor(Math.min(deadlineMs, within))));
      let allowed: readonly string[];
      try {
        const read = await kept('repositories', () => repositories(signal));
        const also = options.alsoAllowed?.() ?? [];
        const all = also.length === 0 ? read : [...new Set([...read, ...also.filter(isRepositoryName)])].sort();
        allowed = options.allows === undefined ? all : all.filter(options.allows);
      } catch {
        return { status: 503, message: 'The registry could not list its repositories just now; try again shortly.' };
      }
      if (request.kind === 'repository') {
        if (!allowed.includes(request.name)) return { status: 404, message: `No repository named ${request.name} is shown here.` };
        const names = await tagNames(request.name, signal);
        const pages = pageCount(names?.length ?? 0, sizes.tags);
        if (request.page > pages) return { status: 404, message: `${request.name} has ${pages === 1 ? 'one page' : `${pages} pages`} of tags.` };
        const repository = await summary(request.name, (request.page - 1) * sizes.tags, sizes.tags, signal);
        return { host, login, view: { kind: 'repository', page: request.page, pageCount: pages, repository } };
      }
      const needle = request.search.toLowerCase();
      const matching = needle === '' ? allowed : allowed.filter((name) => name.includes(needle));
      const pages = pageCount(matching.length, sizes.repositories);
      if (request.page > pages) return { status: 404, message: `There ${pages === 1 ? 'is one page' : `are ${pages} pages`} of repositories.` };
      const start = (request.page - 1) * sizes.repositories;
      const shown = await Promise.all(matching.slice(start, start + sizes.repositories).map((name) => summary(name, 0, sizes.tagsPerRepository, signal)));
      return { host, login, view: { kind: 'index', page: request.page, pageCount: pages, total: matching.length, search: request.search, repositories: shown } };
    },
    async answer(rawQuery, host, within) {
      const request = pageRequest(rawQuery);
      if (request.kind === 'invalid') return renderMessage(host, 400, request.why, login);
      const model = await source.model(request, host, within);
      return 'status' in model ? renderMessage(host, model.status, model.message, login) : renderPage(model);
    },
  };
  return source;
}
