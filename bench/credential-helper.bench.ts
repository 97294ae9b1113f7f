// docker-credential-ecr-custom: wall time of a cached `get` (the hot path docker takes on every pull),
// against bare Node startup and against Debian's docker-credential-ecr-login with a warm cache.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DIST, ensureBinaries, seaNode } from '../test/support/binaries.ts';
import { startEcrApiStandIn } from '../test/support/ecr-api-stand-in.ts';
import { median, type Report } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const BIN = `${root}bin/docker-credential-ecr-custom`;
/** The single executable (npm run build:binaries); seaNode() is the very node it is made of. */
const SEA = `${DIST}/docker-credential-ecr-custom-linux-x64`;
const ECR_LOGIN = 'docker-credential-ecr-login';
const REGISTRY = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
const PASSWORD = 'bench-password';
const ROUNDS = 40;

/** Async spawn: the ECR stand-in answers from this process, so its event loop must keep running. */
function wallMs(command: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<number> {
  const start = process.hrtime.bigint();
  const child = spawn(command, args, { env, stdio: ['pipe', 'ignore', 'ignore'] });
  child.stdin.end(input);
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => {
      if (code !== 0) reject(new Error(`${command} ${args.join(' ')} exited ${code}`));
      else resolve(Number(process.hrtime.bigint() - start) / 1e6);
    });
  });
}

async function secretOf(command: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const child = spawn(command, ['get'], { env, stdio: ['pipe', 'pipe', 'ignore'] });
  child.stdin.end(REGISTRY);
  let stdout = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
  });
  const code = await new Promise<number | null>((resolve) => {
    child.once('error', () => resolve(null));
    child.once('close', resolve);
  });
  if (code !== 0) return undefined;
  try {
    return (JSON.parse(stdout) as { Secret?: string }).Secret;
  } catch {
    return undefined;
  }
}

/**
 * Debian's ecr-login (0.6.x) ignores AWS_ENDPOINT_URL_ECR, so its cache is warmed by writing its
 * ~/.ecr/cache.json: entries keyed `<region>-<base64(access key id + md5 of nothing)>-<registry id>`,
 * which is what that version computes (checked below by reading the token back through `get`).
 */
function warmEcrLoginCache(home: string, accessKeyId: string): void {
  const prefix = Buffer.concat([Buffer.from(accessKeyId), createHash('md5').digest()]).toString('base64');
  const now = Date.now();
  const entry = {
    AuthorizationToken: Buffer.from(`AWS:${PASSWORD}`).toString('base64'),
    RequestedAt: new Date(now).toISOString(),
    ExpiresAt: new Date(now + 12 * 3600_000).toISOString(),
    ProxyEndpoint: `https://${REGISTRY}`,
    Service: 'ecr',
  };
  mkdirSync(join(home, '.ecr'), { recursive: true, mode: 0o700 });
  writeFileSync(join(home, '.ecr', 'cache.json'), JSON.stringify({ Registries: { [`us-east-1-${prefix}-123456789012`]: entry }, Version: '1.0' }), { mode: 0o600 });
}

export default async function bench(report: Report): Promise<void> {
  const api = await startEcrApiStandIn({ host: '127.0.0.4', password: PASSWORD });
  const home = mkdtempSync(join(tmpdir(), 'dcec-bench-'));
  try {
    mkdirSync(join(home, '.ecr'), { mode: 0o700 });
    writeFileSync(join(home, '.ecr', 'custom.json'), JSON.stringify({ 'ecr.example.com': REGISTRY }));
    const env = {
      PATH: process.env.PATH,
      HOME: home,
      AWS_ACCESS_KEY_ID: 'AKIDBENCHEXAMPLE',
      AWS_SECRET_ACCESS_KEY: 'bench-secret',
      AWS_ENDPOINT_URL_ECR: api.url,
      AWS_EC2_METADATA_DISABLED: 'true',
    };
    // Cold: every run loads the SDK and calls the stand-in (informational).
    const cold: number[] = [];
    for (let i = 0; i < 10; i++) cold.push(await wallMs(BIN, ['get'], { ...env, AWS_ECR_CUSTOM_DISABLE_CACHE: '1' }, 'ecr.example.com'));
    if ((await secretOf(BIN, env)) !== PASSWORD) throw new Error('docker-credential-ecr-custom get did not answer with the stand-in token');
    const callsAfterWarm = api.calls.length;

    const ecrLogin = spawnSync(ECR_LOGIN, ['version'], { stdio: 'ignore' }).error === undefined;
    let ecrLoginReady = false;
    if (ecrLogin) {
      warmEcrLoginCache(home, env.AWS_ACCESS_KEY_ID);
      ecrLoginReady = (await secretOf(ECR_LOGIN, env)) === PASSWORD;
    }

    ensureBinaries();
    const ownNode = seaNode();
    if ((await secretOf(SEA, env)) !== PASSWORD) throw new Error(`${SEA} get did not answer with the stand-in token`);
    const bare: number[] = [];
    const cached: number[] = [];
    const seaBare: number[] = [];
    const seaCached: number[] = [];
    const theirs: number[] = [];
    for (let i = 0; i < 3; i++) {
      await wallMs(BIN, ['get'], env, 'ecr.example.com');
      await wallMs(SEA, ['get'], env, 'ecr.example.com');
    }
    // Interleaved, so load from anything else on the machine hits all three alike.
    for (let i = 0; i < ROUNDS; i++) {
      bare.push(await wallMs(process.execPath, ['-e', '0'], env));
      cached.push(await wallMs(BIN, ['get'], env, 'ecr.example.com'));
      seaBare.push(await wallMs(ownNode, ['-e', '0'], env));
      seaCached.push(await wallMs(SEA, ['get'], env, 'ecr.example.com'));
      if (ecrLoginReady) theirs.push(await wallMs(ECR_LOGIN, ['get'], env, REGISTRY));
    }
    if (api.calls.length !== callsAfterWarm) throw new Error(`cached gets called the API ${api.calls.length - callsAfterWarm} times`);

    report({ name: 'cached get (median wall)', value: median(cached), baseline: median(bare), unit: 'ms', baselineName: 'node -e 0', goal: { max: 1.3 } });
    report({ name: 'single binary: cached get (median wall)', value: median(seaCached), baseline: median(seaBare), unit: 'ms', baselineName: 'the node it is made of, -e 0', goal: { max: 1.1 } });
    if (!ecrLogin) {
      console.log(`${ECR_LOGIN} is not installed (Debian package amazon-ecr-credential-helper): no comparison. Install it with apt-get install -y amazon-ecr-credential-helper.`);
    } else if (!ecrLoginReady) {
      console.log(`${ECR_LOGIN} did not answer from the warm cache written for it: no comparison (its cache format may have changed).`);
    } else {
      report({ name: 'cached get (median wall)', value: median(cached), baseline: median(theirs), unit: 'ms', baselineName: `${ECR_LOGIN} get, warm cache` });
      report({ name: 'single binary: cached get (median wall)', value: median(seaCached), baseline: median(theirs), unit: 'ms', baselineName: `${ECR_LOGIN} get, warm cache` });
    }
    report({ name: 'cold get: SDK + GetAuthorizationToken on loopback (median wall)', value: median(cold), baseline: median(bare), unit: 'ms', baselineName: 'node -e 0' });

    // The helper's two start-up economies, measured as a script file pays them (`node -e` has node:crypto
    // loaded before its code runs): src/credential-helper/sha256.ts instead of node:crypto, and
    // readSync/writeSync on fds 0 and 1 instead of process.stdin/process.stdout.
    const scripts = join(home, 'scripts');
    mkdirSync(scripts);
    const script = (name: string, code: string) => {
      writeFileSync(join(scripts, name), code);
      return join(scripts, name);
    };
    const empty = script('empty.cjs', '');
    const crypto = script('crypto.cjs', "require('node:crypto').createHash('sha256').update('cache key').digest('hex');\n");
    const streams = script('streams.cjs', "process.stdin.on('data', () => {}); process.stdout.write('');\n");
    const fds = script('fds.cjs', "const fs = require('node:fs'); fs.readSync(0, Buffer.alloc(16)); fs.writeSync(1, '');\n");
    const times: Record<string, number[]> = { empty: [], crypto: [], streams: [], fds: [] };
    for (let i = 0; i < ROUNDS; i++) {
      for (const [name, file] of [['empty', empty], ['crypto', crypto], ['streams', streams], ['fds', fds]] as const) {
        times[name]?.push(await wallMs(process.execPath, [file], env, 'x'));
      }
    }
    const m = (name: string) => median(times[name] ?? []);
    report({ name: 'node:crypto loaded and one SHA-256, in a script (median wall)', value: m('crypto'), baseline: m('empty'), unit: 'ms', baselineName: 'an empty script' });
    report({ name: 'process.stdin and process.stdout, in a script (median wall)', value: m('streams'), baseline: m('fds'), unit: 'ms', baselineName: 'readSync/writeSync on fds 0 and 1' });
  } finally {
    rmSync(home, { recursive: true, force: true });
    await api.close();
  }
}
