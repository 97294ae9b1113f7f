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

const SIZE_UNITS: Record<string, number> = { '': 1, K: 1e3, M: 1e6, G: 1e9, T: 1e12, KI: 2 ** 10, MI: 2 ** 20, GI: 2 ** 30, TI: 2 ** 40 };

/** A size in bytes: a whole number, optionally with K, M, G, T (powers of 1000) or Ki, Mi, Gi, Ti (of 1024); `flag` names it in the error. */
export function parseSize(text: string, flag: string): number {
  const match = /^(\d+)\s*([KMGT]i?)?B?$/i.exec(text.trim());
  const unit = SIZE_UNITS[(match?.[2] ?? '').toUpperCase()];
  const bytes = match && unit !== undefined ? Number(match[1]) * unit : Number.NaN;
  if (!Number.isSafeInteger(bytes)) throw new UsageError(`${flag} must be a size such as 500000000, 50M, 1G or 100Mi; got ${JSON.stringify(text.slice(0, 50))}`);
  return bytes;
}
