/** OCI distribution error answers: the body every registry client reads, made in one place. */

/** An answer the alias makes itself: decided without the registry, or its own error after asking it. */
export interface Reply {
  readonly kind: 'reply';
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** OCI distribution error codes this project answers with. */
export type OciErrorCode =
  | 'NAME_UNKNOWN'
  | 'BLOB_UNKNOWN'
  | 'UNAUTHORIZED'
  | 'UNSUPPORTED'
  | 'SIZE_INVALID'
  /** distribution's code for a 503; used for every failure between the alias and the registry. */
  | 'UNAVAILABLE';

export function ociError(status: number, code: OciErrorCode, message: string, headers: Record<string, string> = {}): Reply {
  return {
    kind: 'reply',
    status,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ errors: [{ code, message }] }),
  };
}

/** What a registry says for a repository it does not have; a denied one gets exactly this too. */
export const NAME_UNKNOWN = ociError(404, 'NAME_UNKNOWN', 'repository name not known to registry');

/** The answer to a `challenge`: 401 with a Basic challenge for `realm`. */
export function challengeReply(realm: string): Reply {
  return ociError(401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': `Basic realm="${realm}"`, 'docker-distribution-api-version': 'registry/2.0' });
}
