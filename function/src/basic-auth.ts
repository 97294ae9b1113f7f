/** Basic credentials for public access: loaded once per container, compared in constant time. */
import { createHash, timingSafeEqual } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { secretString, ssmParameter } from './aws-calls.ts';
import type { BasicAuthSource } from '../../src/core/config.ts';

export interface Credentials {
  username: string;
  password: string;
}

export type LoadCredentials = () => Promise<Credentials>;

/** Parses `username:password` or `{"username": ..., "password": ...}`. */
export function parseCredentials(text: string, source: string): Credentials {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const parsed = JSON.parse(trimmed) as Partial<Credentials>;
    if (typeof parsed.username === 'string' && typeof parsed.password === 'string' && parsed.username && parsed.password) {
      return { username: parsed.username, password: parsed.password };
    }
  } else {
    const colon = trimmed.indexOf(':');
    if (colon > 0 && colon < trimmed.length - 1) return { username: trimmed.slice(0, colon), password: trimmed.slice(colon + 1) };
  }
  throw new Error(`${source} must hold username:password or {"username": ..., "password": ...}`);
}

/** The password load gives up after this long: the request gets a 503 and the next one tries again. */
const LOAD_TIMEOUT_MS = 5_000;

export function credentialLoader(source: BasicAuthSource): LoadCredentials {
  switch (source.kind) {
    case 'file':
      return async () => parseCredentials(await readFile(source.path, 'utf8'), `BASIC_AUTH_FILE ${source.path}`);
    case 'ssm':
      return async () => parseCredentials(await ssmParameter(source.name, AbortSignal.timeout(LOAD_TIMEOUT_MS)), `SSM parameter ${source.name}`);
    case 'secret':
      return async () => parseCredentials(await secretString(source.id, AbortSignal.timeout(LOAD_TIMEOUT_MS)), `secret ${source.id}`);
  }
}

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Checks an Authorization header against the stored credentials; a failed load is retried next time. */
export function createBasicAuth(load: LoadCredentials): (authorization: string | undefined) => Promise<boolean> {
  let loading: Promise<{ username: Buffer; password: Buffer }> | undefined;
  return async (authorization) => {
    loading ??= load().then(
      (c) => ({ username: digest(c.username), password: digest(c.password) }),
      (error: unknown) => {
        loading = undefined;
        throw error;
      },
    );
    const expected = await loading;
    const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(authorization ?? '');
    const decoded = match?.[1] ? Buffer.from(match[1], 'base64').toString('utf8') : '';
    const colon = decoded.indexOf(':');
    const username = colon === -1 ? '' : decoded.slice(0, colon);
    const password = colon === -1 ? '' : decoded.slice(colon + 1);
    // Both comparisons always run, over equal-length digests: timing says nothing about either value.
    const userOk = timingSafeEqual(digest(username), expected.username);
    const passwordOk = timingSafeEqual(digest(password), expected.password);
    return colon !== -1 && userOk && passwordOk;
  };
}
