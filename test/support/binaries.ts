/** The single executables of `npm run build:binaries`, built when missing or older than what they are made of. */
import { execFileSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { ROOT } from './processes.ts';

export const DIST = `${ROOT}dist/bin`;
const SOURCES = ['bin/ecr-custom-domain', 'bin/docker-credential-ecr-custom', 'bin/aws-sdk-client-ecr.cjs', 'function/dist/index.js', 'function/cloudfront-function.js', 'scripts/build-binaries.mjs'];

function fresh(): boolean {
  const sums = `${DIST}/SHA256SUMS`;
  if (!existsSync(sums)) return false;
  const built = statSync(sums).mtimeMs;
  return SOURCES.every((file) => statSync(`${ROOT}${file}`).mtimeMs < built);
}

export function ensureBinaries(): void {
  if (!fresh()) execFileSync(process.execPath, [`${ROOT}scripts/build-binaries.mjs`], { stdio: ['ignore', 'ignore', 'inherit'] });
}
