import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);
import {
  secretString,
  ssmParameter
} from "./chunk-ZQF2TWBS.js";

// function/src/basic-auth.ts
import { createHash, timingSafeEqual } from "node:crypto";
import { readFile } from "node:fs/promises";
function parseCredentials(text, source) {
  const trimmed = text.trim();
  if (trimmed.startsWith("{")) {
    const parsed = JSON.parse(trimmed);
    if (typeof parsed.username === "string" && typeof parsed.password === "string" && parsed.username && parsed.password) {
      return { username: parsed.username, password: parsed.password };
    }
  } else {
    const colon = trimmed.indexOf(":");
    if (colon > 0 && colon < trimmed.length - 1) return { username: trimmed.slice(0, colon), password: trimmed.slice(colon + 1) };
  }
  throw new Error(`${source} must hold username:password or {"username": ..., "password": ...}`);
}
var LOAD_TIMEOUT_MS = 5e3;
function credentialLoader(source) {
  switch (source.kind) {
    case "file":
      return async () => parseCredentials(await readFile(source.path, "utf8"), `BASIC_AUTH_FILE ${source.path}`);
    case "ssm":
      return async () => parseCredentials(await ssmParameter(source.name, AbortSignal.timeout(LOAD_TIMEOUT_MS)), `SSM parameter ${source.name}`);
    case "secret":
      return async () => parseCredentials(await secretString(source.id, AbortSignal.timeout(LOAD_TIMEOUT_MS)), `secret ${source.id}`);
  }
}
var digest = (text) => createHash("sha256").update(text).digest();
function createBasicAuth(load) {
  let loading;
  return async (authorization) => {
    loading ??= load().then(
      (c) => ({ username: digest(c.username), password: digest(c.password) }),
      (error) => {
        loading = void 0;
        throw error;
      }
    );
    const expected = await loading;
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? "");
    const decoded = match?.[1] ? Buffer.from(match[1], "base64").toString("utf8") : "";
    const colon = decoded.indexOf(":");
    const username = colon === -1 ? "" : decoded.slice(0, colon);
    const password = colon === -1 ? "" : decoded.slice(colon + 1);
    const userOk = timingSafeEqual(digest(username), expected.username);
    const passwordOk = timingSafeEqual(digest(password), expected.password);
    return colon !== -1 && userOk && passwordOk;
  };
}
export {
  createBasicAuth,
  credentialLoader,
  parseCredentials
};
