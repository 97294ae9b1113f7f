/**
 * The streaming door's answer policy (CloudFront in front of the registry): every Location or
 * Link that names the registry becomes a path on the alias, so clients that hold credentials for
 * the alias only (containerd, BuildKit, Docker's containerd image store) keep uploading through
 * it. Blob-storage redirects and everything else pass unchanged. The door forwards requests as
 * they are; CloudFront's configuration (Terraform) decides what reaches the registry.
 *
 * Written in the subset of JavaScript that CloudFront Functions (cloudfront-js-2.0) run: the
 * viewer-response function is built from this file.
 */
import { pathOnRegistry } from '../../src/core/location.ts';

/** A Location on the registry as a path on the alias; any other value unchanged. */
export function locationOnAlias(location: string, registry: string): string {
  const path = pathOnRegistry(location.trim(), registry);
  return path === undefined ? location : path;
}

/** Each `<URL>` of a Link header that names the registry, as a path on the alias; the rest unchanged. */
export function linkOnAlias(link: string, registry: string): string {
  return link.replace(/<([^<>]*)>/g, (whole: string, target: string) => {
    const path = pathOnRegistry(target, registry);
    return path === undefined ? whole : `<${path}>`;
  });
}
