/**
 * `init`: adds one alias → registry mapping to the config, from flags or, on a terminal, prompts,
 * and with --docker, --podman or --kubelet FILE points those clients at the helper too.
 */
import { readFileSync } from 'node:fs';
import { ConfigError, UsageError } from '../core/errors.ts';
import { ecrRegion } from '../core/registry-host.ts';
import { type Plan, dockerConfigPath, planCredHelpers, planKubelet, podmanAuthPath, writeAtomically } from './client-config.ts';
import { type Env, addMapping, parseConfig, parseEntry } from './config.ts';
import { hostOf } from './host.ts';
import { parseFlags } from '../core/cli.ts';

export interface InitIo {
  stdout: { write(text: string): unknown };
  /** Asks one question on the terminal; undefined when stdin is not a TTY. */
  prompt?: (question: string) => Promise<string>;
}

export interface InitResult {
  alias: string;
  value: string | Record<string, string>;
  replaced: boolean;
  /** One line per file written or already up to date. */
  lines: string[];
}

function flags(args: string[]) {
  return parseFlags({
      args,
      allowPositionals: false,
      options: {
        alias: { type: 'string' },
        registry: { type: 'string' },
        region: { type: 'string' },
        profile: { type: 'string' },
        docker: { type: 'boolean' },
        podman: { type: 'boolean' },
        kubelet: { type: 'string' },
      },
    }).values;
}

async function ask(io: InitIo, question: string, fallback?: string): Promise<string | undefined> {
  if (!io.prompt) return fallback;
  const answer = (await io.prompt(fallback ? `${question} [${fallback}]: ` : `${question}: `)).trim();
  return answer || fallback;
}

/** True when the config already maps the alias to exactly this value; loading it refuses a bad file before anything is written. */
function alreadyMapped(configFile: string, alias: string, value: string | Record<string, string>): boolean {
  let text: string;
  try {
    text = readFileSync(configFile, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new ConfigError(`${configFile}: cannot read: ${(error as Error).message}`);
  }
  if (text.trim() === '' || !parseConfig(text, configFile).aliases.has(alias)) return false;
  return JSON.stringify((JSON.parse(text) as Record<string, unknown>)[alias]) === JSON.stringify(value);
}

export async function init(args: string[], configFile: string, io: InitIo, env: Env = {}): Promise<InitResult> {
  const given = flags(args);
  if (given.kubelet !== undefined && given.kubelet.trim() === '') throw new UsageError('--kubelet needs a FILE, e.g. /etc/kubernetes/credential-providers.json');
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
  const target = parseEntry(alias, value);
  const key = hostOf(alias);
  // The helper answers for the alias and for the registry it maps to (a redirected client asks about that host).
  const hosts = [...new Set([key, target.registry])];

  // Every file is read and merged before any is written: one bad file changes nothing anywhere.
  const plans: Plan[] = [];
  if (given.docker) plans.push(planCredHelpers(dockerConfigPath(env), hosts));
  if (given.podman) plans.push(planCredHelpers(podmanAuthPath(env), hosts));
  if (given.kubelet !== undefined) plans.push(planKubelet(given.kubelet, hosts, configFile));
  const same = alreadyMapped(configFile, key, value);

  const lines: string[] = [];
  let replaced = false;
  if (same) {
    lines.push(`${configFile} is up to date (${key} -> ${target.registry})`);
  } else {
    ({ replaced } = addMapping(configFile, alias, value));
    lines.push(`${replaced ? 'updated' : 'added'} ${key} -> ${target.registry} in ${configFile}`);
  }
  for (const plan of plans) {
    if (plan.text === undefined) {
      lines.push(`${plan.file} is up to date (${plan.summary})`);
    } else {
      writeAtomically(plan.file, plan.text, plan.mode);
      lines.push(`wrote ${plan.file} (${plan.summary})`);
    }
  }
  if (plans.length === 0) lines.push(`docker, podman, kubelet: run init again with --docker, --podman or --kubelet FILE to point them at ${key}`);
  return { alias: key, value, replaced, lines };
}
