/** `init`: adds one alias → registry mapping to the config, from flags or, on a terminal, prompts. */
import { parseArgs } from 'node:util';
import { addMapping, parseEntry } from './config.ts';
import { ecrRegion, hostOf } from './host.ts';

export class UsageError extends Error {
  override name = 'UsageError';
}

export interface InitIo {
  stdout: { write(text: string): unknown };
  /** Asks one question on the terminal; undefined when stdin is not a TTY. */
  prompt?: (question: string) => Promise<string>;
}

export interface InitResult {
  alias: string;
  value: string | Record<string, string>;
  replaced: boolean;
}

function flags(args: string[]): Record<string, string | undefined> {
  try {
    return parseArgs({
      args,
      strict: true,
      allowPositionals: false,
      options: { alias: { type: 'string' }, registry: { type: 'string' }, region: { type: 'string' }, profile: { type: 'string' } },
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message.split('\n')[0] ?? 'bad arguments');
  }
}

async function ask(io: InitIo, question: string, fallback?: string): Promise<string | undefined> {
  if (!io.prompt) return fallback;
  const answer = (await io.prompt(fallback ? `${question} [${fallback}]: ` : `${question}: `)).trim();
  return answer || fallback;
}

export async function init(args: string[], configFile: string, io: InitIo): Promise<InitResult> {
  const given = flags(args);
  const alias = given.alias ?? (await ask(io, 'Alias host (e.g. ecr.example.com)'));
  const registry = given.registry ?? (await ask(io, 'ECR registry (e.g. 123456789012.dkr.ecr.us-east-1.amazonaws.com)'));
  if (!alias || !registry) {
    throw new UsageError('init needs --alias HOST and --registry HOST (or run it on a terminal to be asked)');
  }
  const guessed = ecrRegion(hostOf(registry));
  const region = given.region ?? (await ask(io, 'AWS region', guessed));
  const profile = given.profile ?? (await ask(io, 'AWS profile (empty: default credential chain)'));
  // The short string form when region and profile add nothing.
  const value: string | Record<string, string> =
    (region === undefined || region === guessed) && !profile
      ? hostOf(registry)
      : { registry: hostOf(registry), ...(region && region !== guessed ? { region } : {}), ...(profile ? { profile } : {}) };
  parseEntry(alias, value);
  const { replaced } = addMapping(configFile, alias, value);
  return { alias: hostOf(alias), value, replaced };
}
