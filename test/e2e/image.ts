/** Builds a small OCI image layout on disk, with one layer larger than Lambda's 6 MB payload limit. */
import { execFile } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';

const run = promisify(execFile);
const sha256 = (data: Buffer | string) => `sha256:${createHash('sha256').update(data).digest('hex')}`;

export interface TestImage {
  /** OCI layout directory; the image is tagged `tag` in it. */
  layout: string;
  /** The same layout as an OCI archive (tar), for `ctr images import`. */
  archive: string;
  tag: string;
  manifestDigest: string;
  configDigest: string;
  layerSizes: number[];
}

async function layerFrom(dir: string, name: string, files: Record<string, Buffer>): Promise<{ gz: Buffer; diffId: string }> {
  const root = join(dir, `${name}-root`);
  await mkdir(root, { recursive: true });
  for (const [file, content] of Object.entries(files)) await writeFile(join(root, file), content);
  const tarFile = join(dir, `${name}.tar`);
  // Fixed owner and mtime keep the layer's shape the same from run to run.
  await run('tar', ['--sort=name', '--owner=0', '--group=0', '--numeric-owner', '--mtime=@0', '-C', root, '-cf', tarFile, '.']);
  const tar = await readFile(tarFile);
  return { gz: gzipSync(tar), diffId: sha256(tar) };
}

export async function buildTestImage(dir: string, options: { bigLayerBytes?: number; tag?: string } = {}): Promise<TestImage> {
  const layout = join(dir, 'layout');
  const blobs = join(layout, 'blobs', 'sha256');
  await mkdir(blobs, { recursive: true });
  const put = async (data: Buffer) => {
    const digest = sha256(data);
    await writeFile(join(blobs, digest.slice(7)), data);
    return { digest, size: data.length };
  };
  // Random bytes do not compress, so the gzipped layer stays over the limit.
  const big = await layerFrom(dir, 'big', { 'payload.bin': randomBytes(options.bigLayerBytes ?? 8 * 1024 * 1024) });
  const small = await layerFrom(dir, 'small', { 'hello.txt': Buffer.from('hello from ecr-custom-domain e2e\n') });
  const layers = [await put(big.gz), await put(small.gz)];
  const config = Buffer.from(
    JSON.stringify({
      architecture: 'amd64',
      os: 'linux',
      config: { Cmd: ['/hello.txt'] },
      rootfs: { type: 'layers', diff_ids: [big.diffId, small.diffId] },
      history: [{ created_by: 'ecr-custom-domain e2e: payload.bin' }, { created_by: 'ecr-custom-domain e2e: hello.txt' }],
    }),
  );
  const configBlob = await put(config);
  const manifest = Buffer.from(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: 'application/vnd.oci.image.manifest.v1+json',
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...configBlob },
      layers: layers.map((l) => ({ mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip', ...l })),
    }),
  );
  const manifestBlob = await put(manifest);
  const tag = options.tag ?? 'v1';
  await writeFile(join(layout, 'oci-layout'), JSON.stringify({ imageLayoutVersion: '1.0.0' }));
  await writeFile(
    join(layout, 'index.json'),
    JSON.stringify({
      schemaVersion: 2,
      manifests: [{ mediaType: 'application/vnd.oci.image.manifest.v1+json', ...manifestBlob, annotations: { 'org.opencontainers.image.ref.name': tag } }],
    }),
  );
  const archive = join(dir, 'layout.tar');
  await run('tar', ['-C', layout, '-cf', archive, '.']);
  return { layout, archive, tag, manifestDigest: manifestBlob.digest, configDigest: configBlob.digest, layerSizes: layers.map((l) => l.size) };
}

/**
 * Adds a multi-arch OCI index to the layout, tagged `tag`: the image for linux/amd64 and a
 * linux/arm64 variant (same layers, its own config), as `docker buildx --platform` would push.
 */
export async function addMultiArchIndex(image: TestImage, tag = 'multi'): Promise<{ indexDigest: string }> {
  const blobs = join(image.layout, 'blobs', 'sha256');
  const read = async (digest: string) => readFile(join(blobs, digest.slice(7)));
  const put = async (data: Buffer) => {
    const digest = sha256(data);
    await writeFile(join(blobs, digest.slice(7)), data);
    return { digest, size: data.length };
  };
  const amd64Manifest = await read(image.manifestDigest);
  const manifest = JSON.parse(amd64Manifest.toString()) as { config: { digest: string } };
  const config = JSON.parse((await read(manifest.config.digest)).toString()) as Record<string, unknown>;
  const armConfig = await put(Buffer.from(JSON.stringify({ ...config, architecture: 'arm64', variant: 'v8' })));
  const armManifest = await put(
    Buffer.from(JSON.stringify({ ...manifest, config: { mediaType: 'application/vnd.oci.image.config.v1+json', ...armConfig } })),
  );
  const type = 'application/vnd.oci.image.manifest.v1+json';
  const index = await put(
    Buffer.from(
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'application/vnd.oci.image.index.v1+json',
        manifests: [
          { mediaType: type, digest: image.manifestDigest, size: amd64Manifest.length, platform: { architecture: 'amd64', os: 'linux' } },
          { mediaType: type, ...armManifest, platform: { architecture: 'arm64', os: 'linux', variant: 'v8' } },
        ],
      }),
    ),
  );
  const layoutIndex = JSON.parse(await readFile(join(image.layout, 'index.json'), 'utf8')) as { manifests: unknown[] };
  layoutIndex.manifests.push({ mediaType: 'application/vnd.oci.image.index.v1+json', ...index, annotations: { 'org.opencontainers.image.ref.name': tag } });
  await writeFile(join(image.layout, 'index.json'), JSON.stringify(layoutIndex));
  return { indexDigest: index.digest };
}
