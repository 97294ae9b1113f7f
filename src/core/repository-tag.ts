/** The ECR resource tag that publishes a repository: public access also serves every repository carrying it. */
import { ConfigError } from './errors.ts';

export interface RepositoryTag {
  readonly key: string;
  readonly value: string;
}

// ECR tag rules (TagResource, AWS tagging guide): letters, digits, spaces and + - = . _ : / @.
const TAG_TEXT = /^[\p{L}\p{Z}\p{N}_.:/=+\-@]*$/u;
const MAX_KEY = 128;
const MAX_VALUE = 256;

/** Why `key`/`value` cannot be an ECR tag this project matches, or undefined when they can. */
export function repositoryTagProblem(key: string, value: string): string | undefined {
  const keyLength = [...key].length;
  if (keyLength === 0 || keyLength > MAX_KEY) return `the key must have 1 to ${MAX_KEY} characters`;
  if ([...value].length > MAX_VALUE) return `the value must have at most ${MAX_VALUE} characters`;
  if (!TAG_TEXT.test(key) || !TAG_TEXT.test(value)) return 'key and value may hold letters, digits, spaces and + - = . _ : / @ only';
  // KEY=VALUE is split at the first "=", so a key cannot hold one.
  if (key.includes('=')) return 'the key must not contain "="';
  if (/^aws:/i.test(key) || /^aws:/i.test(value)) return 'the prefix aws: is reserved for AWS';
  return undefined;
}

/** `KEY=VALUE` (split at the first "="), checked against ECR's tag rules; `setting` names it in the error. */
export function parseRepositoryTag(text: string, setting: string): RepositoryTag {
  const equals = text.indexOf('=');
  const shown = JSON.stringify(text.slice(0, 100));
  if (equals < 0) throw new ConfigError(`${setting} must be KEY=VALUE, an ECR repository tag such as public=true; got ${shown}`);
  const key = text.slice(0, equals);
  const value = text.slice(equals + 1);
  const problem = repositoryTagProblem(key, value);
  if (problem !== undefined) throw new ConfigError(`${setting} has ${shown}: ${problem} (an ECR repository tag KEY=VALUE, such as public=true)`);
  return { key, value };
}

/** How long a tag added or removed may take to show, by default; see function/src/repository-tags.ts. */
export const DEFAULT_TAG_TTL_SECONDS = 60;
const MAX_TAG_TTL_SECONDS = 3_600;

/** The tag TTL in whole seconds, 1 to 3600; `setting` names it in the error. */
export function parseTagTtl(text: string, setting: string): number {
  const seconds = Number(text);
  if (!/^\d{1,4}$/.test(text) || seconds < 1 || seconds > MAX_TAG_TTL_SECONDS) {
    throw new ConfigError(`${setting} must be a whole number of seconds from 1 to ${MAX_TAG_TTL_SECONDS} (default ${DEFAULT_TAG_TTL_SECONDS}); got ${JSON.stringify(text.slice(0, 50))}`);
  }
  return seconds;
}
