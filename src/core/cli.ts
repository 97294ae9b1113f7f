/** What the command lines share: flags parsed strictly, a bad one as a UsageError of one line. */
import { type ParseArgsConfig, parseArgs } from 'node:util';
import { UsageError } from './errors.ts';

/** node:util parseArgs (strict unless told otherwise), its first error line as a UsageError. */
export function parseFlags<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  try {
    return parseArgs(config);
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

/** `version` and `help` as every command line answers them: 0 once written, undefined for any other command. */
export function versionOrHelp(command: string | undefined, stdout: { write(text: string): unknown }, versionLine: string, usage: string): 0 | undefined {
  if (command === 'version' || command === '--version') {
    stdout.write(`${versionLine}\n`);
    return 0;
  }
  if (command === 'help' || command === '--help' || command === '-h') {
    stdout.write(usage);
    return 0;
  }
  return undefined;
}
