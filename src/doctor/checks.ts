/**
 * What each front door should answer, as pure expectations over recorded answers: every check says
 * what it saw, and when that breaks a client, which clients and the fix. No I/O here.
 */
import { createHash } from 'node:crypto';
import { httpsUrl } from '../core/http.ts';
import { isBasePath, parseRegistryPath } from '../core/registry-path.ts';
import { LIMITS as API_GATEWAY_LIMITS } from '../serve/doors/api-gateway.ts';
import { CLOUDFRONT_LIMITS } from '../serve/doors/cloudfront.ts';

export type Status = 'pass' | 'fail' | 'skip';

export interface Check {
  name: string;
  status: Status;
  detail: string;
  fix?: string;
}

/** One HTTP answer as doctor recorded it; header names lower-cased. */
export interface Answer {
  status: number;
  headers: Readonly<Record<string, string | undefined>>;
  body: Buffer;
}

/**
 * Which door answers on the domain, from its unauthenticated `GET /v2/`:
 * - `api-gateway`: private access through the Lambda (307 to the registry);
 * - `cloudfront`: the streaming door (the registry's own challenge, for its own host);
 * - `public`: the Lambda's public access (200, or a challenge for the domain plus 405 on uploads);
 * - `registry`: the domain challenges for itself and accepts uploads: a registry with no door in front.
 */
export type Door =
  | { kind: 'api-gateway'; registry: string }
  | { kind: 'cloudfront'; registry: string }
  | { kind: 'public'; auth: 'none' | 'basic' }
  | { kind: 'registry' };

export interface Problem {
  problem: string;
  fix: string;
}

export interface Blob {
  digest: string;
  size: number;
}

export const pass = (name: string, detail: string): Check => ({ name, status: 'pass', detail });
export const fail = (name: string, detail: string, fix: string): Check => ({ name, status: 'fail', detail, fix });
export const skip = (name: string, detail: string): Check => ({ name, status: 'skip', detail });

// Who breaks, named once so every check says it the same way.
const CONTAINERD_CLIENTS = 'containerd (ctr, nerdctl), Docker >= 29 and Docker Desktop with the containerd image store, BuildKit and kubelet CRI pulls';
const CONTAINERS_IMAGE = 'skopeo, podman and buildah';
const CONTAINERD_PUSHER = 'containerd’s pusher (Docker >= 29, Docker Desktop, BuildKit / docker buildx --push, nerdctl, ctr)';
const FUNCTION_FIX = 'deploy the module’s function (function/src/decide.ts) behind the domain, not a bare redirect';

/** `host[:port]` as docker names a registry: lower case, no `:443`. */
export function normalHost(host: string): string {
  return host.toLowerCase().replace(/:443$/, '');
}

/** The host of an absolute https URL, or undefined. */
export function httpsHost(url: string): string | undefined {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' ? normalHost(parsed.host) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether doctor may send credentials to a URL: the domain itself, or over HTTPS the registry the
 * helper's config maps the domain to. Never a host that only an answer named (a ping redirect, a
 * challenge's realm, an upload Location): those come unauthenticated, from whoever holds the domain.
 */
export function mayReceiveCredentials(url: string, origin: string, mapping: Mapping): boolean {
  try {
    if (new URL(url).origin === origin) return true;
  } catch {
    return false;
  }
  return mapping !== undefined && 'registry' in mapping && httpsHost(url) === mapping.registry;
}

/** A URL as doctor prints it: no query, which may hold upload state or a presigned signature. */
export function shown(url: string): string {
  return url.replace(/[?#].*$/s, '');
}

export function sha256(body: Buffer): string {
  return `sha256:${createHash('sha256').update(body).digest('hex')}`;
}

/** The OCI error code of an answer, e.g. ` DENIED`, or nothing. */
export function ociCode(answer: Answer): string {
  try {
    const code = (JSON.parse(answer.body.toString('utf8')) as { errors?: { code?: unknown }[] }).errors?.[0]?.code;
    return typeof code === 'string' && /^[A-Z_]{1,40}$/.test(code) ? ` ${code}` : '';
  } catch {
    return '';
  }
}

/** `status CODE`, with a redirect's target host, for details. */
export function said(answer: Answer): string {
  const location = answer.headers.location;
  if (answer.status >= 300 && answer.status < 400 && location !== undefined) return `${answer.status} to ${shown(location)}`;
  return `${answer.status}${ociCode(answer)}`;
}

interface Challenge {
  scheme: string;
  realm?: string;
}

export function parseChallenge(header: string | undefined): Challenge | undefined {
  if (header === undefined || header.trim() === '') return undefined;
  const scheme = /^\s*([A-Za-z]+)/.exec(header)?.[1]?.toLowerCase() ?? '';
  const realm = /realm="([^"]*)"/i.exec(header)?.[1];
  return realm === undefined ? { scheme } : { scheme, realm };
}

function isJsonObject(body: Buffer): boolean {
  try {
    const value: unknown = JSON.parse(body.toString('utf8'));
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}

export type PingResult = { door: Door; check: Check } | Problem | { needsUploadProbe: true };

const NOT_A_DOOR_FIX = 'point the domain at the door (the module’s DNS records, or serve’s --listen address) and run doctor on https://DOMAIN';

/**
 * Which door answers, from the unauthenticated `GET /v2/`. A challenge for the domain itself is
 * either public access with credentials or a registry: `uploadProbe` (an unauthenticated POST)
 * tells them apart, as public access refuses uploads with 405 before it asks for credentials.
 */
export function classifyPing(domain: string, ping: Answer, uploadProbe?: Answer): PingResult {
  const name = 'ping';
  const { status } = ping;
  if (status >= 300 && status < 400) {
    const location = ping.headers.location ?? '';
    const host = httpsHost(location);
    let path = '';
    try {
      path = new URL(location).pathname;
    } catch {
      // no URL: not a registry redirect
    }
    if (host === undefined || host === domain || !isBasePath(path)) {
      return { problem: `GET /v2/ answers ${status} to ${JSON.stringify(shown(location).slice(0, 200))}, not to a registry’s /v2/: this is not a registry door`, fix: NOT_A_DOOR_FIX };
    }
    return {
      door: { kind: 'api-gateway', registry: host },
      check: pass(name, `GET /v2/ without credentials: ${status} to https://${host}/v2/, the api-gateway door (private access) in front of ${host}`),
    };
  }
  if (status === 401) {
    const challenge = parseChallenge(ping.headers['www-authenticate']);
    if (challenge === undefined) {
      return { problem: 'GET /v2/ answers 401 without WWW-Authenticate: no registry client can log in to it', fix: NOT_A_DOOR_FIX };
    }
    if (challenge.scheme !== 'basic') {
      return {
        problem: `GET /v2/ asks for ${challenge.scheme} credentials (realm ${JSON.stringify(challenge.realm ?? '')}): ECR and its doors ask for Basic, so this is another kind of registry`,
        fix: 'run doctor against a domain that fronts Amazon ECR',
      };
    }
    const realmHost = challenge.realm === undefined ? undefined : httpsHost(challenge.realm);
    if (realmHost !== undefined && realmHost !== domain) {
      return {
        door: { kind: 'cloudfront', registry: realmHost },
        check: pass(name, `GET /v2/ without credentials: 401 with the challenge of ${realmHost}, the cloudfront door (streaming, private access) in front of ${realmHost}`),
      };
    }
    if (uploadProbe === undefined) return { needsUploadProbe: true };
    if (uploadProbe.status === 405) {
      return { door: { kind: 'public', auth: 'basic' }, check: pass(name, 'GET /v2/: 401 Basic for the domain and uploads refused with 405: public access, read-only, with credentials') };
    }
    return { door: { kind: 'registry' }, check: pass(name, 'GET /v2/: 401 Basic for the domain itself and uploads not refused: a registry answering for itself, no ecr-custom-domain door in front') };
  }
  if (status === 200) {
    if (!isJsonObject(ping.body)) {
      return { problem: `GET /v2/ answers 200 with ${ping.headers['content-type'] ?? 'no content type'} that is not registry JSON: this is not a registry`, fix: NOT_A_DOOR_FIX };
    }
    return { door: { kind: 'public', auth: 'none' }, check: pass(name, 'GET /v2/: 200 {} without credentials: public access, read-only, anonymous') };
  }
  if (status >= 500) {
    return {
      problem: `GET /v2/ answers ${status}${ociCode(ping)}: the door is up but fails (or cannot reach the registry behind it)`,
      fix: 'check the function’s logs (api-gateway door) or the distribution’s origin (cloudfront door); for serve, its --registry',
    };
  }
  return { problem: `GET /v2/ answers ${status}${ociCode(ping)}: not a registry API`, fix: NOT_A_DOOR_FIX };
}

/**
 * The classic docker engine (`docker/…` without `containerd-client/`), no credentials: through the
 * api-gateway door a 307 to the registry with path and query kept; through the cloudfront door the
 * registry's own 401, like every client.
 */
export function expectClassicDocker(door: Door, sentPath: string, answer: Answer): Check {
  const name = 'classic docker';
  if (door.kind === 'public' && door.auth === 'none') return skip(name, 'anonymous public access answers every client alike: no redirect or challenge to check');
  if (door.kind === 'api-gateway') {
    const expected = httpsUrl(door.registry, sentPath);
    const location = answer.headers.location;
    if (answer.status === 307 && location === expected) {
      return pass(name, `GET ${sentPath} without credentials: 307 to the registry, path and query kept: the classic docker engine (Docker <= 28, or the classic image store) authenticates with the registry and sends nothing more to the domain`);
    }
    if (answer.status === 307 && location === expected.replace(/\?.*$/, '')) {
      return fail(name, `307 to the registry drops the query string (${sentPath} became ${shown(location)}): the classic docker engine loses ?n=/?last= paging and cross-repository mounts (?mount=&from=) become full uploads`, FUNCTION_FIX);
    }
    if (answer.status >= 300 && answer.status < 400) {
      return fail(name, `answered ${said(answer)} for ${sentPath}, not https://${door.registry}${sentPath}: the classic docker engine pulls and pushes the wrong thing`, FUNCTION_FIX);
    }
    return fail(
      name,
      `answered ${said(answer)} without credentials, not a 307: the classic docker engine (Docker <= 28, or the classic image store) sends no credentials to the domain after its ping and fails`,
      'answer docker/… User-Agents without containerd-client/ with a 307 to the registry (the module’s function does)',
    );
  }
  const whose = door.kind === 'public' ? 'the domain’s' : 'the registry’s';
  if (answer.status === 401 && parseChallenge(answer.headers['www-authenticate']) !== undefined) {
    return pass(name, `GET ${sentPath} without credentials: 401 with ${whose} challenge, no 307: the classic docker engine sends its credentials to the domain, like every client`);
  }
  const fix = door.kind === 'public'
    ? 'public access with credentials challenges every request without them: check what fronts the domain'
    : 'the domain should pass every request to the registry unchanged: check the distribution’s origin and behaviours';
  return fail(name, `GET ${sentPath} without credentials: ${said(answer)}, expected 401 with ${whose} challenge, as every client gets it`, fix);
}

/** A client's unauthenticated request and its answer, for the challenge check. */
export interface Probe {
  client: string;
  request: string;
  answer: Answer;
}

/**
 * containerd and the Docker >= 29 containerd store, no credentials: they send credentials only to a
 * host that asked for them, so the domain itself must answer 401 with a Basic challenge. Through
 * the api-gateway door the realm names the domain; through the cloudfront door it is the registry's.
 */
export function expectContainerdChallenge(door: Door, domain: string, probes: Probe[]): Check {
  const name = 'containerd challenge';
  if (door.kind === 'public' && door.auth === 'none') return skip(name, 'anonymous public access answers every client alike: no challenge to check');
  const challengesForDomain = door.kind === 'api-gateway' || door.kind === 'public';
  const wrong: string[] = [];
  for (const { client, request, answer } of probes) {
    const challenge = parseChallenge(answer.headers['www-authenticate']);
    const realmHost = challenge?.realm === undefined ? undefined : httpsHost(challenge.realm);
    const ok = answer.status === 401 && challenge?.scheme === 'basic' && (!challengesForDomain || realmHost === domain);
    if (!ok) wrong.push(`${client} ${request} got ${said(answer)}${answer.status === 401 ? ` (${challenge === undefined ? 'no challenge' : `realm ${challenge.realm ?? 'none'}`})` : ''}`);
  }
  if (wrong.length > 0) {
    const fix = door.kind === 'api-gateway'
      ? `answer clients without credentials that are not the classic docker engine with 401 Basic realm="https://${domain}/": ${FUNCTION_FIX}`
      : 'pass every request to the registry unchanged, so its 401 reaches the client';
    return fail(name, `${wrong.join('; ')}: ${CONTAINERD_CLIENTS} fail, as they send credentials only to a host that asks for them`, fix);
  }
  const whose = challengesForDomain ? `Basic realm="https://${domain}/"` : 'the registry’s Basic challenge';
  const requests = probes.map((p) => `${p.client} ${p.request}`).join(', ');
  return pass(name, `without credentials, ${requests}: 401 ${whose} from the domain, so ${CONTAINERD_CLIENTS} send their credentials here`);
}

/** A redirect answered to a request that carried credentials: the domain redirects instead of forwarding. */
function redirectedWithCredentials(name: string, what: string, answer: Answer): Check {
  return fail(
    name,
    `${what} with credentials got ${said(answer)}: ${CONTAINERS_IMAGE} drop credentials when a redirect leaves the domain, and fail`,
    'forward requests that carry credentials to the registry (the module’s function does), never redirect them',
  );
}

const HEAD_FIX = 'the HEAD answer must carry the manifest’s size: update the module (its function answers HEAD with a body as long as the GET body, so the size survives the gateway)';

/**
 * HEAD of a manifest against the GET of the same reference: clients take the size from
 * Content-Length and the digest from Docker-Content-Digest, and check both against the bytes.
 */
export function expectManifestHead(reference: string, head: Answer, get: Answer): Check {
  const name = 'manifest HEAD';
  if (get.status !== 200) {
    if (get.status >= 300 && get.status < 400) return redirectedWithCredentials(name, `GET ${reference}`, get);
    return fail(name, `GET ${reference} answered ${said(get)}`, 'pass --image REPOSITORY:TAG of an image that exists, with credentials that may pull it');
  }
  if (head.status >= 300 && head.status < 400) return redirectedWithCredentials(name, `HEAD ${reference}`, head);
  if (head.status !== 200) return fail(name, `HEAD ${reference} answered ${said(head)} while GET answered 200: clients that HEAD first (containerd, Docker >= 29, docker push) fail`, HEAD_FIX);
  const size = get.body.length;
  const length = head.headers['content-length'];
  if (length === undefined) {
    return fail(name, `HEAD ${reference} has no Content-Length: ${CONTAINERS_IMAGE} fail (they need the size), the classic docker engine fails ("missing or empty Content-Length header"); containerd and Docker >= 29 fall back to GET`, HEAD_FIX);
  }
  if (length.trim() === '0' && size > 0) {
    return fail(name, `HEAD ${reference} says Content-Length 0 (the manifest is ${size} bytes): containerd, Docker >= 29 and kubelet CRI pulls fail ("Target.Size must be greater than zero")`, HEAD_FIX);
  }
  if (length.trim() !== String(size)) {
    return fail(name, `HEAD ${reference} says Content-Length ${length.slice(0, 20)}, but the manifest is ${size} bytes: clients reject the size when they read it`, HEAD_FIX);
  }
  const digest = head.headers['docker-content-digest'];
  const actual = sha256(get.body);
  if (digest === undefined) {
    return fail(name, `HEAD ${reference} has no Docker-Content-Digest: containerd and Docker >= 29 resolve a tag by HEAD and must GET the manifest instead`, 'pass the registry’s Docker-Content-Digest header on HEAD answers');
  }
  if (digest.trim() !== actual) {
    return fail(name, `HEAD ${reference} says Docker-Content-Digest ${digest.slice(0, 80)}, but the GET body hashes to ${actual}: pulls fail verification`, 'HEAD and GET must describe the same manifest: pass Accept on unchanged and answer HEAD from the same representation');
  }
  return pass(name, `${reference}: Content-Length ${size} and Docker-Content-Digest ${actual.slice(0, 19)}… match the GET body`);
}

/** HEAD of a blob through the domain (no download): its size as the manifest gives it, or a 404 the client answers by uploading again. */
export function expectBlobHead(door: Door, blob: Blob, answer: Answer): Check {
  const name = 'blob HEAD';
  const what = `largest layer ${blob.digest.slice(0, 19)}… (${blob.size} bytes)`;
  if (answer.status === 404) {
    return pass(name, `${what}: 404, the domain does not vouch for this blob’s size: clients re-upload such layers when they push (to the registry), rather than trust a wrong size`);
  }
  if (answer.status >= 300 && answer.status < 400) {
    const host = httpsHost(answer.headers.location ?? '');
    if (host !== undefined && 'registry' in door && host === door.registry) return redirectedWithCredentials(name, `HEAD of the ${what}`, answer);
    return pass(name, `${what}: ${said(answer)} (blob storage, as the registry answers; not followed)`);
  }
  if (answer.status !== 200) return fail(name, `HEAD of the ${what} answered ${said(answer)}`, HEAD_FIX);
  const length = answer.headers['content-length'];
  if (length === undefined) {
    return fail(name, `HEAD of the ${what} has no Content-Length: ${CONTAINERS_IMAGE} need a blob’s size on HEAD and fail`, HEAD_FIX);
  }
  if (length.trim() !== String(blob.size)) {
    return fail(name, `HEAD of the ${what} says Content-Length ${length.slice(0, 20)}: ${length.trim() === '0' ? 'containerd, Docker >= 29 and' : 'clients, among them'} ${CONTAINERS_IMAGE} take a wrong size`, HEAD_FIX);
  }
  return pass(name, `${what}: Content-Length ${blob.size} matches the manifest`);
}

/** The upload session's check, and where to cancel it (only on a host these credentials belong to). */
export interface UploadResult {
  check: Check;
  cancelUrl?: string;
}

/**
 * `POST /v2/<repo>/blobs/uploads/` with credentials. The api-gateway door must pass the registry's
 * absolute Location (uploads go straight to ECR); the cloudfront door must turn it into a path on
 * the domain (uploads stream through it, where containerd's pusher has credentials).
 */
export function expectUploadSession(door: Door, domain: string, repository: string, answer: Answer): UploadResult {
  const name = 'upload';
  const code = ociCode(answer);
  if (answer.status === 401 || answer.status === 403 || code === ' DENIED' || code === ' UNAUTHORIZED') {
    return { check: skip(name, `these credentials may not push to ${repository} (POST answered ${said(answer)}): push checks skipped`) };
  }
  if (answer.status >= 300 && answer.status < 400) return { check: redirectedWithCredentials(name, `POST /v2/${repository}/blobs/uploads/`, answer) };
  if (answer.status !== 202) return { check: fail(name, `POST /v2/${repository}/blobs/uploads/ answered ${said(answer)}, not 202`, 'check the credentials’ push permissions and the door’s logs') };
  const location = answer.headers.location;
  if (location === undefined || location.trim() === '') {
    return { check: fail(name, 'POST answered 202 without a Location: no client can upload', 'pass the registry’s Location header on unchanged') };
  }
  const isPath = location.startsWith('/') && !location.startsWith('//');
  const host = httpsHost(location);
  const onDomain = isPath || host === domain;
  const domainUrl = isPath ? httpsUrl(domain, location) : location;
  if (door.kind === 'api-gateway') {
    if (host === door.registry) {
      return {
        check: pass(name, `Location absolute on the registry (${shown(location)}): layers go straight to ECR; skopeo, podman, buildah and the classic docker engine push through this door, ${CONTAINERD_PUSHER} cannot (use the cloudfront door for them)`),
        cancelUrl: location,
      };
    }
    if (onDomain) {
      return {
        check: fail(name, `Location on the domain (${shown(location)}): layers would go through API Gateway (10 MB request limit), and the classic docker engine sends no credentials there`, 'answer absolute upload Locations on the registry (the module’s function makes relative ones absolute)'),
        cancelUrl: domainUrl,
      };
    }
  } else {
    if (onDomain) {
      return {
        check: pass(name, `Location a path on the domain (${shown(location)}): uploads stream through the domain, where every client, ${CONTAINERD_PUSHER} included, holds credentials`),
        cancelUrl: domainUrl,
      };
    }
    if (door.kind === 'cloudfront' && host === door.registry) {
      return {
        check: fail(name, `Location on the registry host (${shown(location)}): ${CONTAINERD_PUSHER} drop their credentials when the upload leaves the domain and fail with 401`, 'attach the module’s CloudFront Function on viewer-response: it moves Location and Link onto the domain'),
        cancelUrl: location,
      };
    }
  }
  // Another host: no credentials are sent there, so the session is left to expire.
  return { check: fail(name, `Location on another host (${shown(location)}), neither the domain nor the registry: uploads go somewhere unexpected (not cancelled: no credentials sent there)`, 'pass the registry’s Location on as the door should (see docs/doors.md, "How the alias answers")') };
}

/** The upload check with what the DELETE of the session answered. */
export function withCancel(check: Check, cancel: Answer | Error): Check {
  const outcome = cancel instanceof Error
    ? `could not cancel the session (${cancel.message}); it stays unfinished on the registry`
    : cancel.status >= 200 && cancel.status < 300
      ? `cancelled the session (DELETE answered ${cancel.status})`
      : `could not cancel the session (DELETE answered ${said(cancel)}); it stays unfinished on the registry`;
  return { ...check, detail: `${check.detail}; ${outcome}` };
}

/** Public access refuses uploads before it looks at credentials. */
export function expectPublicUpload(answer: Answer): Check {
  const name = 'upload';
  if (answer.status === 405) return skip(name, 'public access is read-only (POST answered 405): no push checks');
  if (answer.status >= 200 && answer.status < 300) {
    return fail(name, `public access accepted an upload session (POST answered ${answer.status})`, 'public access must be read-only: check ACCESS=public and what fronts the domain');
  }
  return skip(name, `public access: POST answered ${said(answer)}, not 405: no push checks`);
}

/** GET of the config blob: a 307 to blob storage (not followed), or a small blob served directly. */
export function expectBlobGet(door: Door, domain: string, blob: Blob, answer: Answer): Check {
  const name = 'blob GET';
  const what = `config blob ${blob.digest.slice(0, 19)}…`;
  if (answer.status >= 300 && answer.status < 400) {
    const host = httpsHost(answer.headers.location ?? '');
    if (host === undefined) return fail(name, `${what}: ${said(answer)}, not to an https URL: clients refuse it`, 'pass the registry’s blob redirects on unchanged');
    if (host === domain) return fail(name, `${what}: ${answer.status} back to the domain itself`, 'pass the registry’s blob redirects on unchanged');
    if ('registry' in door && host === door.registry) return redirectedWithCredentials(name, `GET of the ${what}`, answer);
    return pass(name, `${what}: ${answer.status} to ${host} (blob storage, not followed): layers download from storage, never through the domain`);
  }
  if (answer.status === 200) {
    const actual = sha256(answer.body);
    if (actual !== blob.digest) return fail(name, `${what}: 200, but the body hashes to ${actual.slice(0, 19)}…: pulls fail verification`, 'pass blob answers on unchanged');
    return pass(name, `${what}: 200, served directly (${answer.body.length} bytes, digest matches)`);
  }
  return fail(name, `${what}: GET answered ${said(answer)}`, 'check the credentials’ pull permissions (ecr:GetDownloadUrlForLayer)');
}

/** `tags/list?n=1`: a next-page Link must stay on the domain, as a path or `https://DOMAIN/...`. */
export function expectTagLink(door: Door, domain: string, repository: string, answer: Answer): Check {
  const name = 'tag paging';
  if (answer.status >= 300 && answer.status < 400) return redirectedWithCredentials(name, `GET /v2/${repository}/tags/list?n=1`, answer);
  if (answer.status !== 200) return fail(name, `GET /v2/${repository}/tags/list?n=1 answered ${said(answer)}`, 'check the credentials’ permissions (ecr:ListImages) and the repository name');
  const link = answer.headers.link;
  if (link === undefined) return skip(name, `${repository} has one tag: no next-page Link came back to check`);
  const targets = [...link.matchAll(/<([^<>]*)>/g)].map((m) => m[1] ?? '');
  const off = targets.filter((target) => !(target.startsWith('/v2/') || (httpsHost(target) === domain && new URL(target).pathname.startsWith('/v2/'))));
  if (targets.length === 0 || off.length > 0) {
    const fix = door.kind === 'cloudfront'
      ? 'attach the module’s CloudFront Function on viewer-response: it moves Link onto the domain'
      : 'update the module’s function: it points Link at the domain';
    return fail(name, `Link points at ${off.map(shown).join(', ') || JSON.stringify(link.slice(0, 100))}, not the domain: listing past the first page (skopeo list-tags, crane ls, regclient) leaves the domain and its credentials`, fix);
  }
  return pass(name, `next-page Link stays on the domain (${targets.map(shown).join(', ')})`);
}

/** What the helper's config says about the domain. */
export type Mapping = { registry: string; region: string; profile?: string } | { error: string } | undefined;

/** The `docker-credential-ecr-custom init` command that adds the domain. */
export function initCommand(domain: string, registry: string | undefined, needsRegion: boolean): string {
  const target = registry ?? '<account>.dkr.ecr.<region>.amazonaws.com';
  return `docker-credential-ecr-custom init --alias ${domain} --registry ${target}${needsRegion ? ' --region <region>' : ''}`;
}

/** The helper maps the domain, to the registry the door fronts. */
export function expectHelperMapping(door: Door, domain: string, file: string, mapping: Mapping, fixCommand: string): Check {
  const name = 'helper mapping';
  if (door.kind === 'public') {
    return skip(name, door.auth === 'none' ? 'public access: pulls need no credentials' : `public access with credentials: docker login ${domain} with its password; the helper answers ECR tokens`);
  }
  if (mapping === undefined) return fail(name, `no mapping for ${domain} in ${file}: clients get no credentials for the domain`, fixCommand);
  if ('error' in mapping) return fail(name, mapping.error, `fix ${file} (every docker-credential-ecr-custom command fails on it too)`);
  const to = `${domain} → ${mapping.registry} (region ${mapping.region}${mapping.profile ? `, profile ${mapping.profile}` : ''}) in ${file}`;
  if ('registry' in door && door.registry !== mapping.registry) {
    return fail(name, `${to}, but the door fronts ${door.registry}: its tokens may not open that registry, and clients sent there get no credentials`, fixCommand);
  }
  return pass(name, to);
}

export interface CredHelperFile {
  /** docker's config.json or podman's auth.json. */
  kind: 'docker' | 'podman';
  file: string;
  /** The file's text, or undefined when it does not exist. */
  text: string | undefined;
  /** Whether docker-credential-ecr-custom is an executable on PATH. */
  helperOnPath: boolean;
}

/** docker's config (or podman's auth file) sends the domain to the helper. */
export function expectCredHelper(door: Door, domain: string, config: CredHelperFile): Check {
  const name = config.kind === 'docker' ? 'docker config' : 'podman auth';
  const add = `add "credHelpers": {"${domain}": "ecr-custom"} to ${config.file}`;
  if (door.kind === 'public') {
    return skip(name, door.auth === 'none' ? 'public access: pulls need no credentials' : `public access with credentials: ${config.kind} login ${domain} stores them`);
  }
  if (config.text === undefined) {
    if (config.kind === 'podman') return skip(name, `${config.file} does not exist: podman, skopeo and buildah are not set up on this machine`);
    return fail(name, `${config.file} does not exist: docker has no credentials for ${domain}`, add);
  }
  let helpers: unknown;
  try {
    helpers = (JSON.parse(config.text) as { credHelpers?: unknown }).credHelpers;
  } catch {
    return fail(name, `${config.file} is not JSON: ${config.kind} cannot read it`, `fix ${config.file}, then ${add}`);
  }
  const value = typeof helpers === 'object' && helpers !== null ? (helpers as Record<string, unknown>)[domain] : undefined;
  if (value !== 'ecr-custom') {
    const now = value === undefined ? `has no credHelpers entry for ${domain}` : `maps ${domain} to ${JSON.stringify(value)}`;
    return fail(name, `${config.file} ${now}: ${config.kind === 'docker' ? 'docker' : 'podman, skopeo and buildah'} will not ask docker-credential-ecr-custom`, add);
  }
  if (!config.helperOnPath) {
    return fail(name, `${config.file} names ecr-custom, but docker-credential-ecr-custom is not on PATH: the client cannot run it`, 'install it (npm install -g in a checkout) or link bin/docker-credential-ecr-custom onto PATH');
  }
  const registryListed = door.kind !== 'api-gateway' || (helpers as Record<string, unknown>)[door.registry] === 'ecr-custom';
  const note = config.kind === 'docker' && !registryListed && door.kind === 'api-gateway' ? `; list ${door.registry} too, for BuildKit and clients redirected there` : '';
  return pass(name, `${config.file}: credHelpers sends ${domain} to ecr-custom${note}`);
}

/** The cloudfront door's origin response timeout when none is given: the module's `cloudfront.origin_read_timeout` default. */
export const MODULE_ORIGIN_TIMEOUT_S = CLOUDFRONT_LIMITS.originTimeoutMs / 1000;
const PUSHERS_TO_REGISTRY = 'skopeo, podman, buildah and the classic docker engine';

/** What a door lets one request carry: its timeout, and API Gateway's body limit. */
export interface DoorLimit {
  name: string;
  /** The timeout's name in the door's own terms. */
  timeout: string;
  timeoutS: number;
  /** Whether timeoutS is doctor's assumption rather than the caller's --door-timeout. */
  assumed: boolean;
  bodyBytes?: number;
}

/**
 * The limit that applies to a blob PUT sent `via` the domain or straight to the registry: the
 * api-gateway door's 10 MB and 30 s, the cloudfront door's origin response timeout (the module's
 * default unless given), none for a registry or an upload that leaves the door.
 */
export function doorLimit(door: Door, via: 'domain' | 'registry', timeoutS?: number): DoorLimit | undefined {
  if (via === 'registry') return undefined;
  if (door.kind === 'api-gateway') {
    return { name: 'API Gateway', timeout: 'integration timeout', timeoutS: timeoutS ?? API_GATEWAY_LIMITS.timeoutMs / 1000, assumed: timeoutS === undefined, bodyBytes: API_GATEWAY_LIMITS.requestBytes };
  }
  if (door.kind === 'cloudfront') return { name: 'the cloudfront door', timeout: 'origin response timeout', timeoutS: timeoutS ?? MODULE_ORIGIN_TIMEOUT_S, assumed: timeoutS === undefined };
  return undefined;
}

/** A size as people read it: MB and GB are powers of 1000, as uplinks and the table in docs/security.md count them. */
export function megabytes(bytes: number): string {
  if (bytes >= 1e9) return `${(bytes / 1e9).toFixed(bytes >= 1e10 ? 0 : 1)} GB`;
  if (bytes >= 1e6) return `${(bytes / 1e6).toFixed(bytes >= 1e8 ? 0 : 1)} MB`;
  if (bytes >= 1e3) return `${(bytes / 1e3).toFixed(1)} kB`;
  return `${bytes} bytes`;
}

const seconds = (ms: number) => (ms >= 10_000 ? `${Math.round(ms / 1000)} s` : `${(ms / 1000).toFixed(1)} s`);

/** The push probe's upload session: where to PUT the blob, or why not. */
export type ProbeSession = { put: URL; via: 'domain' | 'registry' } | { check: Check };

const PUSH_PERMISSIONS_FIX = 'give --repository a repository these credentials may push to (ecr:InitiateLayerUpload, UploadLayerPart, CompleteLayerUpload)';

/**
 * `POST /v2/<repo>/blobs/uploads/` with credentials, as containerd's pusher opens a layer's
 * upload: a 202 whose Location (a path, or absolute) names an upload of that repository on the
 * domain or on the registry the helper maps it to. Anything else is not uploaded to.
 */
export function probeSession(origin: string, repository: string, answer: Answer, mayReceive: (url: string) => boolean): ProbeSession {
  const name = 'push-probe';
  const post = `POST /v2/${repository}/blobs/uploads/`;
  const code = ociCode(answer);
  if (answer.status === 401 || answer.status === 403 || code === ' DENIED' || code === ' UNAUTHORIZED') {
    return { check: fail(name, `these credentials may not push to ${repository} (${post} answered ${said(answer)}): nothing uploaded`, PUSH_PERMISSIONS_FIX) };
  }
  if (answer.status >= 300 && answer.status < 400) return { check: redirectedWithCredentials(name, post, answer) };
  if (answer.status !== 202) return { check: fail(name, `${post} answered ${said(answer)}, not 202: nothing uploaded`, 'check that the repository exists and the credentials’ push permissions, and the door’s logs') };
  const location = answer.headers.location ?? '';
  let put: URL;
  try {
    put = new URL(location, `${origin}/v2/${repository}/blobs/uploads/`);
  } catch {
    return { check: fail(name, `${post} answered 202 with Location ${JSON.stringify(shown(location).slice(0, 200))}, not a URL: no client can upload`, 'pass the registry’s Location header on unchanged') };
  }
  let path = '';
  try {
    path = decodeURIComponent(put.pathname);
  } catch {
    // not a path of the grammar
  }
  const parsed = parseRegistryPath(path);
  // The blob goes only to an upload URL of this repository: never a manifest, so never a tag.
  if (parsed.kind !== 'upload' || parsed.name !== repository || path.endsWith('/uploads/')) {
    return { check: fail(name, `${post} answered 202 with Location ${shown(put.href)}, not an upload of ${repository}: nothing uploaded`, 'pass the registry’s Location header on unchanged') };
  }
  if (!mayReceive(put.href)) {
    return { check: fail(name, `the upload Location is on ${put.host}, neither the domain nor the registry the helper maps it to: nothing uploaded, no credentials sent there`, 'pass the registry’s Location on as the door should (see docs/doors.md, "How the alias answers")') };
  }
  return { put, via: put.origin === origin ? 'domain' : 'registry' };
}

/** What the push probe measured: one monolithic blob PUT, as containerd's pusher sends a layer. */
export interface PushProbe {
  repository: string;
  size: number;
  via: 'domain' | 'registry';
  elapsedMs: number;
  /** Bytes handed to the connection before the answer: the whole blob unless the door answered early. */
  sentBytes: number;
  /** The PUT's answer, or why none came. */
  outcome: Answer | { code: string; message: string };
}

/** What to do when uploads outgrow the door's limit. */
function limitFix(door: Door, limit: DoorLimit): string {
  if (door.kind === 'api-gateway') {
    return `API Gateway carries at most 10 MB and ${limit.timeoutS} s per request, so no layer bigger than that goes through it: keep upload Locations absolute on the registry (the module’s function does), so ${PUSHERS_TO_REGISTRY} upload straight to ECR; ${CONTAINERD_PUSHER} need the cloudfront door`;
  }
  return `push from a faster uplink, raise cloudfront.origin_read_timeout (1–120 s, up to 180 s after a quota increase; then pass it as --door-timeout), or use the ecs door (front_door = "ecs") for bigger layers`;
}

/**
 * The push probe's line: throughput and elapsed time against the door's limit, and with
 * `largestLayer` whether a layer that big would finish within it at the measured rate.
 */
export function expectPushProbe(door: Door, probe: PushProbe, options: { doorTimeoutS?: number; largestLayer?: number } = {}): Check {
  const name = 'push-probe';
  const limit = doorLimit(door, probe.via, options.doorTimeoutS);
  const elapsed = Math.max(probe.elapsedMs, 1);
  const put = `PUT of ${megabytes(probe.size)} to ${probe.repository}`;
  const path = probe.via === 'registry' ? 'straight to the registry (its upload Location leaves the domain)' : door.kind === 'registry' ? 'to the registry' : `through the ${door.kind} door`;
  const within = limit === undefined ? '' : `the ${limit.timeoutS} s ${limit.timeout}${limit.assumed && door.kind === 'cloudfront' ? ' (the module’s default; --door-timeout gives yours)' : ''}`;
  const outcome = probe.outcome;
  if (!('status' in outcome) || outcome.status !== 201) {
    const sent = probe.sentBytes >= probe.size ? 'the whole blob sent' : `about ${megabytes(probe.sentBytes)} of it sent`;
    const how = 'status' in outcome ? `answered ${said(outcome)}` : `failed (${outcome.code} ${outcome.message})`;
    const detail = `${put} ${path} ${how} after ${seconds(probe.elapsedMs)}, ${sent}`;
    const code = 'status' in outcome ? ociCode(outcome) : '';
    if ('status' in outcome && (outcome.status === 401 || outcome.status === 403 || code === ' DENIED')) return fail(name, `${detail}: these credentials may not push to ${probe.repository}`, PUSH_PERMISSIONS_FIX);
    if ('status' in outcome && outcome.status === 413) {
      return fail(name, `${detail}: the door refuses a body this big`, limit?.bodyBytes !== undefined ? limitFix(door, limit) : 'check what fronts the domain: the cloudfront door and ECR take layers of any size');
    }
    if ('status' in outcome && outcome.status === 400 && /DIGEST_INVALID|SIZE_INVALID|BLOB_UPLOAD_INVALID/.test(code)) {
      return fail(name, `${detail}: the registry did not get the bytes sent`, 'something between here and the registry changes or cuts request bodies: check the door and any proxy');
    }
    const cut = 'status' in outcome ? outcome.status === 504 : ['ECONNRESET', 'EPIPE', 'ETIMEDOUT'].includes(outcome.code);
    if (limit !== undefined && (cut || elapsed >= limit.timeoutS * 1000)) {
      return fail(name, `${detail}: the upload did not finish within ${within}`, limitFix(door, limit));
    }
    return fail(name, detail, 'status' in outcome ? 'check the door’s and the registry’s logs' : 'check the connection to the door and the registry, and try again');
  }
  const rate = probe.size / (elapsed / 1000);
  const measured = `${put} ${path}: 201 in ${seconds(elapsed)}, ${(rate / 1e6).toFixed(1)} MB/s (${((rate * 8) / 1e6).toFixed(1)} Mbit/s)`;
  const largest = options.largestLayer;
  const layerMs = largest === undefined ? undefined : (largest / rate) * 1000;
  const layer = largest === undefined || layerMs === undefined ? '' : `a ${megabytes(largest)} layer would take ${seconds(layerMs)} at this rate`;
  if (limit === undefined) {
    const who = door.kind === 'api-gateway' ? `; ${PUSHERS_TO_REGISTRY} upload layers straight to ECR like this, ${CONTAINERD_PUSHER} cannot push through this door` : '';
    return pass(name, `${measured}: no door limit applies${who}${layer ? `; ${layer}` : ''}`);
  }
  if (largest !== undefined && limit.bodyBytes !== undefined && largest > limit.bodyBytes) {
    return fail(name, `${measured}; a ${megabytes(largest)} layer cannot go through ${limit.name} at all (10 MB per request)`, limitFix(door, limit));
  }
  const fits = Math.min(rate * limit.timeoutS, limit.bodyBytes ?? Number.POSITIVE_INFINITY);
  const reported = door.kind === 'cloudfront' ? ', if it runs while the client uploads, as users report (not measured on AWS)' : '';
  const slow = elapsed > limit.timeoutS * 1000 ? `; this probe took longer than ${limit.timeoutS} s and still passed: the door’s timeout is longer, or does not run during the upload` : '';
  const summary = `${measured}: at this rate a layer up to ${megabytes(fits)} fits in ${within}${reported}${slow}`;
  if (layerMs === undefined) return pass(name, summary);
  if (layerMs > limit.timeoutS * 1000) return fail(name, `${summary}; ${layer}, past the ${limit.timeoutS} s ${limit.timeout}`, limitFix(door, limit));
  return pass(name, `${summary}; ${layer}, ${seconds(limit.timeoutS * 1000 - layerMs)} within it`);
}
