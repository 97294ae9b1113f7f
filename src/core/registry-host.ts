/**
 * Registry hosts: the `host[:port]` the alias, serve and the credential helper take (no scheme or
 * path), and the region an Amazon ECR host names.
 */
import { ConfigError } from './errors.ts';

// A DNS name or IPv4 address, optionally with a port; no scheme, path, userinfo or whitespace.
const HOST_PORT =
  /^(?=.{1,253}(?::\d{1,5})?$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*(?::(\d{1,5}))?$/;

/** Validates `host[:port]` and returns it lower-cased; throws a one-line ConfigError naming `name`. */
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

// An AWS region name: us-east-1, us-gov-west-1, cn-north-1, us-isob-east-1.
const REGION = '[a-z]{2}(?:-[a-z]+)+-\\d+';
const REGION_NAME = new RegExp(`^${REGION}$`);
// <account>.dkr.ecr[-fips].<region>.<partition's domain>, e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com.
const ECR_HOST = new RegExp(`^\\d{12}\\.dkr\\.ecr(?:-fips)?\\.(${REGION})\\.(?:amazonaws\\.com(?:\\.cn)?|c2s\\.ic\\.gov|sc2s\\.sgov\\.gov)$`);

/** True for an AWS region name such as `us-east-1`. */
export function isRegion(name: string): boolean {
  return REGION_NAME.test(name);
}

/** The region of an ECR registry host (lower-case, no port), or undefined for any other host. */
export function ecrRegion(host: string): string | undefined {
  return ECR_HOST.exec(host)?.[1];
}

/** The account (registry ID) of an ECR registry host, or undefined for any other host. */
export function ecrAccount(host: string): string | undefined {
  return ecrRegion(host) === undefined ? undefined : host.slice(0, 12);
}
