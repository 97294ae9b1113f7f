/** Public access through real clients: anonymous and password-protected read-only pulls of chosen repositories. */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { send } from '../support/http.ts';
import { type Clients, ctr, docker, ociLayoutDigest, podman, skopeo, trustInDocker } from './clients.ts';
import { addMultiArchIndex, type TestImage } from './image.ts';
import type { StandIn } from './stand-in.ts';

export type Check = (client: string, operation: string, fn: () => Promise<string | undefined>) => Promise<void>;

const PUBLIC_KEY_ID = 'AKIAPUBLICALIAS00001';
const failed = (result: { code: number; stderr: string; stdout: string }, what: string) =>
  result.code === 0 ? undefined : `${what} exited ${result.code}: ${(result.stderr || result.stdout).trim().split('\n').at(-1)?.slice(0, 200)}`;

async function trust(c: Clients, s: StandIn, host: string): Promise<void> {
  await mkdir(join(c.paths.hostsDir, host), { recursive: true });
  await writeFile(join(c.paths.hostsDir, host, 'hosts.toml'), `server = "https://${host}"\n\n[host."https://${host}"]\n  ca = "${s.caFile}"\n`);
  await trustInDocker(host, s.caFile);
}

/** What a client sees of a response, without what differs per request. */
function shape(response: { status: number; headers: Record<string, unknown>; body: Buffer }): string {
  const { date: _d, 'apigw-requestid': _r, ...headers } = response.headers;
  return JSON.stringify({ status: response.status, headers, body: response.body.toString() });
}

export async function runPublicChecks(check: Check, s: StandIn, c: Clients, image: TestImage, dir: string): Promise<{ notes: string[]; secrets: string[] }> {
  const ca = await readFile(s.caFile);
  const { indexDigest } = await addMultiArchIndex(image);
  // Seed through the private alias, with the helper's credentials: tags, a multi-arch index, and a repository kept private.
  const auth = ['--authfile', c.paths.authFile, '--dest-cert-dir', c.paths.certDir];
  for (const tag of ['v2', 'v3']) await skopeo(c, ['copy', ...auth, `oci:${image.layout}:${image.tag}`, `docker://${s.alias}/e2e/app:${tag}`]);
  await skopeo(c, ['copy', ...auth, `oci:${image.layout}:${image.tag}`, `docker://${s.alias}/e2e/secret:v1`]);
  const seeded = await skopeo(c, ['copy', '--all', ...auth, `oci:${image.layout}:multi`, `docker://${s.alias}/e2e/multi:v1`]);
  if (seeded.code !== 0) throw new Error(`seeding the multi-arch index failed: ${seeded.stderr}`);

  const awsEnv = { AWS_ENDPOINT_URL_ECR: s.api.url, AWS_ACCESS_KEY_ID: PUBLIC_KEY_ID, AWS_SECRET_ACCESS_KEY: 'public-alias-secret', AWS_REGION: 'us-east-1' };
  // e2e/app is published by name, e2e/multi by its ECR tag (learned from the ECR API stand-in), e2e/secret by neither.
  s.api.tag('e2e/app');
  s.api.tag('e2e/multi', { e2e: 'public' });
  s.api.tag('e2e/secret', { e2e: 'private' });
  const publicAlias = await s.startAlias(['--access', 'public', '--repositories', 'e2e/app', '--repository-tag', 'e2e=public'], awsEnv);
  const pub = publicAlias.url.replace('https://', '');
  await trust(c, s, pub);
  const anonymous = join(dir, 'anonymous-auth.json');
  await writeFile(anonymous, '{}');

  await check('public: serve', 'readyz', async () => {
    const ready = await send(`https://${pub}`, '/readyz', { ca });
    return ready.status === 200 ? undefined : `/readyz answered ${ready.status}: ${ready.body.toString().trim()}`;
  });
  await check('public: skopeo', 'pull', async () => {
    const out = join(dir, 'public-skopeo');
    const result = failed(await skopeo(c, ['copy', '--src-no-creds', '--src-cert-dir', c.paths.certDir, `docker://${pub}/e2e/app:v1`, `oci:${out}:v1`]), 'skopeo copy');
    if (result) return result;
    const digest = await ociLayoutDigest(out);
    return digest === image.manifestDigest ? undefined : `pulled ${digest}, pushed ${image.manifestDigest}`;
  });
  await check('public: docker engine', 'pull', async () => {
    await docker(c, ['rmi', '-f', `${pub}/e2e/app:v1`]);
    const result = failed(await docker(c, ['pull', `${pub}/e2e/app:v1`]), 'docker pull');
    if (result) return result;
    const id = (await docker(c, ['image', 'inspect', '--format', '{{.Id}}', `${pub}/e2e/app:v1`])).stdout.trim();
    return id === image.configDigest ? undefined : `image id ${id}`;
  });
  await check('public: podman', 'pull', async () =>
    failed(await podman(c, ['pull', '--authfile', anonymous, '--cert-dir', c.paths.certDir, `${pub}/e2e/app:v1`]), 'podman pull'),
  );
  await check('public: containerd ctr', 'pull', async () =>
    failed(await ctr(c, ['images', 'pull', '--hosts-dir', c.paths.hostsDir, `${pub}/e2e/app:v1`]), 'ctr images pull'),
  );
  await check('public: multi-arch index', 'pull', async () => {
    const out = join(dir, 'public-multi');
    const result = failed(await skopeo(c, ['copy', '--all', '--src-no-creds', '--src-cert-dir', c.paths.certDir, `docker://${pub}/e2e/multi:v1`, `oci:${out}:v1`]), 'skopeo copy --all');
    if (result) return result;
    const digest = await ociLayoutDigest(out);
    if (digest !== indexDigest) return `pulled ${digest}, pushed index ${indexDigest}`;
    return failed(await docker(c, ['pull', `${pub}/e2e/multi:v1`]), 'docker pull of the index');
  });
  await check('public: denied repository', 'looks missing', async () => {
    for (const method of ['GET', 'HEAD']) {
      const denied = await send(`https://${pub}`, '/v2/e2e/secret/manifests/v1', { method, ca });
      const missing = await send(`https://${pub}`, '/v2/e2e/nothing-here/manifests/v1', { method, ca });
      if (denied.status !== 404) return `${method} of a denied repository answered ${denied.status}`;
      if (shape(denied) !== shape(missing)) return `${method}: denied ${shape(denied)} differs from missing ${shape(missing)}`;
    }
    const denied = await skopeo(c, ['inspect', '--no-creds', '--cert-dir', c.paths.certDir, `docker://${pub}/e2e/secret:v1`]);
    const missing = await skopeo(c, ['inspect', '--no-creds', '--cert-dir', c.paths.certDir, `docker://${pub}/e2e/nothing-here:v1`]);
    if (denied.code === 0) return 'skopeo inspect of a denied repository succeeded';
    const normalise = (text: string) => text.replaceAll('e2e/secret', 'NAME').replaceAll('e2e/nothing-here', 'NAME').replace(/time="[^"]*"/g, '');
    return normalise(denied.stderr) === normalise(missing.stderr) ? undefined : 'skopeo tells a denied repository from a missing one';
  });
  await check('public: skopeo', 'push fails', async () => {
    const result = await skopeo(c, ['copy', '--dest-no-creds', '--dest-cert-dir', c.paths.certDir, `oci:${image.layout}:${image.tag}`, `docker://${pub}/e2e/app:pushed`]);
    if (result.code === 0) return 'a push through the public alias succeeded';
    return /405|UNSUPPORTED|read-only|not allowed/i.test(result.stderr) ? undefined : `push failed, but unclearly: ${result.stderr.trim().split('\n').at(-1)}`;
  });
  await check('public: tags/list?n=1', 'follows Link', async () => {
    const tags: string[] = [];
    let path: string | undefined = '/v2/e2e/app/tags/list?n=1';
    for (let i = 0; path !== undefined && i < 20; i++) {
      const response = await send(`https://${pub}`, path, { ca });
      if (response.status !== 200) return `${path} answered ${response.status}`;
      tags.push(...(JSON.parse(response.body.toString()) as { tags: string[] }).tags);
      const link = response.headers.link;
      const target = typeof link === 'string' ? /<([^>]+)>/.exec(link)?.[1] : undefined;
      if (target === undefined) path = undefined;
      else {
        const next = new URL(target, `https://${pub}`);
        if (next.host !== pub) return `Link points at ${next.host}, not the alias`;
        path = `${next.pathname}${next.search}`;
      }
    }
    return tags.sort().join(',') === 'v1,v2,v3' ? undefined : `listed ${tags.join(',')}`;
  });
  await check('public: catalog', 'allowed only', async () => {
    const response = await send(`https://${pub}`, '/v2/_catalog', { ca });
    const repositories = (JSON.parse(response.body.toString()) as { repositories: string[] }).repositories;
    return repositories.join(',') === 'e2e/app,e2e/multi' ? undefined : `catalog lists ${repositories.join(',')}`;
  });

  await check('public: registry page', 'published only', async () => {
    const page = await send(`https://${pub}`, '/', { ca, headers: { accept: 'text/html' } });
    if (page.status !== 200) return `GET / answered ${page.status}`;
    if (!String(page.headers['content-security-policy']).startsWith("default-src 'none'")) return 'no Content-Security-Policy';
    const html = page.body.toString();
    const shown = [...html.matchAll(/<h2 id="r\d+"><a href="[^"]*">([^<]*)<\/a><\/h2>/g)].map((m) => m[1]).join(',');
    if (shown !== 'e2e/app,e2e/multi') return `the page shows ${shown}`;
    return html.includes(`docker pull ${pub}/e2e/multi:v1`) ? undefined : 'no pull command for the tagged repository';
  });

  const passwordFile = join(dir, 'public-basic.txt');
  const password = `pull-${Math.random().toString(36).slice(2)}`;
  await writeFile(passwordFile, `puller:${password}\n`, { mode: 0o600 });
  const basicAlias = await s.startAlias(['--access', 'public', '--repositories', 'e2e/app', '--auth', 'basic', '--basic-auth-file', passwordFile], awsEnv);
  const basic = basicAlias.url.replace('https://', '');
  await trust(c, s, basic);
  await check('public basic: docker engine', 'login + pull', async () => {
    const wrong = await c.exec('/usr/bin/docker', ['--host', `unix://${c.paths.dockerSock}`, 'login', '-u', 'puller', '--password-stdin', basic], { input: 'wrong' });
    if (wrong.code === 0) return 'docker login accepted a wrong password';
    const login = failed(await c.exec('/usr/bin/docker', ['--host', `unix://${c.paths.dockerSock}`, 'login', '-u', 'puller', '--password-stdin', basic], { input: password }), 'docker login');
    if (login) return login;
    const pulled = failed(await docker(c, ['pull', `${basic}/e2e/app:v1`]), 'docker pull');
    if (pulled) return pulled;
    const anonymousPull = await skopeo(c, ['inspect', '--no-creds', '--cert-dir', c.paths.certDir, `docker://${basic}/e2e/app:v1`]);
    return anonymousPull.code === 0 ? 'an anonymous client got through basic auth' : undefined;
  });

  const tokenCalls = s.api.calls.filter((call) => call.accessKeyId === PUBLIC_KEY_ID && call.operation === 'GetAuthorizationToken').length;
  const notes = [`GetAuthorizationToken calls by the public aliases: ${tokenCalls} (two aliases: one each)`, ...(tokenCalls === 2 ? [] : ['UNEXPECTED token call count'])];
  return { notes, secrets: [password, Buffer.from(`puller:${password}`).toString('base64')] };
}
