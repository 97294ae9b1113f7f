/** ~/.ecr/custom.json: which alias hosts map to which ECR registry, region and AWS profile. */
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { ecrRegion, isRegion, parseRegistry } from '../core/registry-host.ts';
import { hostOf } from './host.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** Where an alias's credentials come from. */
export interface Target {
  /** ECR registry `host[:port]`. */
  registry: string;
  region: string;
  /** AWS profile; absent means the SDK's default credential chain. */
  profile?: string;
}

export interface HelperConfig {
  file: string;
  /** Alias host → target, in file order. */
  aliases: Map<string, Target>;
}

const ENTRY_KEYS = new Set(['registry', 'region', 'profile']);

export function homeDir(env: Env): string {
  return env.HOME || homedir();
}

export function configPath(env: Env): string {
  return env.AWS_ECR_CUSTOM_CONFIG || join(homeDir(env), '.ecr', 'custom.json');
}

function parseHost(value: string, what: string): string {
  try {
    return parseRegistry(hostOf(value), what);
  } catch (error) {
    if (error instanceof ConfigError) throw new ConfigError(`${what} must be a host[:port], e.g. ecr.example.com; got ${JSON.stringify(value.slice(0, 100))}`);
    throw error;
  }
}

/** Validates one mapping value: a registry string or `{registry, region?, profile?}`. Throws without the file name. */
export function parseEntry(alias: string, value: unknown): Target {
  const where = JSON.stringify(alias);
  const entry: Record<string, unknown> = typeof value === 'string' ? { registry: value } : (value as Record<string, unknown>);
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new ConfigError(`${where} must map to a registry string or an object {"registry", "region", "profile"}`);
  }
  for (const key of Object.keys(entry)) {
    if (!ENTRY_KEYS.has(key)) throw new ConfigError(`${where} has unknown key ${JSON.stringify(key)}; allowed: registry, region, profile`);
  }
  if (typeof entry.registry !== 'string' || entry.registry.trim() === '') {
    throw new ConfigError(`${where} needs "registry", e.g. "123456789012.dkr.ecr.us-east-1.amazonaws.com"`);
  }
  const registry = parseHost(entry.registry, `${where} registry`);
  if (entry.region !== undefined && (typeof entry.region !== 'string' || !isRegion(entry.region))) {
    throw new ConfigError(`${where} region must be an AWS region such as "us-east-1"; got ${JSON.stringify(entry.region)}`);
  }
  const region = (entry.region as string | undefined) ?? ecrRegion(registry);
  if (region === undefined) {
    throw new ConfigError(`${where} registry ${registry} is not an ECR host (<account>.dkr.ecr.<region>.amazonaws.com): add "region"`);
  }
  if (entry.profile !== undefined && (typeof entry.profile !== 'string' || entry.profile.trim() === '')) {
    throw new ConfigError(`${where} profile must be a non-empty string`);
  }
  const target: Target = { registry, region };
  if (entry.profile !== undefined) target.profile = entry.profile as string;
  return target;
}

function parseJsonObject(text: string, file: string): Record<string, unknown> {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new ConfigError(`${file}: invalid JSON: ${((error as Error).message.split('\n')[0] ?? '').slice(0, 200)}`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw new ConfigError(`${file}: must be a JSON object mapping alias hosts to registries, e.g. {"ecr.example.com": "123456789012.dkr.ecr.us-east-1.amazonaws.com"}`);
  }
  return raw as Record<string, unknown>;
}

export function parseConfig(text: string, file: string): HelperConfig {
  const aliases = new Map<string, Target>();
  for (const [key, value] of Object.entries(parseJsonObject(text, file))) {
    try {
      const alias = parseHost(key, `alias ${JSON.stringify(key)}`);
      if (aliases.has(alias)) throw new ConfigError(`alias ${alias} appears twice`);
      aliases.set(alias, parseEntry(key, value));
    } catch (error) {
      if (error instanceof ConfigError) throw new ConfigError(`${file}: ${error.message}`);
      throw error;
    }
  }
  return { file, aliases };
}

/** Reads the config; a missing file is an empty config, so `get` answers "not found". */
export function loadConfig(file: string): HelperConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, aliases: new Map() };
    throw new ConfigError(`${file}: cannot read: ${(error as Error).message}`);
  }
  return parseConfig(text, file);
}

/**
 * The target for a host: an alias, or a registry an alias points at (a client that followed a
 * redirect asks about the registry host). The first alias in the file wins for a shared registry.
 */
export function lookup(config: HelperConfig, host: string): Target | undefined {
  const alias = config.aliases.get(host);
  if (alias) return alias;
  for (const target of config.aliases.values()) if (target.registry === host) return target;
  return undefined;
}

/** Every host `get` answers for: the aliases, then the registries they map to. */
export function hosts(config: HelperConfig): string[] {
  const all = new Set(config.aliases.keys());
  for (const target of config.aliases.values()) all.add(target.registry);
  return [...all];
}

/**
 * Adds or replaces one mapping and keeps every other entry as written: parse, merge, then write a
 * temp file and rename it over the old one, so a crash or a bad entry never loses the file.
 */
export function addMapping(file: string, alias: string, value: string | Record<string, string>): { replaced: boolean } {
  const key = parseHost(alias, 'alias');
  parseEntry(key, value);
  let existing: Record<string, unknown> = {};
  let mode = 0o644;
  let text: string | undefined;
  try {
    text = readFileSync(file, 'utf8');
    mode = statSync(file).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigError(`${file}: cannot read: ${(error as Error).message}`);
  }
  if (text !== undefined && text.trim() !== '') {
    existing = parseJsonObject(text, file);
    parseConfig(text, file);
  }
  const previous = Object.keys(existing).find((k) => {
    try {
      return parseHost(k, 'alias') === key;
    } catch {
      return false;
    }
  });
  const merged: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(existing)) merged[k === previous ? key : k] = k === previous ? value : v;
  if (previous === undefined) merged[key] = value;
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  const temp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(merged, null, 2)}\n`, { mode });
    chmodSync(temp, mode);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new ConfigError(`${file}: cannot write: ${(error as Error).message}`);
  }
  return { replaced: previous !== undefined };
}
