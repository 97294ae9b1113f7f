/** The single executables of `npm run build:binaries`, built when missing or older than what they are made of. */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { ROOT } from './processes.ts';

export const DIST = `${ROOT}dist/bin`;
const SOURCES = ['dist/ecr-custom-domain.cjs', 'dist/docker-credential-ecr-custom.cjs', 'dist/aws-sdk-client-ecr.cjs', 'function/cloudfront-function.js', 'scripts/build-binaries.mjs'];
/** Test files run in parallel, and several need the binaries: one builds them while the others wait. */
const LOCK = `${ROOT}.tmp/build-binaries.lock`;
const LOCK_WAIT_MS = 300_000;

function fresh(): boolean {
  const sums = `${DIST}/SHA256SUMS`;
  if (!existsSync(sums)) return false;
  const built = statSync(sums).mtimeMs;
  return SOURCES.every((file) => statSync(`${ROOT}${file}`).mtimeMs < built);
}

function lock(): void {
  mkdirSync(`${ROOT}.tmp`, { recursive: true });
  const deadline = Date.now() + LOCK_WAIT_MS;
  for (;;) {
    try {
      mkdirSync(LOCK);
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (Date.now() > deadline) throw new Error(`${LOCK} has been held for ${LOCK_WAIT_MS / 1000} s: if no build is running, remove it`);
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
}

export function ensureBinaries(): void {
  lock();
  try {
    if (!fresh()) execFileSync(process.execPath, [`${ROOT}scripts/build-binaries.mjs`], { stdio: ['ignore', 'ignore', 'inherit'] });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

/** The x64 node the single executables are made of (scripts/build-binaries.mjs keeps it in .tmp/sea), for `-e 0`. */
export function seaNode(): string {
  const dir = readdirSync(`${ROOT}.tmp/sea`).find((name) => /^node-[\d.]+-linux-x64$/.test(name));
  if (dir === undefined) throw new Error('no node in .tmp/sea: run npm run build:binaries');
  return `${ROOT}.tmp/sea/${dir}/package/bin/node`;
}
