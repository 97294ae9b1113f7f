/**
 * The streaming doors as their services time them, with real clients over slowed links (test/support/delay-proxy.ts):
 * - the cloudfront door's origin response timeout runs while the client uploads (issue: a 6 MB layer at 1 MB/s
 *   through `--timeout 3` gets CloudFront's 504, the same layer at full speed 201);
 * - CloudFront's error caching: a tag probed (404), pushed and probed again within 10 s is still 404 with
 *   `--error-cache-seconds 10`, and 200 with the module's default (0);
 * - the ecs door (the image behind the load balancer) carries a layer of over 200 MB on a link slow enough that the
 *   cloudfront door's timeout cuts the same push.
 */
import { readFile } from 'node:fs/promises';
import { send } from '../support/http.ts';
import { delayProxy, type DelayProxy, type WanLink } from '../support/delay-proxy.ts';
import { type Clients, skopeo } from './clients.ts';
import { docker29Args } from './docker29.ts';
import type { TestImage } from './image.ts';
import { type Alias, type AliasLogEntry, HOSTS, type StandIn } from './stand-in.ts';

/** A row's result: undefined (pass), a note on a pass, or why it failed. */
export type Outcome = undefined | { note: string } | string;
export type DoorCheck = (door: string, client: string, operation: string, fn: () => Promise<Outcome>) => Promise<void>;

const DOCKER29 = 'docker ≥ 29 (containerd store, emulated)';
/**
 * About 1 MB/s for one connection: the proxy lets up to a read's worth past its window, so a 64 KiB window moves
 * some 1.4 MB/s per 64 ms round trip here; 96 ms gives about 1 MB/s. The row reports the rate it saw.
 */
const ONE_MB_PER_SECOND: WanLink = { oneWayMs: 48, windowBytes: 64 * 1024 };
/** About 12 MB/s (measured here), so a 210 MB layer takes some 18 s, well past a 10 s timeout. */
const SLOW_UPLINK: WanLink = { oneWayMs: 5, windowBytes: 128 * 1024 };
const SLOW_TIMEOUT_SECONDS = 10;

const lastLine = (text: string) => text.trim().split('\n').filter(Boolean).at(-1)?.slice(0, 200) ?? '';
/** The client's last line without the URLs Go quotes in it (upload URLs are long): what went wrong stays. */
const said = (stderr: string) => lastLine(stderr.replace(/"https?:\/\/[^"]*"/g, '"…"'));
const mb = (bytes: number) => `${(bytes / 1_000_000).toFixed(1)} MB`;

/** The blob PUTs (containerd's one monolithic PUT per layer) a door's log holds for `repository`, largest body first. */
async function layerPuts(log: () => Promise<AliasLogEntry[]>, repository: string): Promise<AliasLogEntry[]> {
  return (await log()).filter((e) => e.method === 'PUT' && e.path.startsWith(`/v2/${repository}/blobs/uploads/`)).sort((a, b) => b.requestBytes - a.requestBytes);
}

export interface TimingSetup {
  s: StandIn;
  c: Clients;
  docker29: string;
  /** One layer of about 6 MB. */
  six: TestImage;
  /** One layer of at least 200 MB. */
  huge: TestImage;
  /** A 64 kB layer, for the error-cache pushes. */
  tiny: TestImage;
  /** The ecs door's load balancer, host:port; its certificate also names HOSTS.slowLink. */
  loadBalancer?: { name: string; host: string; log: () => Promise<AliasLogEntry[]> };
}

/** Runs every timing row; stops what it started. */
export async function doorTimingRows(check: DoorCheck, t: TimingSetup): Promise<void> {
  const { s, c } = t;
  const links: DelayProxy[] = [];
  const aliases: Alias[] = [];
  // One certificate for every door reached through a slowed link: the client connects to the link's address.
  const tls = await s.issueTls('timed-doors', [HOSTS.alias, HOSTS.slowLink]);
  const slowed = async (target: string, link: WanLink) => {
    const proxy = await delayProxy(HOSTS.slowLink, target, link);
    links.push(proxy);
    await c.useAlias(proxy.authority, s);
    return proxy.authority;
  };
  const door = async (args: string[]) => {
    const alias = await s.startAlias(['--front-door', 'cloudfront', ...args], {}, { tls });
    aliases.push(alias);
    await c.useAlias(alias.host, s);
    return alias;
  };
  const push = (image: TestImage, ref: string, timeoutMs: number) =>
    c.exec(t.docker29, [...docker29Args(s.caFile), '--docker-config', c.paths.dockerConfig, 'push', image.layout, image.tag, ref], { timeoutMs });
  const layerBytes = (image: TestImage) => Math.max(...image.layerSizes);

  try {
    // Issue: a 6 MB layer at 1 MB/s through `--timeout 3`: 504; at full speed: 201.
    const timed = await door(['--timeout', '3']);
    const timedName = 'cloudfront --timeout 3';
    const oneMb = await slowed(timed.host, ONE_MB_PER_SECOND);
    const sixBytes = layerBytes(t.six);
    await check(timedName, DOCKER29, `push ${mb(sixBytes)} layer at about 1 MB/s: 504`, async () => {
      const started = Date.now();
      const result = await push(t.six, `${oneMb}/e2e/timeout-3/slow:${t.six.tag}`, 60_000);
      const took = (Date.now() - started) / 1000;
      const cut = (await layerPuts(timed.log, 'e2e/timeout-3/slow'))[0];
      if (result.code === 0) return `the push passed in ${took.toFixed(1)} s`;
      if (result.timedOut === true) return 'the push hung (killed after 60 s)';
      if (cut?.status !== 504) return `the layer PUT was answered ${cut?.status ?? 'never'}; the client said: ${said(result.stderr)}`;
      const seen = `${mb(cut.requestBytes)} in ${(cut.ms / 1000).toFixed(1)} s (${mb(cut.requestBytes / (cut.ms / 1000))}/s)`;
      return cut.requestBytes < sixBytes ? { note: `cut after ${seen}; the client: ${said(result.stderr)}` } : `504 after the whole body: ${seen}`;
    });
    await check(timedName, DOCKER29, `push ${mb(sixBytes)} layer at full speed: 201`, async () => {
      const result = await push(t.six, `${timed.host}/e2e/timeout-3/fast:${t.six.tag}`, 60_000);
      if (result.code !== 0) return `docker29 push exited ${result.code}: ${lastLine(result.stderr)}`;
      const put = (await layerPuts(timed.log, 'e2e/timeout-3/fast'))[0];
      return put?.status === 201 && put.requestBytes === sixBytes ? { note: `PUT of ${mb(put.requestBytes)} answered 201` } : `the layer PUT: ${JSON.stringify(put)}`;
    });

    // Issue: 404 → push → probe, as a CI job that checks a tag, pushes it and pulls it.
    const cached = await door(['--error-cache-seconds', '10']);
    for (const [name, host, expected] of [
      ['cloudfront --error-cache-seconds 10', cached.host, [404, 404]],
      ['cloudfront (default: no error caching)', s.streamingAlias, [404, 200]],
    ] as const) {
      await check(name, 'probe (Node https), skopeo push, probe', `404 → push → ${expected[1]}`, async () => {
        const credentials = await c.helperGet(host);
        const headers = {
          authorization: `Basic ${Buffer.from(`${credentials.Username}:${credentials.Secret}`).toString('base64')}`,
          accept: 'application/vnd.oci.image.manifest.v1+json, application/vnd.docker.distribution.manifest.v2+json',
        };
        const ca = await readFile(s.caFile);
        const [repository, tag] = ['e2e/error-cache/app', expected[1] === 404 ? 'cached' : 'default'];
        const path = `/v2/${repository}/manifests/${tag}`;
        const started = Date.now();
        const first = await send(`https://${host}`, path, { ca, headers });
        const pushed = await skopeo(c, ['copy', '--dest-cert-dir', c.paths.certDir, '--authfile', c.paths.authFile, `oci:${t.tiny.layout}:${t.tiny.tag}`, `docker://${host}/${repository}:${tag}`]);
        if (pushed.code !== 0) return `skopeo copy exited ${pushed.code}: ${lastLine(pushed.stderr)}`;
        const second = await send(`https://${host}`, path, { ca, headers });
        const within = (Date.now() - started) / 1000;
        const seen = [first.status, second.status];
        if (within >= 10) return `probe, push and probe took ${within.toFixed(1)} s, past the 10 s the answer is kept`;
        return seen[0] === expected[0] && seen[1] === expected[1] ? { note: `${seen.join(' → ')} within ${within.toFixed(1)} s` } : `answered ${seen.join(' then ')}, expected ${expected.join(' then ')}`;
      });
    }

    // Issue: a layer of over 200 MB on a slowed link: through the load balancer and the proxy door it passes; the
    // cloudfront door with a 10 s timeout refuses the same push over the same link.
    if (t.loadBalancer !== undefined) {
      const lb = t.loadBalancer;
      const hugeBytes = layerBytes(t.huge);
      const viaLoadBalancer = await slowed(lb.host, SLOW_UPLINK);
      let uploadSeconds: number | undefined;
      await check(lb.name, DOCKER29, `push ${mb(hugeBytes)} layer over a slowed link`, async () => {
        const started = Date.now();
        const result = await push(t.huge, `${viaLoadBalancer}/e2e/lb-slow/huge:${t.huge.tag}`, 300_000);
        const took = (Date.now() - started) / 1000;
        if (result.code !== 0) return `docker29 push exited ${result.code}${result.timedOut === true ? ' (killed after 300 s)' : ''}: ${lastLine(result.stderr)}`;
        const put = (await layerPuts(lb.log, 'e2e/lb-slow/huge'))[0];
        if (put?.status !== 201 || put.requestBytes !== hugeBytes) return `the layer PUT at the task: ${JSON.stringify(put)}`;
        uploadSeconds = put.ms / 1000;
        // Shorter than the cloudfront door's timeout, the row would prove nothing about it.
        if (uploadSeconds <= SLOW_TIMEOUT_SECONDS) return `the upload took ${uploadSeconds.toFixed(1)} s, not past ${SLOW_TIMEOUT_SECONDS} s: slow the link`;
        return { note: `the layer's PUT took ${uploadSeconds.toFixed(1)} s (${mb(hugeBytes / uploadSeconds)}/s), the push ${took.toFixed(1)} s` };
      });
      const bounded = await door(['--timeout', String(SLOW_TIMEOUT_SECONDS)]);
      const viaCloudfront = await slowed(bounded.host, SLOW_UPLINK);
      await check(`cloudfront --timeout ${SLOW_TIMEOUT_SECONDS}`, DOCKER29, `same push over the same link: 504`, async () => {
        const result = await push(t.huge, `${viaCloudfront}/e2e/cloudfront-slow/huge:${t.huge.tag}`, 120_000);
        const cut = (await layerPuts(bounded.log, 'e2e/cloudfront-slow/huge'))[0];
        if (result.code === 0) return 'the push passed';
        if (result.timedOut === true) return 'the push hung (killed after 120 s)';
        if (cut?.status !== 504) return `the layer PUT was answered ${cut?.status ?? 'never'}; the client said: ${said(result.stderr)}`;
        const ran = uploadSeconds === undefined ? '' : `; through the load balancer it took ${uploadSeconds.toFixed(1)} s`;
        return { note: `cut after ${(cut.ms / 1000).toFixed(1)} s and ${mb(cut.requestBytes)}${ran}; the client: ${said(result.stderr)}` };
      });
    }
  } finally {
    for (const link of links) link.close();
    for (const alias of aliases) await alias.stop();
  }
}
