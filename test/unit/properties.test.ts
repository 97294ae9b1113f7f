// Property-based tests: for any input, the alias's rules hold. A fixed seed keeps CI repeatable;
// each property runs a few thousand generated cases.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { locationOnRegistry, rewriteLink } from '../../function/src/answer.ts';
import type { AliasConfig } from '../../src/core/config.ts';
import { decide, type RegistryRequest } from '../../function/src/decide.ts';
import { aliasHost, pathOnRegistry } from '../../src/core/location.ts';
import { parseRegistryPath, repositoryMatcher } from '../../src/core/registry-path.ts';
import { linkOnAlias, locationOnAlias } from '../../function/src/streaming-door.ts';

const SETTINGS = { seed: 20261130, numRuns: 3000 } as const;
const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';

// Pieces that matter to paths, URLs and headers, mixed with arbitrary text.
const tricky = fc.constantFrom('/', '//', '.', '..', '/v2', '/v2/', 'v2', '%', '%2e', '%2F', '%0d%0a', '\r', '\n', '\\', '?', '#', '@', ':', ';', ',', '<', '>', '"', ' ', '\u202e', '\ud800', 'é', '*', 'app', 'team', 'manifests', 'blobs', 'uploads', 'tags', 'list', '_catalog', 'sha256:abc', registry, `https://${registry}`, 'https://', 'evil.example', ':443');
const text = fc.array(fc.oneof(tricky, fc.string({ maxLength: 6 })), { maxLength: 12 }).map((parts) => parts.join(''));
const path = fc.oneof(text.map((t) => `/v2/${t}`), text.map((t) => `/${t}`), text);
const method = fc.constantFrom('GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS');
const userAgent = fc.constantFrom(undefined, 'docker/20.10.24 go/go1.19.8', 'docker/29.0.0 go/go1.25.4 containerd-client/2.1.5 storage-driver/overlayfs', 'containerd/1.6.20', 'skopeo/1.9.3', 'buildkit/v0.12');

const registryRequest = fc.record({
  method,
  path,
  query: text,
  alias: text,
  credentials: fc.boolean(),
  userAgent,
}).map(({ credentials, userAgent: ua, ...rest }): RegistryRequest => ({
  ...rest,
  headers: { ...(credentials ? { authorization: 'Basic QVdTOnNlY3JldA==' } : {}), ...(ua ? { 'user-agent': ua } : {}) },
}));

const allowList = ['app', 'team/*', 'org/**'];
const allows = repositoryMatcher(allowList);
const configs: AliasConfig[] = [
  { registry },
  { registry, public: { repositories: allowList, allows, auth: 'none', region: 'us-east-1' } },
];

const noLineBreak = (value: string) => !/[\r\n]/.test(value);

describe('the decision core, for any request', () => {
  it('never throws, only ever sends a request to the registry host, under /v2, with nothing that can break a header', () => {
    fc.assert(
      fc.property(registryRequest, fc.constantFrom(...configs), (request, config) => {
        const outcome = decide(request, config);
        if (outcome.kind === 'redirect' || outcome.kind === 'forward' || outcome.kind === 'pull') {
          const target = outcome.kind === 'redirect' ? outcome.location : outcome.url;
          expect(target.startsWith(`https://${registry}/v2`)).toBe(true);
          expect(target).not.toMatch(/[\s]/);
          // What the HTTP client will really request, after URL normalisation.
          const url = new URL(target);
          expect(url.host).toBe(registry);
          expect(url.pathname === '/v2' || url.pathname.startsWith('/v2/')).toBe(true);
        }
        if (outcome.kind === 'challenge') expect(outcome.realm).toMatch(/^https:\/\/[A-Za-z0-9.:[\]-]*\/$/);
      }),
      SETTINGS,
    );
  });

  it('never lets a denied repository reach the registry in public access', () => {
    const config = configs[1] as AliasConfig;
    fc.assert(
      fc.property(registryRequest, (request) => {
        const outcome = decide(request, config);
        if (outcome.kind !== 'pull') return;
        const parsed = parseRegistryPath(new URL(outcome.url).pathname);
        expect('name' in parsed && allows(parsed.name)).toBe(true);
      }),
      SETTINGS,
    );
  });
});

// Repository names from the OCI grammar, and allow-list entries made of their segments and globs.
const segment = fc.stringMatching(/^[a-z0-9]{1,3}(?:[._-][a-z0-9]{1,2})?$/);
const name = fc.array(segment, { minLength: 1, maxLength: 4 }).map((s) => s.join('/'));
const pattern = fc.array(fc.oneof(segment, fc.constant('*'), fc.constant('**')), { minLength: 1, maxLength: 4 }).filter((p) => p.filter((s) => s === '**').length <= 1);

/** The allow-list rule written plainly: `*` is one segment, `**` one or more. */
function reference(patternSegments: string[], nameSegments: string[]): boolean {
  const [head, ...rest] = patternSegments;
  if (head === undefined) return nameSegments.length === 0;
  if (head === '**') {
    for (let take = 1; take <= nameSegments.length; take++) if (reference(rest, nameSegments.slice(take))) return true;
    return false;
  }
  const [first, ...others] = nameSegments;
  return first !== undefined && (head === '*' || head === first) && reference(rest, others);
}

describe('the allow-list, for any name and entry', () => {
  it('matches exactly as the segment rule says', () => {
    fc.assert(
      fc.property(pattern, name, (entry, repository) => {
        expect(repositoryMatcher([entry.join('/')])(repository)).toBe(reference(entry, repository.split('/')));
      }),
      SETTINGS,
    );
  });
});

describe('Location and Link rewriting, for any value', () => {
  it('the streaming door turns only registry URLs into paths on the alias, never throws, never adds a line break', () => {
    fc.assert(
      fc.property(text, (value) => {
        const location = locationOnAlias(value, registry);
        if (location !== value) {
          expect(pathOnRegistry(value.trim(), registry)).toBe(location);
          expect(location).toMatch(/^\/(?!\/)[\x21-\x5b\x5d-\x7e]*$/);
        }
        const link = linkOnAlias(value, registry);
        if (noLineBreak(value)) expect(noLineBreak(link)).toBe(true);
        expect(link.split(`https://${registry}/`).length).toBeLessThanOrEqual(value.split(`https://${registry}/`).length);
      }),
      SETTINGS,
    );
  });

  it('the api-gateway door keeps Locations on the registry and Links on the alias', () => {
    fc.assert(
      fc.property(text, text, (value, host) => {
        const location = locationOnRegistry(value, registry);
        expect(location === value || location === `https://${registry}${value}`).toBe(true);
        if (location !== value) expect(new URL(location).host).toBe(registry);
        const alias = aliasHost(host);
        expect(alias).toMatch(/^[A-Za-z0-9.:[\]-]*$/);
        const link = rewriteLink(value, registry, alias);
        if (link !== undefined) {
          expect(link.startsWith(`<https://${alias}/v2/`)).toBe(true);
          if (noLineBreak(value)) expect(noLineBreak(link)).toBe(true);
        }
      }),
      SETTINGS,
    );
  });
});
