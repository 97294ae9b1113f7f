import { describe, expect, it } from 'vitest';
import { decide, forwardedHeaders, type RegistryRequest } from '../../function/src/decide.ts';
import { encodePath, encodeQuery } from '../../src/core/location.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const config = { registry } as const;
const DOCKER = 'docker/20.10.24+dfsg1 go/go1.19.8 git-commit/5d6db84 kernel/6.1.0 os/linux arch/amd64 UpstreamClient(Docker-Client/28.2.2 \\(linux\\))';
// Defaults to the docker engine without credentials: the client that is always redirected.
const request = (over: Partial<RegistryRequest>): RegistryRequest => ({
  method: 'GET',
  path: '/v2/',
  query: '',
  headers: { 'user-agent': DOCKER },
  alias: 'ecr.example.com',
  ...over,
});

function location(over: Partial<RegistryRequest>): string {
  const outcome = decide(request(over), config);
  if (outcome.kind !== 'redirect') throw new Error(`expected a redirect, got ${outcome.kind}`);
  return outcome.location;
}

describe('redirects under /v2', () => {
  it.each(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])('redirects %s with a 307 location', (method) => {
    expect(location({ method, path: '/v2/app/blobs/uploads/' })).toBe(`https://${registry}/v2/app/blobs/uploads/`);
  });

  it.each([
    ['/v2/', '', '/v2/'],
    ['/v2', '', '/v2'],
    ['/v2/team/app/tags/list', 'n=10&last=v1', '/v2/team/app/tags/list?n=10&last=v1'],
    ['/v2/_catalog', 'n=100&last=team%2Fapp', '/v2/_catalog?n=100&last=team%2Fapp'],
    ['/v2/app/blobs/uploads/', 'mount=sha256%3Aabc&from=other%2Frepo', '/v2/app/blobs/uploads/?mount=sha256%3Aabc&from=other%2Frepo'],
    ['/v2/app/blobs/uploads/0f3c-11', 'digest=sha256:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce', '/v2/app/blobs/uploads/0f3c-11?digest=sha256:4e07408562bedb8b60ce05c1decfe3ad16b72230967de01f640b7e4729b49fce'],
    ['/v2/app/manifests/sha256:4e07408562bedb8b', '', '/v2/app/manifests/sha256:4e07408562bedb8b'],
    ['/v2/app/tags/list', 'a=1&a=2&empty=&flag', '/v2/app/tags/list?a=1&a=2&empty=&flag'],
  ])('keeps path %s and query %j exactly', (path, query, expected) => {
    expect(location({ path, query })).toBe(`https://${registry}${expected}`);
  });

  it.each([
    ['/v2/a\r\nset-cookie: x=1/manifests/latest', '/v2/a%0D%0Aset-cookie:%20x=1/manifests/latest'],
    ['/v2/app?evil/manifests/x', '/v2/app%3Fevil/manifests/x'],
    ['/v2/app#frag', '/v2/app%23frag'],
    ['/v2/100%/x', '/v2/100%25/x'],
    ['/v2/ünï/x', '/v2/%C3%BCn%C3%AF/x'],
    ['/v2/lone\uD800/x', '/v2/lone%EF%BF%BD/x'],
    ['/v2/a\\b', '/v2/a%5Cb'],
  ])('percent-encodes dangerous characters in path %j', (path, expected) => {
    expect(location({ path })).toBe(`https://${registry}${expected}`);
  });

  it.each([
    ['a=1\r\nx: y', 'a=1%0D%0Ax:%20y'],
    ['a=<script>', 'a=%3Cscript%3E'],
    ['last=%2Fok', 'last=%2Fok'],
  ])('keeps existing escapes in query %j and encodes only illegal characters', (query, expected) => {
    expect(location({ query })).toBe(`https://${registry}/v2/?${expected}`);
  });

  it.each([
    { path: '//evil.example.com/v2/' },
    { path: '/v2/../../evil' },
    { path: '/v2@evil.example.com/' },
    { path: '/v2/x', headers: { 'user-agent': DOCKER, host: 'evil.example.com', 'x-forwarded-host': 'evil.example.com' } },
    { path: '/v2/x', headers: { authorization: 'Basic eA==', host: 'evil.example.com' } },
    { path: '/v2/\\\\evil.example.com' },
    { path: '/v2/x', query: '@evil.example.com' },
  ])('never leaves the registry host (%j)', (over) => {
    const outcome = decide(request(over), config);
    if (outcome.kind === 'reply') return expect(outcome.status).toBe(404);
    if (outcome.kind !== 'redirect' && outcome.kind !== 'forward') throw new Error(`unexpected ${outcome.kind}`);
    const target = outcome.kind === 'redirect' ? outcome.location : outcome.url;
    expect(new URL(target).host).toBe(registry);
    expect(target.startsWith(`https://${registry}/`)).toBe(true);
    expect(target).not.toMatch(/[\r\n\s]/);
  });
});

const UA = {
  docker: DOCKER,
  containerd: 'containerd/1.6.20~ds1',
  skopeo: 'skopeo/1.9.3',
  podman: 'containers/5.23.1 (github.com/containers/image)',
  buildkit: 'buildkit/v0.12',
  // Docker Engine >= 29 and Docker Desktop >= 4.34: the containerd image store. moby docker-v29.0.0:
  // dockerversion.DockerUserAgent, then containerd-client/<containerd version.Version> and storage-driver/<snapshotter>
  // appended by daemon/containerd/resolver.go; Desktop's shape is the same with its own versions (example values).
  docker29: 'docker/29.0.0 go/go1.25.4 git-commit/d105562 kernel/6.8.0-87-generic os/linux arch/amd64 containerd-client/2.1.5+unknown storage-driver/overlayfs UpstreamClient(Docker-Client/29.0.0 \\(linux\\))',
  desktop: 'docker/28.4.0 go/go1.24.7 git-commit/249d679 kernel/6.10.14-linuxkit os/linux arch/arm64 containerd-client/1.7.27 storage-driver/overlayfs UpstreamClient(Docker-Client/28.4.0 \\(darwin\\))',
  containerd2: 'containerd/2.1.4',
  // nerdctl: containerd's resolver default, `containerd/<version>` (assumed: we found no User-Agent of its own in its source).
  nerdctl: 'containerd/1.7.27+unknown',
  none: undefined,
} as const;

describe('redirect, forward or challenge: the per-request rule', () => {
  it.each([
    // [client, method, path, has credentials, expected]
    ['docker', 'GET', '/v2/', false, 'redirect'],
    ['docker', 'HEAD', '/v2/app/manifests/v1', false, 'redirect'],
    ['docker', 'POST', '/v2/app/blobs/uploads/', false, 'redirect'],
    ['docker', 'HEAD', '/v2/app/manifests/v1', true, 'forward'],
    ['containerd', 'HEAD', '/v2/app/manifests/v1', false, 'challenge'],
    ['containerd', 'GET', '/v2/app/blobs/sha256:abc', false, 'challenge'],
    ['containerd', 'HEAD', '/v2/app/manifests/v1', true, 'forward'],
    ['containerd', 'GET', '/v2/', false, 'redirect'],
    ['skopeo', 'GET', '/v2/', false, 'redirect'],
    ['skopeo', 'GET', '/v2/app/manifests/v1', true, 'forward'],
    ['skopeo', 'PUT', '/v2/app/manifests/v1', true, 'forward'],
    ['podman', 'GET', '/v2/app/manifests/v1', false, 'challenge'],
    ['buildkit', 'HEAD', '/v2/app/manifests/v1', false, 'challenge'],
    ['none', 'HEAD', '/v2/app/manifests/v1', false, 'challenge'],
    ['none', 'GET', '/v2', false, 'redirect'],
    // The containerd image store is containerd: challenged for the alias, its GET /v2/ probe included.
    ['docker29', 'GET', '/v2/', false, 'challenge'],
    ['docker29', 'HEAD', '/v2/', false, 'challenge'],
    ['docker29', 'HEAD', '/v2/app/manifests/v1', false, 'challenge'],
    ['docker29', 'POST', '/v2/app/blobs/uploads/', false, 'challenge'],
    ['docker29', 'GET', '/v2/', true, 'forward'],
    ['docker29', 'HEAD', '/v2/app/manifests/v1', true, 'forward'],
    ['docker29', 'GET', '/v2/app/blobs/sha256:abc', true, 'forward'],
    ['desktop', 'GET', '/v2/', false, 'challenge'],
    ['desktop', 'GET', '/v2/app/manifests/v1', false, 'challenge'],
    ['containerd2', 'HEAD', '/v2/app/manifests/v1', false, 'challenge'],
    ['nerdctl', 'HEAD', '/v2/app/manifests/v1', false, 'challenge'],
    ['buildkit', 'POST', '/v2/app/blobs/uploads/', false, 'challenge'],
    ['buildkit', 'POST', '/v2/app/blobs/uploads/', true, 'forward'],
  ] as const)('%s %s %s, credentials %s → %s', (client, method, path, credentials, expected) => {
    const headers: Record<string, string> = {};
    const ua = UA[client];
    if (ua !== undefined) headers['user-agent'] = ua;
    if (credentials) headers.authorization = 'Basic QVdTOnNlY3JldA==';
    expect(decide(request({ method, path, headers }), config).kind).toBe(expected);
  });

  it('challenges with a Basic realm naming the alias host', () => {
    expect(decide(request({ path: '/v2/app/manifests/v1', headers: {}, alias: 'ecr.example.com:8443' }), config)).toEqual({
      kind: 'challenge',
      realm: 'https://ecr.example.com:8443/',
    });
  });

  it('keeps quotes and line breaks out of the realm', () => {
    const outcome = decide(request({ path: '/v2/x', headers: {}, alias: 'a.example.com",x="y\r\nz' }), config);
    expect(outcome).toEqual({ kind: 'challenge', realm: 'https://a.example.comxyz/' });
  });

  it('forwards to the registry URL with path and query intact', () => {
    const outcome = decide(request({ path: '/v2/app/tags/list', query: 'n=1&last=a', headers: { authorization: 'Basic eA==' } }), config);
    expect(outcome).toMatchObject({ kind: 'forward', url: `https://${registry}/v2/app/tags/list?n=1&last=a` });
  });

  it('forwards credentials and Accept, drops hop-by-hop and gateway headers', () => {
    expect(
      forwardedHeaders({
        authorization: 'Basic eA==',
        accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json',
        'content-type': 'application/vnd.oci.image.manifest.v1+json',
        'user-agent': 'skopeo/1.9.3',
        host: 'ecr.example.com',
        connection: 'keep-alive',
        'keep-alive': 'timeout=5',
        'transfer-encoding': 'chunked',
        'content-length': '12',
        'accept-encoding': 'gzip',
        'proxy-authorization': 'Basic cHJveHk=',
        te: 'trailers',
        upgrade: 'h2c',
        'x-forwarded-for': '198.51.100.7',
        'x-forwarded-proto': 'https',
        'x-amzn-trace-id': 'Root=1-2-3',
        via: '1.1 gateway',
      }),
    ).toEqual({
      authorization: 'Basic eA==',
      accept: 'application/vnd.oci.image.index.v1+json, application/vnd.docker.distribution.manifest.list.v2+json',
      'content-type': 'application/vnd.oci.image.manifest.v1+json',
      'user-agent': 'skopeo/1.9.3',
    });
  });
});

describe('dot segments', () => {
  it.each(['/v2/../debug/vars', '/v2/..', '/v2/app/../../debug/vars', '/v2/app/./manifests/v1', '/v2/./', '/v2/app/blobs/..'])(
    'never sends %s upstream in private access, where URL normalisation would move it (out of /v2/)',
    (path) => {
      for (const headers of [{ authorization: 'Basic eA==' }, { 'user-agent': DOCKER }, {}]) {
        const outcome = decide(request({ path, headers }), config);
        expect(outcome).toMatchObject({ kind: 'reply', status: 404 });
      }
    },
  );

  it('keeps names that only contain dots', () => {
    expect(decide(request({ path: '/v2/a.b/manifests/v1.0', headers: { authorization: 'Basic eA==' } }), config)).toMatchObject({ kind: 'forward' });
  });
});

describe('outside /v2', () => {
  it.each(['/', '/v1/', '/v2foo', '/V2/', '/favicon.ico', '//v2/', '/healthz'])('answers %s with 404 and OCI error JSON', (path) => {
    const outcome = decide(request({ path }), config);
    expect(outcome.kind).toBe('reply');
    if (outcome.kind !== 'reply') return;
    expect(outcome.status).toBe(404);
    expect(outcome.headers['content-type']).toBe('application/json');
    const body = JSON.parse(outcome.body) as { errors: { code: string; message: string }[] };
    expect(body.errors).toHaveLength(1);
    expect(body.errors[0]?.code).toBe('UNSUPPORTED');
    expect(body.errors[0]?.message).toMatch(/\/v2\//);
  });
});

describe('encoders', () => {
  it('returns a safe path unchanged (no copy on the hot path)', () => {
    const path = '/v2/team/app/manifests/sha256:abc';
    expect(encodePath(path)).toBe(path);
  });
  it('encodes every ASCII control character in a query', () => {
    for (let c = 0; c < 0x20; c++) expect(encodeQuery(`a=${String.fromCharCode(c)}`)).toBe(`a=%${c.toString(16).toUpperCase().padStart(2, '0')}`);
  });
});
