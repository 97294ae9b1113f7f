/**
 * Pushes small images straight to a registry over its HTTP API (monolithic blob uploads, then the manifest), with
 * Basic credentials: how the registry page's tests fill a real registry with what the page shows (descriptions,
 * sources, created times, multi-platform indexes) without building images.
 */
import { createHash, randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { send } from './http.ts';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';
const OCI_LAYER = 'application/vnd.oci.image.layer.v1.tar+gzip';

export interface Registry {
  /** https://host:port */
  base: string;
  authorization: string;
  ca: Buffer;
}

export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
}

const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

/** POST, then PUT ?digest= to the upload's Location (absolute or relative). */
export async function pushBlob(registry: Registry, repository: string, bytes: Buffer, mediaType: string): Promise<Descriptor> {
  const digest = sha256(bytes);
  const headers = { authorization: registry.authorization };
  const started = await send(registry.base, `/v2/${repository}/blobs/uploads/`, { method: 'POST', headers, ca: registry.ca });
  const location = started.headers.location;
  if (started.status !== 202 || location === undefined) throw new Error(`upload to ${repository} answered ${started.status}: ${started.body.toString().slice(0, 200)}`);
  const url = new URL(location, registry.base);
  url.searchParams.set('digest', digest);
  const put = await send(url.origin, `${url.pathname}${url.search}`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes, ca: registry.ca });
  if (put.status !== 201) throw new Error(`blob PUT to ${repository} answered ${put.status}: ${put.body.toString().slice(0, 200)}`);
  return { mediaType, digest, size: bytes.length };
}

export async function pushManifest(registry: Registry, repository: string, references: readonly string[], manifest: object): Promise<Descriptor> {
  const body = Buffer.from(JSON.stringify(manifest));
  const mediaType = (manifest as { mediaType: string }).mediaType;
  for (const reference of references) {
    const put = await send(registry.base, `/v2/${repository}/manifests/${reference}`, { method: 'PUT', headers: { authorization: registry.authorization, 'content-type': mediaType }, body, ca: registry.ca });
    if (put.status !== 201) throw new Error(`manifest PUT ${repository}:${reference} answered ${put.status}: ${put.body.toString().slice(0, 200)}`);
  }
  return { mediaType, digest: sha256(body), size: body.length };
}

export interface ImageOptions {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  /** Layer sizes before compression (random bytes: they stay about as big). */
  layers?: number[];
}

/** One image manifest with its config and layers, tagged with each of `tags` (none: pushed by digest only). */
export async function pushImage(registry: Registry, repository: string, tags: readonly string[], options: ImageOptions = {}): Promise<Descriptor & { config: string }> {
  const layers = await Promise.all((options.layers ?? [1024]).map((size) => pushBlob(registry, repository, gzipSync(randomBytes(size)), OCI_LAYER)));
  const config = {
    architecture: options.architecture ?? 'amd64',
    os: options.os ?? 'linux',
    ...(options.variant ? { variant: options.variant } : {}),
    ...(options.created ? { created: options.created } : {}),
    config: { Labels: options.labels ?? {} },
    rootfs: { type: 'layers', diff_ids: layers.map((layer) => layer.digest) },
  };
  const configBlob = await pushBlob(registry, repository, Buffer.from(JSON.stringify(config)), OCI_CONFIG);
  const manifest = { schemaVersion: 2, mediaType: OCI_MANIFEST, config: configBlob, layers, ...(options.annotations ? { annotations: options.annotations } : {}) };
  // Without a tag, by its digest.
  const references = tags.length > 0 ? tags : [sha256(Buffer.from(JSON.stringify(manifest)))];
  return { ...(await pushManifest(registry, repository, references, manifest)), config: configBlob.digest };
}

/** A multi-platform index of one image per platform, tagged with each of `tags`. */
export async function pushIndex(registry: Registry, repository: string, tags: readonly string[], platforms: readonly ImageOptions[], annotations: Record<string, string> = {}): Promise<Descriptor> {
  const manifests = [];
  for (const platform of platforms) {
    const image = await pushImage(registry, repository, [], platform);
    manifests.push({ mediaType: image.mediaType, digest: image.digest, size: image.size, platform: { os: platform.os ?? 'linux', architecture: platform.architecture ?? 'amd64', ...(platform.variant ? { variant: platform.variant } : {}) } });
  }
  return pushManifest(registry, repository, tags, { schemaVersion: 2, mediaType: OCI_INDEX, manifests, annotations });
}
