/** Amazon ECR's API: GetAuthorizationToken, and the repository tag scan; the SDK loads on the first call only. */
import { type AwsCall, callAws } from './aws-client.ts';

/** A registry token: Basic credentials for every ECR registry the caller may use in one region. */
export interface EcrToken {
  username: string;
  password: string;
  expiresAt: Date;
}

/** ECR answered, but not with a token this project can use. */
export class TokenError extends Error {
  override name = 'TokenError';
}

/** Decodes ECR's `authorizationToken`, base64 of `user:password`. */
function decodeAuthorizationToken(token: string): { username: string; password: string } {
  const decoded = Buffer.from(token, 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon <= 0) throw new TokenError('GetAuthorizationToken returned a token that is not base64 of user:password');
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/**
 * GetAuthorizationToken with the SDK's default credential chain and endpoint settings
 * (AWS_ENDPOINT_URL_ECR, AWS_ENDPOINT_URL, profiles). No `registryIds` (deprecated): the token is
 * valid for every registry the caller may use in the region. SDK failures pass through as they are.
 */
export async function getAuthorizationToken(call: AwsCall & { region: string }): Promise<EcrToken> {
  const { ECRClient, GetAuthorizationTokenCommand } = await import('@aws-sdk/client-ecr');
  const output = await callAws(ECRClient, call, (ecr, options) => ecr.send(new GetAuthorizationTokenCommand({}), options));
  const data = output.authorizationData?.[0];
  if (!data?.authorizationToken || !data.expiresAt) throw new TokenError(`GetAuthorizationToken in ${call.region} returned no authorization data`);
  return { ...decodeAuthorizationToken(data.authorizationToken), expiresAt: data.expiresAt };
}

/** What one scan learned of a repository: it carries the tag, it does not, or its tags could not be read. */
export type TagVerdict = 'tagged' | 'untagged' | 'unknown';

export interface TagScanRequest {
  /** The registry's account; absent: the caller's own. */
  registryId?: string;
  key: string;
  value: string;
  /** Repositories looked at (skipped ones too), at most; the rest are left out (`truncated`). */
  maxRepositories: number;
  /** ListTagsForResource calls at once. */
  concurrency: number;
  /** Repositories whose tags need not be asked for (served anyway): left out of the scan. */
  skip?: (name: string) => boolean;
}

export interface TagScan {
  /** Every repository the registry listed (up to the maximum), with its verdict. */
  repositories: ReadonlyMap<string, TagVerdict>;
  /** The registry has more repositories than were looked at. */
  truncated: boolean;
}

/** Runs `work` on every item, at most `limit` at once. */
async function eachLimited<T>(items: readonly T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}

/**
 * Which repositories carry the tag `key`=`value`: DescribeRepositories page by page, then ListTagsForResource
 * for each, through one client (one credential lookup). ECR offers no filter by tag, so every repository is asked.
 * A repository whose tags cannot be read is `unknown`; one deleted meanwhile, or skipped, is left out. A failed listing, or the
 * call's deadline, fails the whole scan. Endpoint settings are the SDK's own (AWS_ENDPOINT_URL_ECR, profiles).
 */
export async function scanRepositoryTags(call: AwsCall & { region: string }, request: TagScanRequest): Promise<TagScan> {
  const { ECRClient, DescribeRepositoriesCommand, ListTagsForResourceCommand, RepositoryNotFoundException } = await import('@aws-sdk/client-ecr');
  return callAws(ECRClient, call, async (ecr, options) => {
    const found: { name: string; arn: string }[] = [];
    let seen = 0;
    let nextToken: string | undefined;
    let truncated = false;
    do {
      const maxResults = Math.min(1000, request.maxRepositories - seen);
      const page = await ecr.send(new DescribeRepositoriesCommand({ ...(request.registryId ? { registryId: request.registryId } : {}), maxResults, ...(nextToken ? { nextToken } : {}) }), options);
      for (const { repositoryName: name, repositoryArn: arn } of (page.repositories ?? []).slice(0, maxResults)) {
        seen++;
        if (name && arn && request.skip?.(name) !== true) found.push({ name, arn });
      }
      nextToken = page.nextToken;
      truncated = nextToken !== undefined && nextToken !== '' && seen >= request.maxRepositories;
    } while (nextToken && !truncated);
    const repositories = new Map<string, TagVerdict>();
    await eachLimited(found, request.concurrency, async ({ name, arn }) => {
      try {
        const { tags } = await ecr.send(new ListTagsForResourceCommand({ resourceArn: arn }), options);
        repositories.set(name, tags?.some((tag) => tag.Key === request.key && tag.Value === request.value) ? 'tagged' : 'untagged');
      } catch (error) {
        if (options.abortSignal.aborted) throw error;
        if (!(error instanceof RepositoryNotFoundException)) repositories.set(name, 'unknown');
      }
    });
    return { repositories, truncated };
  });
}
