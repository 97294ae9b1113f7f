import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { run } from '../serve/cli.ts';

declare const VERSION: string;

const shutdown = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => shutdown.abort());
// The Lambda bundle sits beside bin/ in the package, also when bin/ is reached through an npm -g symlink.
const defaultHandlerPath = join(dirname(realpathSync(process.argv[1] ?? '.')), '../function/dist/index.js');
void run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  shutdown: shutdown.signal,
  version: VERSION,
  defaultHandlerPath,
}).then((code) => {
  process.exitCode = code;
});
