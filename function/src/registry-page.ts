/**
 * The registry page as public access serves it: the page source (page-data.ts) reading the registry through the
 * alias's own forward with its registry token, and blob storage without it. A chunk of its own, loaded on the first
 * GET /, so neither a private-mode cold start nor a pull parses the renderer.
 */
import { type Answer, isReply } from './answer.ts';
import type { ForwardRequest, ForwardResponse } from './forward.ts';
import { allowedRepositories, createPageSource, type RegistryReader } from './page-data.ts';
import type { UpstreamRequest } from './public-answer.ts';
import type { TaggedRepositories } from './repository-tags.ts';
import type { Reply } from '../../src/core/oci.ts';
import { registryUrl } from '../../src/core/location.ts';
import type { RepositoryMatcher } from '../../src/core/registry-path.ts';

export interface RegistryPageOptions {
  registry: string;
  /** public.repositories as configured (names and globs). */
  listed: readonly string[];
  tagged: TaggedRepositories | undefined;
  /** The live allow-list: listed or tagged. */
  allows: RepositoryMatcher;
  /** Pulls need `docker login` first. */
  login: boolean;
  /** A GET to the registry with the alias's token: its answer, or the alias's own when no token could be had. */
  send: (request: UpstreamRequest, timeoutMs: number) => Promise<Answer>;
  /** A GET to blob storage, without the token (a presigned URL refuses a second credential). */
  forward: (request: ForwardRequest) => Promise<ForwardResponse>;
}

// One registry call may take this long at most; the page's own deadline (its signal) usually ends it first.
const CALL_TIMEOUT_MS = 10_000;

/** `work`, or a rejection as soon as `signal` aborts (the work itself runs on, bounded by its own timeout). */
function until<T>(work: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const abort = () => reject(signal.reason);
    signal.addEventListener('abort', abort, { once: true });
    work.then(resolve, reject).finally(() => signal.removeEventListener('abort', abort));
  });
}

/** The page's registry reader over the alias's forwards. */
function aliasReader(options: Pick<RegistryPageOptions, 'registry' | 'send' | 'forward'>): RegistryReader {
  return {
    async get(path, query, accept, signal) {
      const answer = await until(options.send({ url: registryUrl(options.registry, path, query), method: 'GET', headers: { accept } }, CALL_TIMEOUT_MS), signal);
      if (isReply(answer)) throw new Error(`the registry could not be asked: ${answer.status}`);
      return answer;
    },
    download(url, signal) {
      return until(options.forward({ url, method: 'GET', headers: {}, timeoutMs: CALL_TIMEOUT_MS }), signal);
    },
  };
}

/** The answer to GET / in public access: only repositories the allow-list allows at that moment are ever shown or asked about. */
export function createRegistryPage(options: RegistryPageOptions): (rawQuery: string, host: string, deadlineMs: number) => Promise<Reply> {
  const reader = aliasReader(options);
  const { tagged } = options;
  // The catalog (for globs) is kept a while; the tagged repositories are read from memory on every page, like allows.
  const source = createPageSource(reader, (signal) => allowedRepositories(reader, { listed: options.listed }, signal), {
    allows: options.allows,
    login: options.login,
    ...(tagged ? { alsoAllowed: () => tagged.list() } : {}),
  });
  return (rawQuery, host, deadlineMs) => source.answer(rawQuery, host, deadlineMs);
}
