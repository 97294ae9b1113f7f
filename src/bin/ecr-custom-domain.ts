import { run } from '../serve/cli.ts';
import { extractAssets, packageFiles, singleExecutable } from './single-executable.ts';

declare const VERSION: string;

const shutdown = new AbortController();
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => shutdown.abort(signal));
const sea = singleExecutable();
void run(process.argv.slice(2), {
  env: process.env,
  stdout: process.stdout,
  stderr: process.stderr,
  shutdown: shutdown.signal,
  version: VERSION,
  packaged: () => (sea ? extractAssets(sea) : packageFiles(process.argv[1] ?? '.')),
}).then((code) => {
  process.exitCode = code;
  // After a signal, run() has said what it stopped; requests it abandoned (doctor's) must not hold the exit.
  if (shutdown.signal.aborted) process.exit();
});
