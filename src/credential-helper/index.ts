/**
 * The credential helper as a library, shared by its command line and by doctor: an alias host's mapping, credentials
 * for it (the token cache, then ECR), and errors worded for the user. Protocols translate onto these calls.
 */
import { TokenError } from '../core/ecr.ts';
import { ConfigError, UsageError } from '../core/errors.ts';
import { ecrTokenSource, type TokenSource } from './aws.ts';
import { configPath, loadConfig, lookup, type Target } from './config.ts';
import { hostOf } from './host.ts';
import { type CredentialProviderResponse, KubeletRequestError, respond } from './kubelet.ts';
import { type DockerCredentials, get, list, NotFoundError } from './protocol.ts';
import { TokenRefreshError } from './tokens.ts';

export { dockerConfigPath, podmanAuthPath } from './client-config.ts';
export { configPath, type Target } from './config.ts';
export { type DockerCredentials, NOT_FOUND, NotFoundError } from './protocol.ts';
export type { TokenSource } from './aws.ts';

export interface HelperOptions {
  env: NodeJS.ProcessEnv;
  now: () => number;
  /** Defaults to ECR through the AWS SDK, loaded only when a token must be fetched. */
  tokenSource?: (() => TokenSource) | undefined;
  /** One-line notes (a stale token, an unwritable cache); never given a secret. */
  warn: (message: string) => void;
}

export interface CredentialHelper {
  /** $AWS_ECR_CUSTOM_CONFIG, else ~/.ecr/custom.json. */
  readonly configFile: string;
  /** The registry a host (in any form a client sends it) maps to; undefined when unmapped, ConfigError for a bad file. */
  mapping(host: string): Target | undefined;
  /** docker's `get`: credentials for the host in a server URL; NotFoundError when it has no mapping. */
  get(serverUrl: string): Promise<DockerCredentials>;
  /** docker's `list`: every host `get` answers for, each with the user name ECR expects. */
  list(): Record<string, string>;
  /** The kubelet's image credential provider: a CredentialProviderRequest's text in, its response out. */
  kubelet(requestText: string): Promise<CredentialProviderResponse>;
}

function once<T>(make: () => T): () => T {
  let value: T | undefined;
  return () => {
    value ??= make();
    return value;
  };
}

export function credentialHelper(options: HelperOptions): CredentialHelper {
  const configFile = configPath(options.env);
  const { env, now, warn } = options;
  const deps = { env, now, warn, source: once(options.tokenSource ?? (() => ecrTokenSource(env))) };
  return {
    configFile,
    mapping: (host) => lookup(loadConfig(configFile), hostOf(host)),
    get: (serverUrl) => get(serverUrl, configFile, deps),
    list: () => list(loadConfig(configFile)),
    kubelet: (requestText) => respond(requestText, configFile, deps),
  };
}

/** Errors we raise on purpose carry a message for the user; anything else is reported by type only. */
export function describeError(error: unknown): string {
  const known = [ConfigError, TokenError, TokenRefreshError, NotFoundError, KubeletRequestError, UsageError];
  if (known.some((type) => error instanceof type)) return (error as Error).message;
  const { name, message } = error as Error;
  return `${name ?? 'Error'}: ${String(message).split('\n')[0]}`;
}
