/** docker-credential-helpers protocol: stdin and stdout mapped onto config and token lookups. */
import { type HelperConfig, hosts, loadConfig, lookup } from './config.ts';
import { hostOf } from './host.ts';
import { credentialsFor, type TokenDeps } from './tokens.ts';

/** docker and containers/image compare stdout with this exact text to tell "no credentials" from a failure. */
export const NOT_FOUND = 'credentials not found in native keychain';

export interface DockerCredentials {
  ServerURL: string;
  Username: string;
  Secret: string;
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

/** `get`: credentials for the host in any URL form, or NotFoundError. */
export async function get(serverUrl: string, configFile: string, deps: TokenDeps): Promise<DockerCredentials> {
  const url = serverUrl.trim();
  if (url === '') throw new NotFoundError('no server URL on stdin');
  const config = loadConfig(configFile);
  const host = hostOf(url);
  const target = lookup(config, host);
  if (!target) throw new NotFoundError(`no mapping for ${host} in ${configFile}`);
  const credentials = await credentialsFor(target, deps);
  return { ServerURL: url, Username: credentials.username, Secret: credentials.password };
}

/** `list`: every host `get` answers for, each with the user name ECR expects. */
export function list(config: HelperConfig): Record<string, string> {
  return Object.fromEntries(hosts(config).map((host) => [host, 'AWS']));
}
