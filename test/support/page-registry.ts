/**
 * An in-memory registry for the registry page's tests and bench: repositories with tags pointing at manifests,
 * image configs as blobs the registry redirects to a storage URL (as ECR does), a catalog, and calls recorded;
 * a path can be made to fail (500) or stall until the caller's signal aborts, and every answer can be delayed.
 */
import { createHash } from 'node:crypto';
import type { ForwardRequest, ForwardResponse } from '../../function/src/forward.ts';
import type { RegistryAnswer, RegistryReader } from '../../function/src/page-data.ts';

export const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';
export const OCI_INDEX = 'application/vnd.oci.image.index.v1+json';
const OCI_CONFIG = 'application/vnd.oci.image.config.v1+json';

const sha = (body: Buffer) => `sha256:${createHash('sha256').update(body).digest('hex')}`;
const json = (value: unknown) => Buffer.from(JSON.stringify(value));

export function fakeRegistry(options: { delayMs?: number } = {}) {
  const manifests = new Map<string, Buffer>();
  const blobs = new Map<string, Buffer>();
  const tags = new Map<string, Map<string, string>>();
  const calls: string[] = [];
  const failing = new Set<string>();
  const stalled = new Set<string>();
  const catalog: string[] = [];

  const blob = (value: unknown) => {
    const body = json(value);
    blobs.set(sha(body), body);
    return { mediaType: OCI_CONFIG, digest: sha(body), size: body.length };
  };
  const manifest = (value: unknown) => {
    const body = json(value);
    manifests.set(sha(body), body);
    return { digest: sha(body), size: body.length };
  };
  const image = (config: unknown, layers: number[]) => {
    const configBlob = blob(config);
    const layerList = layers.map((size, i) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', digest: `sha256:${String(i).repeat(64)}`, size }));
    return { ...manifest({ schemaVersion: 2, mediaType: OCI_MANIFEST, config: configBlob, layers: layerList }), config: configBlob.digest };
  };
  const tag = (repository: string, name: string, digest: string) => {
    if (!tags.has(repository)) tags.set(repository, new Map());
    tags.get(repository)?.set(name, digest);
    if (!catalog.includes(repository)) catalog.push(repository);
  };

  const answer = (status: number, body: Buffer | string = '', headers: Record<string, string> = {}): RegistryAnswer => ({ status, headers, body: Buffer.from(body) });
  const delay = () => (options.delayMs ? new Promise((resolve) => setTimeout(resolve, options.delayMs)) : undefined);
  const wait = (signal: AbortSignal) => new Promise<never>((_resolve, reject) => signal.addEventListener('abort', () => reject(signal.reason)));

  const reader: RegistryReader = {
    async get(path, query, _accept, signal) {
      calls.push(query === '' ? path : `${path}?${query}`);
      await delay();
      if (stalled.has(path)) return wait(signal);
      if (failing.has(path)) return answer(500, '{"errors":[{"code":"UNAVAILABLE"}]}');
      if (path === '/v2/_catalog') {
        const params = new URLSearchParams(query);
        const n = Number(params.get('n'));
        const after = params.get('last');
        const rest = catalog.filter((name) => after === null || name > after).sort();
        return answer(200, JSON.stringify({ repositories: rest.slice(0, n) }), rest.length > n ? { link: '</v2/_catalog?n=1&last=x>; rel="next"' } : {});
      }
      const match = /^\/v2\/(.+)\/(tags\/list|manifests|blobs)(?:\/(.+))?$/.exec(path);
      const [, repository = '', kind, reference = ''] = match ?? [];
      const held = tags.get(repository);
      if (held === undefined) return answer(404, '{"errors":[{"code":"NAME_UNKNOWN"}]}');
      if (kind === 'tags/list') return answer(200, JSON.stringify({ name: repository, tags: held.size === 0 ? null : [...held.keys()] }));
      if (kind === 'manifests') {
        const body = manifests.get(held.get(reference) ?? reference);
        return body === undefined ? answer(404) : answer(200, body, { 'docker-content-digest': sha(body) });
      }
      return blobs.has(reference) ? answer(307, '', { location: `https://storage.example/${reference}` }) : answer(404);
    },
    async download(url, signal) {
      calls.push(url);
      await delay();
      if (stalled.has(url)) return wait(signal);
      const body = blobs.get(url.replace('https://storage.example/', ''));
      return body === undefined ? answer(404) : answer(200, body);
    },
  };
  return { reader, calls, failing, stalled, catalog, tags, blob, manifest, image, tag };
}


/** The alias's forward over a registry reader: requests for `registry` go to its get, any other host to its download. */
export function forwardTo(reader: RegistryReader, registry: string): (request: ForwardRequest) => Promise<ForwardResponse> {
  return async (request) => {
    const url = new URL(request.url);
    const signal = AbortSignal.timeout(request.timeoutMs);
    const answer = url.host === registry ? await reader.get(url.pathname, url.search.slice(1), request.headers.accept ?? '', signal) : await reader.download(request.url, signal);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(answer.headers)) if (value !== undefined) headers[name] = value;
    return { status: answer.status, headers, body: answer.body };
  };
}
