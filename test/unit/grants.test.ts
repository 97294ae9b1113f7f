// The layer cache's grants alone (src/serve/cache/grants.ts): what the registry recently let a credential have, on an
// injected clock.
import { describe, expect, it } from 'vitest';
import { GRANT_LIMITS, rememberGrants } from '../../src/serve/cache/grants.ts';

const C = 'Basic QVdTOmNyZWRlbnRpYWwtYw==';
const D = 'Basic QVdTOmNyZWRlbnRpYWwtZA==';
const BLOB = `sha256:${'a'.repeat(64)}`;
const OTHER_BLOB = `sha256:${'b'.repeat(64)}`;

function clocked(options: { ttlMs?: number; maxEntries?: number } = {}) {
  let clock = 1_000;
  const grants = rememberGrants({ ...options, now: () => clock });
  return { grants, advance: (ms: number) => (clock += ms) };
}

describe('grants', () => {
  it('allows the credential, repository and blob the registry redirected, until the bound and not after', () => {
    const { grants, advance } = clocked({ ttlMs: 60_000 });
    grants.grant(C, 'app', BLOB);
    expect(grants.allows(C, 'app', BLOB)).toBe(true);
    advance(59_999);
    expect(grants.allows(C, 'app', BLOB)).toBe(true);
    advance(1);
    expect(grants.allows(C, 'app', BLOB)).toBe(false);
    expect(grants.size()).toBe(0);
  });

  it('allows nothing else: another credential, anonymous, another repository, another blob', () => {
    const { grants } = clocked();
    grants.grant(C, 'app', BLOB);
    expect(grants.allows(D, 'app', BLOB)).toBe(false);
    expect(grants.allows(undefined, 'app', BLOB)).toBe(false);
    expect(grants.allows(C, 'other', BLOB)).toBe(false);
    expect(grants.allows(C, 'app', OTHER_BLOB)).toBe(false);
    // A repository name and digest that would run together in a naive key.
    expect(grants.allows(C, 'app@sha256', BLOB.slice(7))).toBe(false);
  });

  it('keeps anonymous grants apart from every credential', () => {
    const { grants } = clocked();
    grants.grant(undefined, 'public', BLOB);
    expect(grants.allows(undefined, 'public', BLOB)).toBe(true);
    expect(grants.allows('', 'public', BLOB)).toBe(true);
    expect(grants.allows(C, 'public', BLOB)).toBe(false);
  });

  it('is not extended by its use, only by the registry granting the blob again', () => {
    const { grants, advance } = clocked({ ttlMs: 10_000 });
    grants.grant(C, 'app', BLOB);
    for (let i = 0; i < 9; i++) {
      advance(1_000);
      expect(grants.allows(C, 'app', BLOB)).toBe(true);
    }
    advance(1_000);
    expect(grants.allows(C, 'app', BLOB)).toBe(false);
    grants.grant(C, 'app', BLOB);
    advance(9_999);
    expect(grants.allows(C, 'app', BLOB)).toBe(true);
  });

  it('drops every grant of a credential the registry refused, and no other credential\'s', () => {
    const { grants } = clocked();
    grants.grant(C, 'app', BLOB);
    grants.grant(C, 'other', OTHER_BLOB);
    grants.grant(D, 'app', BLOB);
    grants.revoke(C);
    expect(grants.allows(C, 'app', BLOB)).toBe(false);
    expect(grants.allows(C, 'other', OTHER_BLOB)).toBe(false);
    expect(grants.allows(D, 'app', BLOB)).toBe(true);
    expect(grants.size()).toBe(1);
  });

  it('gives the version-check answer again to the credential the registry admitted, until the bound, and to no other', () => {
    const { grants, advance } = clocked({ ttlMs: 60_000 });
    const answer = { status: 200, headers: { 'docker-distribution-api-version': 'registry/2.0' }, body: Buffer.from('{}') };
    expect(grants.admitted(C)).toBeUndefined();
    grants.admit(C, answer);
    expect(grants.admitted(C)).toBe(answer);
    expect(grants.admitted(D)).toBeUndefined();
    expect(grants.admitted(undefined)).toBeUndefined();
    // Admission is not a blob grant, and a blob grant is not admission.
    expect(grants.allows(C, '', '/v2/')).toBe(false);
    grants.grant(D, 'app', BLOB);
    expect(grants.admitted(D)).toBeUndefined();
    advance(59_999);
    expect(grants.admitted(C)).toBe(answer);
    advance(1);
    expect(grants.admitted(C)).toBeUndefined();
  });

  it('gives each credential its own answer, never another credential\'s', () => {
    const { grants } = clocked();
    const toC = { status: 200, headers: { 'x-answer': 'c' }, body: Buffer.from('{}') };
    const toD = { status: 200, headers: { 'x-answer': 'd' }, body: Buffer.from('{}') };
    grants.admit(C, toC);
    grants.admit(D, toD);
    expect(grants.admitted(C)).toBe(toC);
    expect(grants.admitted(D)).toBe(toD);
  });

  it('grants and admits nothing for a request sent before the registry refused its credential', () => {
    const { grants, advance } = clocked();
    const answer = { status: 200, headers: {}, body: Buffer.from('{}') };
    const askedAt = grants.mark();
    advance(5);
    // The credential's password changed: a later request was refused before this one's answer came.
    grants.revoke(C);
    advance(5);
    grants.grant(C, 'app', BLOB, askedAt);
    grants.admit(C, answer, askedAt);
    expect(grants.allows(C, 'app', BLOB)).toBe(false);
    expect(grants.admitted(C)).toBeUndefined();
    // Another credential's answer to a request of the same moment stands; so does a request sent after the refusal.
    grants.grant(D, 'app', BLOB, askedAt);
    expect(grants.allows(D, 'app', BLOB)).toBe(true);
    const later = grants.mark();
    advance(5);
    grants.grant(C, 'app', BLOB, later);
    expect(grants.allows(C, 'app', BLOB)).toBe(true);
  });

  it('drops a credential\'s admission with its grants when the registry refuses it anything', () => {
    const { grants } = clocked();
    const answer = { status: 200, headers: {}, body: Buffer.from('{}') };
    grants.admit(C, answer);
    grants.admit(D, answer);
    grants.revoke(C);
    expect(grants.admitted(C)).toBeUndefined();
    expect(grants.admitted(D)).toBe(answer);
  });

  it('admits nothing with ttlMs 0', () => {
    const { grants } = clocked({ ttlMs: 0 });
    grants.admit(C, { status: 200, headers: {}, body: Buffer.from('{}') });
    expect(grants.admitted(C)).toBeUndefined();
  });

  it('forgets one blob the registry answered otherwise, keeping the credential\'s others', () => {
    const { grants } = clocked();
    grants.grant(C, 'app', BLOB);
    grants.grant(C, 'app', OTHER_BLOB);
    grants.forget(C, 'app', BLOB);
    expect(grants.allows(C, 'app', BLOB)).toBe(false);
    expect(grants.allows(C, 'app', OTHER_BLOB)).toBe(true);
  });

  it('holds at most maxEntries grants, the least recently granted going first', () => {
    const { grants } = clocked({ maxEntries: 3 });
    const digest = (n: number) => `sha256:${String(n).repeat(64).slice(0, 64)}`;
    grants.grant(C, 'app', digest(1));
    grants.grant(D, 'app', digest(2));
    grants.grant(C, 'app', digest(3));
    grants.grant(D, 'app', digest(4));
    expect(grants.size()).toBe(3);
    expect([1, 3].map((n) => grants.allows(C, 'app', digest(n)))).toEqual([false, true]);
    expect([2, 4].map((n) => grants.allows(D, 'app', digest(n)))).toEqual([true, true]);
    // Granted again, D's digest(2) is the newest: the next grant past the bound takes C's digest(3), now the oldest.
    grants.grant(D, 'app', digest(2));
    grants.grant(C, 'app', digest(5));
    expect(grants.allows(D, 'app', digest(2))).toBe(true);
    expect(grants.allows(C, 'app', digest(3))).toBe(false);
    expect(grants.size()).toBe(3);
  });

  it('keeps nothing with ttlMs 0: every request is asked upstream', () => {
    const { grants } = clocked({ ttlMs: 0 });
    grants.grant(C, 'app', BLOB);
    expect(grants.allows(C, 'app', BLOB)).toBe(false);
    expect(grants.size()).toBe(0);
  });

  it('refuses a negative bound', () => {
    expect(() => rememberGrants({ ttlMs: -1 })).toThrow(/ttlMs/);
    expect(() => rememberGrants({ maxEntries: 1.5 })).toThrow(/maxEntries/);
  });

  it('defaults to the 60 s a registry bearer token lives when its server says nothing', () => {
    expect(GRANT_LIMITS.ttlMs).toBe(60_000);
  });
});
