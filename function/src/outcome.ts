/** What the alias does with one registry request: the only outputs of the decision core. */
export type Outcome =
  /** 307 to the registry: the client follows and authenticates there itself. */
  | { readonly kind: 'redirect'; readonly location: string }
  /** Send the request on to the registry and hand its answer back as it is. */
  | { readonly kind: 'forward'; readonly url: string; readonly headers: Readonly<Record<string, string>> }
  /** 401 with a Basic challenge for the alias host, so the client retries with credentials for it. */
  | { readonly kind: 'challenge'; readonly realm: string }
  | {
      readonly kind: 'reply';
      readonly status: number;
      readonly headers: Readonly<Record<string, string>>;
      readonly body: string;
    };

/** OCI distribution error codes this project answers with. */
export type OciErrorCode =
  | 'NAME_UNKNOWN'
  | 'NAME_INVALID'
  | 'MANIFEST_UNKNOWN'
  | 'UNAUTHORIZED'
  | 'DENIED'
  | 'UNSUPPORTED'
  | 'SIZE_INVALID'
  | 'TOOMANYREQUESTS';

export type Reply = Extract<Outcome, { kind: 'reply' }>;

export function ociError(status: number, code: OciErrorCode, message: string, headers: Record<string, string> = {}): Reply {
  return {
    kind: 'reply',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ errors: [{ code, message }] }),
  };
}
