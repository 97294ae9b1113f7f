import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/aws-client.ts
var AwsDeadlineError = class extends Error {
  constructor(deadlineMs) {
    super(`no answer within ${deadlineMs / 1e3} s`);
    this.deadlineMs = deadlineMs;
  }
  deadlineMs;
  name = "AwsDeadlineError";
};
function deadlineOf(limits) {
  return limits.deadlineMs ?? limits.maxAttempts * (limits.requestTimeoutMs + 1e3);
}
async function callAws(Client, call, send) {
  const { limits, region, profile } = call;
  const deadlineMs = deadlineOf(limits);
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new AwsDeadlineError(deadlineMs)), deadlineMs);
  const callerAborted = () => controller.abort(call.signal?.reason);
  if (call.signal?.aborted) callerAborted();
  else call.signal?.addEventListener("abort", callerAborted, { once: true });
  const { signal } = controller;
  const ended = new Promise((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    else signal.addEventListener("abort", () => reject(signal.reason), { once: true });
  });
  const client = new Client({
    ...region ? { region } : {},
    ...profile ? { profile } : {},
    maxAttempts: limits.maxAttempts,
    requestHandler: { connectionTimeout: limits.connectionTimeoutMs, requestTimeout: limits.requestTimeoutMs, throwOnRequestTimeout: true }
  });
  try {
    return await Promise.race([send(client, { abortSignal: signal }), ended]);
  } finally {
    clearTimeout(timer);
    call.signal?.removeEventListener("abort", callerAborted);
    client.destroy();
  }
}

// src/core/ecr.ts
var TokenError = class extends Error {
  name = "TokenError";
};
function decodeAuthorizationToken(token) {
  const decoded = Buffer.from(token, "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0) throw new TokenError("GetAuthorizationToken returned a token that is not base64 of user:password");
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
async function getAuthorizationToken(call) {
  const { ECRClient, GetAuthorizationTokenCommand } = await import("./dist-es-PSPM5V56.js");
  const output = await callAws(ECRClient, call, (ecr, options) => ecr.send(new GetAuthorizationTokenCommand({}), options));
  const data = output.authorizationData?.[0];
  if (!data?.authorizationToken || !data.expiresAt) throw new TokenError(`GetAuthorizationToken in ${call.region} returned no authorization data`);
  return { ...decodeAuthorizationToken(data.authorizationToken), expiresAt: data.expiresAt };
}
async function eachLimited(items, limit, work) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, items.length)) }, worker));
}
async function scanRepositoryTags(call, request) {
  const { ECRClient, DescribeRepositoriesCommand, ListTagsForResourceCommand, RepositoryNotFoundException } = await import("./dist-es-PSPM5V56.js");
  return callAws(ECRClient, call, async (ecr, options) => {
    const found = [];
    let seen = 0;
    let nextToken;
    let truncated = false;
    do {
      const maxResults = Math.min(1e3, request.maxRepositories - seen);
      const page = await ecr.send(new DescribeRepositoriesCommand({ ...request.registryId ? { registryId: request.registryId } : {}, maxResults, ...nextToken ? { nextToken } : {} }), options);
      for (const { repositoryName: name, repositoryArn: arn } of (page.repositories ?? []).slice(0, maxResults)) {
        seen++;
        if (name && arn && request.skip?.(name) !== true) found.push({ name, arn });
      }
      nextToken = page.nextToken;
      truncated = nextToken !== void 0 && nextToken !== "" && seen >= request.maxRepositories;
    } while (nextToken && !truncated);
    const repositories = /* @__PURE__ */ new Map();
    await eachLimited(found, request.concurrency, async ({ name, arn }) => {
      try {
        const { tags } = await ecr.send(new ListTagsForResourceCommand({ resourceArn: arn }), options);
        repositories.set(name, tags?.some((tag) => tag.Key === request.key && tag.Value === request.value) ? "tagged" : "untagged");
      } catch (error) {
        if (options.abortSignal.aborted) throw error;
        if (!(error instanceof RepositoryNotFoundException)) repositories.set(name, "unknown");
      }
    });
    return { repositories, truncated };
  });
}

// function/src/aws-calls.ts
var LIMITS = { maxAttempts: 2, connectionTimeoutMs: 2e3, requestTimeoutMs: 4e3 };
function registryToken(region, signal) {
  return getAuthorizationToken({ region, limits: LIMITS, signal });
}
async function ssmParameter(name, signal) {
  const { SSMClient, GetParameterCommand } = await import("./dist-es-JQNMBJ2M.js");
  const output = await callAws(SSMClient, { limits: LIMITS, signal }, (ssm, options) => ssm.send(new GetParameterCommand({ Name: name, WithDecryption: true }), options));
  return output.Parameter?.Value ?? "";
}
async function secretString(id, signal) {
  const { SecretsManagerClient, GetSecretValueCommand } = await import("./dist-es-55QIVNJH.js");
  const output = await callAws(SecretsManagerClient, { limits: LIMITS, signal }, (secrets, options) => secrets.send(new GetSecretValueCommand({ SecretId: id }), options));
  return output.SecretString ?? "";
}
var SCAN_LIMITS = { maxAttempts: 3, connectionTimeoutMs: 2e3, requestTimeoutMs: 4e3, deadlineMs: 3e5 };
function repositoryTagScan(region, request, signal) {
  return scanRepositoryTags({ region, limits: SCAN_LIMITS, signal }, request);
}

export {
  registryToken,
  ssmParameter,
  secretString,
  repositoryTagScan
};
