/** What the alias does with one registry request: the only outputs of the decision core. */
export type Outcome =
  | { readonly kind: 'redirect'; readonly location: string }
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

export function ociError(status: number, code: OciErrorCode, message: string): Outcome {
  return {
    kind: 'reply',
    status,
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ errors: [{ code, message }] }),
  };
}
