import { nodeIo, run } from '../credential-helper/cli.ts';

declare const VERSION: string;

void run(process.argv.slice(2), nodeIo(VERSION)).then((code) => {
  process.exitCode = code;
});
