/** The alias's own registry token for public access: fetched once, kept across invocations, renewed before expiry. */

export interface IssuedToken {
  username: string;
  password: string;
  expiresAt: Date;
}

export type IssueToken = () => Promise<IssuedToken>;

export interface TokenKeeper {
  /** A Basic Authorization value for the registry, fetched only when none is held or it nears expiry. */
  authorization(): Promise<string>;
  /** Forget the held token (the registry refused it), so the next call fetches a new one. */
  discard(): void;
  held(): boolean;
}

/**
 * ECR tokens last 12 h; a warm container renews 15 minutes before expiry, so one call covers a
 * token's lifetime and no request ever goes out with a token about to lapse. Concurrent callers
 * share one fetch.
 */
export function createTokenKeeper(issue: IssueToken, now: () => number = Date.now, marginMs = 15 * 60_000): TokenKeeper {
  let current: { authorization: string; renewAt: number } | undefined;
  let pending: Promise<string> | undefined;
  return {
    authorization() {
      if (current !== undefined && now() < current.renewAt) return Promise.resolve(current.authorization);
      pending ??= issue()
        .then((token) => {
          const authorization = `Basic ${Buffer.from(`${token.username}:${token.password}`).toString('base64')}`;
          const lifetime = token.expiresAt.getTime() - now();
          // A token shorter-lived than the margin is used for half its life instead.
          current = { authorization, renewAt: now() + (lifetime > 2 * marginMs ? lifetime - marginMs : lifetime / 2) };
          return authorization;
        })
        .finally(() => {
          pending = undefined;
        });
      return pending;
    },
    discard() {
      current = undefined;
    },
    held: () => current !== undefined && now() < current.renewAt,
  };
}

/** GetAuthorizationToken with the function's own identity; the SDK loads on first use only. */
export function ecrIssuer(region: string): IssueToken {
  return async () => {
    const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
    const client = new ECRClient({ region, maxAttempts: 3 });
    const output = await client.send(new GetAuthorizationTokenCommand({}));
    const data = output.authorizationData?.[0];
    if (!data?.authorizationToken || !data.expiresAt) throw new Error(`GetAuthorizationToken in ${region} returned no authorization data`);
    const decoded = Buffer.from(data.authorizationToken, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon <= 0) throw new Error('GetAuthorizationToken returned a token that is not base64 of user:password');
    return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1), expiresAt: data.expiresAt };
  };
}
