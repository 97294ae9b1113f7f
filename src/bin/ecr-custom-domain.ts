import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../serve/cli.ts';

declare const VERSION: string;

const shutdown = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => shutdown.abort());
// The Lambda bundle and the CloudFront Function sit beside bin/ in the package, also when bin/ is reached through an npm -g symlink.
const packageRoot = join(dirname(realpathSync(process.argv[1] ?? '.')), '..');
void run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  shutdown: shutdown.signal,
  version: VERSION,
  defaultHandlerPath: join(packageRoot, 'function/dist/index.js'),
  viewerResponsePath: join(packageRoot, 'function/cloudfront-function.js'),
}).then((code) => {
  process.exitCode = code;
});
