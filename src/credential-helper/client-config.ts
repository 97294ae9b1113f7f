/**
 * The clients' own configs that `init` writes: docker's config.json and podman's auth.json
 * (`credHelpers`), and a kubelet CredentialProviderConfig. Each is planned (read, parsed, merged)
 * before any is written, so one bad file changes nothing anywhere.
 */
import { chmodSync, mkdirSync, readFileSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { ConfigError } from '../core/errors.ts';
import { type Env, homeDir } from './config.ts';

/** `credHelpers` values name the program `docker-credential-<value>`. */
export const HELPER = 'ecr-custom';
export const PROVIDER = 'docker-credential-ecr-custom';
const CONFIG_VARIABLE = 'AWS_ECR_CUSTOM_CONFIG';

/** One client file: what is there now and what `init` wants there. */
export interface Plan {
  file: string;
  /** The text to write, or undefined when the file already says everything. */
  text: string | undefined;
  mode: number;
  /** What the change is about, for the one line `init` prints. */
  summary: string;
}

export function dockerConfigPath(env: Env): string {
  return join(env.DOCKER_CONFIG || join(homeDir(env), '.docker'), 'config.json');
}

/** podman's primary (read/write) auth file, the one `podman login` writes and reads first; as `doctor` checks it. */
export function podmanAuthPath(env: Env): string {
  if (env.REGISTRY_AUTH_FILE) return env.REGISTRY_AUTH_FILE;
  if (env.XDG_RUNTIME_DIR) return join(env.XDG_RUNTIME_DIR, 'containers', 'auth.json');
  return join(homeDir(env), '.config', 'containers', 'auth.json');
}

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Line and column of a JSON.parse failure. V8's message quotes the text, and a docker config can hold `auths`, so it is never shown. */
function where(text: string, message: string): string {
  if (/end of JSON input/.test(message)) return ' (it ends early)';
  const position = /position (\d+)/.exec(message)?.[1];
  if (position === undefined) return '';
  const before = text.slice(0, Number(position)).split('\n');
  return ` at line ${before.length} column ${(before[before.length - 1]?.length ?? 0) + 1}`;
}

/** An empty or missing file is an empty object; anything else must be a JSON object. */
export function parseJsonFile(text: string | undefined, file: string, yamlHint = false): Json {
  if (text === undefined || text.trim() === '') return {};
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    if (yamlHint && !text.trimStart().startsWith('{')) {
      throw new ConfigError(`${file}: YAML is not supported, only JSON (the kubelet reads both): convert it, e.g. \`yq -o=json\`, or add the provider by hand`);
    }
    throw new ConfigError(`${file}: invalid JSON${where(text, (error as Error).message)}; fix it, then run init again`);
  }
  if (!isObject(raw)) throw new ConfigError(`${file}: must be a JSON object`);
  return raw;
}

/** The indentation the file already uses (docker and containers/image write tabs). */
function indentOf(text: string | undefined, fallback: string): string {
  return /\n([ \t]+)\S/.exec(text ?? '')?.[1] ?? fallback;
}

/** Adds `host: "ecr-custom"` to `credHelpers` for every host; returns undefined when nothing changes. */
export function mergeCredHelpers(text: string | undefined, file: string, hosts: readonly string[]): string | undefined {
  const config = parseJsonFile(text, file);
  const helpers = config.credHelpers ?? {};
  if (!isObject(helpers)) throw new ConfigError(`${file}: "credHelpers" must be an object of host -> helper name`);
  if (hosts.every((host) => helpers[host] === HELPER)) return undefined;
  const merged: Json = { ...helpers };
  for (const host of hosts) merged[host] = HELPER;
  return `${JSON.stringify({ ...config, credHelpers: merged }, null, indentOf(text, '\t'))}\n`;
}

/** What the kubelet needs to run the helper for these hosts, reading the helper config at `configFile`. */
export function provider(hosts: readonly string[], configFile: string): Json {
  return {
    name: PROVIDER,
    matchImages: [...hosts],
    defaultCacheDuration: '6h',
    apiVersion: 'credentialprovider.kubelet.k8s.io/v1',
    args: ['kubelet'],
    // The kubelet's HOME is not the user's: name the mapping file init wrote.
    env: [{ name: CONFIG_VARIABLE, value: configFile }],
  };
}

/**
 * Adds or updates our provider in a CredentialProviderConfig: the hosts join its `matchImages`;
 * every other provider, field and unknown key stays. Returns undefined when nothing changes.
 */
export function mergeKubeletConfig(text: string | undefined, file: string, hosts: readonly string[], configFile: string): string | undefined {
  const config = parseJsonFile(text, file, true);
  if (config.kind !== undefined && config.kind !== 'CredentialProviderConfig') {
    throw new ConfigError(`${file}: kind is ${JSON.stringify(config.kind)}, expected "CredentialProviderConfig"`);
  }
  const providers = config.providers ?? [];
  if (!Array.isArray(providers) || !providers.every(isObject)) throw new ConfigError(`${file}: "providers" must be a list of objects`);
  const index = providers.findIndex((entry) => entry.name === PROVIDER);
  const wanted = provider(hosts, configFile);
  const existing = providers[index];
  let next: Json;
  if (existing === undefined) {
    next = wanted;
  } else {
    const images = existing.matchImages ?? [];
    if (!Array.isArray(images)) throw new ConfigError(`${file}: provider ${PROVIDER}: "matchImages" must be a list`);
    const env = existing.env ?? [];
    if (!Array.isArray(env) || !env.every(isObject)) throw new ConfigError(`${file}: provider ${PROVIDER}: "env" must be a list of {name, value}`);
    const configEnv = env.find((entry) => entry.name === CONFIG_VARIABLE);
    if (configEnv && configEnv.value !== configFile) {
      throw new ConfigError(
        `${file}: provider ${PROVIDER} reads ${CONFIG_VARIABLE}=${String(configEnv.value)}, not ${configFile}: run init with ${CONFIG_VARIABLE}=${String(configEnv.value)}, or change the file`,
      );
    }
    const missing = hosts.filter((host) => !images.includes(host));
    if (missing.length === 0 && configEnv) return undefined;
    // The user's own choices (args, apiVersion, cache duration, other env) stay as written, in their order.
    next = { ...existing };
    for (const [key, value] of Object.entries(wanted)) if (!(key in next)) next[key] = value;
    next.matchImages = [...images, ...missing];
    next.env = configEnv ? env : [...env, { name: CONFIG_VARIABLE, value: configFile }];
  }
  const list = index === -1 ? [...providers, next] : providers.map((entry, i) => (i === index ? next : entry));
  const merged: Json = { apiVersion: 'kubelet.config.k8s.io/v1', kind: 'CredentialProviderConfig', ...config, providers: list };
  return `${JSON.stringify(merged, null, indentOf(text, '  '))}\n`;
}

function readTarget(file: string): { text: string | undefined; mode: number | undefined } {
  try {
    const text = readFileSync(file, 'utf8');
    return { text, mode: statSync(file).mode & 0o777 };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { text: undefined, mode: undefined };
    throw new ConfigError(`${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

/** Reads and merges one credHelpers file (docker, podman); new files are 0600, as docker and podman make them. */
export function planCredHelpers(file: string, hosts: readonly string[]): Plan {
  const { text, mode } = readTarget(file);
  return { file, text: mergeCredHelpers(text, file, hosts), mode: mode ?? 0o600, summary: `credHelpers ${hosts.join(', ')} -> ${HELPER}` };
}

export function planKubelet(file: string, hosts: readonly string[], configFile: string): Plan {
  const { text, mode } = readTarget(file);
  const absolute = resolve(configFile);
  return { file, text: mergeKubeletConfig(text, file, hosts, absolute), mode: mode ?? 0o644, summary: `provider ${PROVIDER} for ${hosts.join(', ')}` };
}

/** Temp file and rename in the same directory, keeping the mode; a symlinked file (dotfiles) is written where it points. */
export function writeAtomically(file: string, text: string, mode: number): void {
  let target = file;
  try {
    target = realpathSync(file);
  } catch {
    // A new file: its directories are made private.
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  }
  const temp = `${target}.${process.pid}.tmp`;
  try {
    writeFileSync(temp, text, { mode });
    chmodSync(temp, mode);
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new ConfigError(`${file}: cannot write: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}
