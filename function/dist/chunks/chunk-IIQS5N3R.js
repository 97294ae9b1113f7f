import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);

// src/core/aws-client.ts
async function callAws(Client, call, send) {
  const { limits, region, profile, signal } = call;
  const client = new Client({
    ...region ? { region } : {},
    ...profile ? { profile } : {},
    maxAttempts: limits.maxAttempts,
    requestHandler: { connectionTimeout: limits.connectionTimeoutMs, requestTimeout: limits.requestTimeoutMs }
  });
  try {
    return await send(client, signal ? { abortSignal: signal } : {});
  } finally {
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
