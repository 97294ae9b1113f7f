/** The alias's configuration, read once at init from the environment. */
export interface AliasConfig {
  /** Upstream registry authority, `host[:port]`, e.g. `123456789012.dkr.ecr.us-east-1.amazonaws.com`. */
  readonly registry: string;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

// A DNS name or IPv4 address, optionally with a port; no scheme, path, userinfo or whitespace.
const HOST_PORT =
  /^(?=.{1,253}(?::\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::(\d{1,5}))?$/;

/** Validates `host[:port]` and returns it lower-cased; throws a one-line error naming `name`. */
export function parseRegistry(value: string | undefined, name = 'ECR_REGISTRY'): string {
  if (value === undefined || value.trim() === '') {
    throw new ConfigError(
      `${name} is not set: set it to the upstream registry host[:port], e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com`,
    );
  }
  const match = HOST_PORT.exec(value);
  const port = match?.[1];
  if (!match || (port !== undefined && (Number(port) < 1 || Number(port) > 65535))) {
    throw new ConfigError(
      `${name} must be a registry host[:port] without scheme or path, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com; got ${JSON.stringify(value.slice(0, 100))}`,
    );
  }
  return value.toLowerCase();
}

export function readConfig(env: Readonly<Record<string, string | undefined>>): AliasConfig {
  return { registry: parseRegistry(env.ECR_REGISTRY) };
}
