import type { Reply } from '../../src/core/oci.ts';
import type { HeadPlan } from './answer.ts';

/** What the alias does with one registry request: the only outputs of the decision core, and the kind each request is logged by. */
export type Outcome =
  /** 307 to the registry: the client follows and authenticates there itself. */
  | { readonly kind: 'redirect'; readonly location: string }
  /** Send the request on to the registry (as `method`) and hand its answer back; a HEAD follows its plan. */
  | { readonly kind: 'forward'; readonly url: string; readonly method: string; readonly headers: Readonly<Record<string, string>>; readonly head?: HeadPlan }
  /** Public access: a read-only request sent on with the alias's own registry token. */
  | { readonly kind: 'pull'; readonly url: string; readonly method: string; readonly headers: Readonly<Record<string, string>>; readonly head?: HeadPlan }
  /** Public access: the registry's catalog, filtered to the allowed repositories and paged anew. */
  | { readonly kind: 'catalog'; readonly n: number | undefined; readonly last: string | undefined }
  /** Public access: the registry page for GET or HEAD / (`query` without "?", still percent-encoded). */
  | { readonly kind: 'page'; readonly query: string }
  /** 401 with a Basic challenge for the alias host, so the client retries with credentials for it. */
  | { readonly kind: 'challenge'; readonly realm: string }
  /** An answer the alias makes itself, without asking the registry. */
  | Reply
  /** Public `basic` access could not load its password, so it cannot judge the request: this 503. */
  | { readonly kind: 'unavailable'; readonly reply: Reply };
