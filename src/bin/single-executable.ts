/**
 * The executables' packaged files: the CloudFront Function that `serve` runs, found in the package bin/ sits in, or
 * carried as assets by a single executable (scripts/build-binaries.mjs), and how to import a --handler bundle.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type * as Sea from 'node:sea';
import { pathToFileURL } from 'node:url';
import type { PackagedFiles } from '../serve/cli.ts';


/** The asset listing every other asset's name (Node 20's node:sea cannot list them). */
export const ASSET_LIST = 'assets.json';

/** node:sea when this process is a single executable; undefined otherwise, and on Node < 20.16, which cannot say. */
export function singleExecutable(): typeof Sea | undefined {
  // process.getBuiltinModule is absent before Node 20.16 (the types say otherwise).
  const sea = (process.getBuiltinModule as typeof process.getBuiltinModule | undefined)?.('node:sea');
  return sea?.isSea() ? sea : undefined;
}

/** The files beside bin/ in the package, also when bin/ is reached through an npm -g symlink. */
export function packageFiles(executable: string): PackagedFiles {
  const root = join(dirname(realpathSync(executable)), '..');
  return {
    viewerResponsePath: join(root, 'function/cloudfront-function.js'),
    importFile: (path) => import(pathToFileURL(path).href),
  };
}

/**
 * A single executable's assets written into a fresh private directory (mode 0700, under TMPDIR), which is removed
 * when the process exits: serve reads them by path, and import() of a --handler bundle needs a module loaded from disk.
 */
export function extractAssets(sea: typeof Sea, temp = tmpdir()): PackagedFiles {
  const dir = mkdtempSync(join(temp, 'ecr-custom-domain-'));
  process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  for (const name of JSON.parse(sea.getAsset(ASSET_LIST, 'utf8')) as string[]) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), new Uint8Array(sea.getAsset(name)), { mode: 0o600 });
  }
  writeFileSync(join(dir, 'import.cjs'), 'module.exports = (url) => import(url);\n', { mode: 0o600 });
  const importUrl = createRequire(join(dir, 'import.cjs'))('./import.cjs') as (url: string) => Promise<unknown>;
  return {
    viewerResponsePath: join(dir, 'function/cloudfront-function.js'),
    // A single executable's own script has no import(); a module loaded from disk has.
    importFile: (path) => importUrl(pathToFileURL(path).href),
  };
}
