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

export {
  registryToken,
  ssmParameter,
  secretString
};
