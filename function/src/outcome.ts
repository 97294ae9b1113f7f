import type { HeadPlan } from './answer.ts';

/** What the alias does with one registry request: the only outputs of the decision core. */
export type Outcome =
  /** 307 to the registry: the client follows and authenticates there itself. */
  | { readonly kind: 'redirect'; readonly location: string }
  /** Send the request on to the registry (as `method`) and hand its answer back; a HEAD follows its plan. */
  | { readonly kind: 'forward'; readonly url: string; readonly method: string; readonly headers: Readonly<Record<string, string>>; readonly head?: HeadPlan }
  /** Public access: a read-only request sent on with the alias's own registry token. */
  | {
      readonly kind: 'pull';
      readonly url: string;
      readonly method: string;
      readonly headers: Readonly<Record<string, string>>;
      readonly repository: string;
      readonly head?: HeadPlan;
    }
  /** Public access: the registry's catalog, filtered to the allowed repositories and paged anew. */
  | { readonly kind: 'catalog'; readonly n: number | undefined; readonly last: string | undefined }
  /** 401 with a Basic challenge for the alias host, so the client retries with credentials for it. */
  | { readonly kind: 'challenge'; readonly realm: string }
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    };

/** What a registry says for a repository it does not have; a denied one gets exactly this too. */
export const NAME_UNKNOWN_BODY = JSON.stringify({ errors: [{ code: 'NAME_UNKNOWN', message: 'repository name not known to registry' }] });

/** OCI distribution error codes this project answers with. */
export type OciErrorCode =
  | 'NAME_UNKNOWN'
  | 'BLOB_UNKNOWN'
  | 'NAME_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'SIZE_INVALID'
  | 'TOOMANYREQUESTS'
  /** distribution's code for a 503; used for every failure between the alias and the registry. */
  | 'UNAVAILABLE';

export type Reply = Extract<Outcome, { kind: 'reply' }>;

export function ociError(status: number, code: OciErrorCode, message: string, headers: Record<string, string> = {}): Reply {
  return {
    kind: 'reply',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ errors: [{ code, message }] }),
  };
}
