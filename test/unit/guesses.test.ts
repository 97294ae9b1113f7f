import { describe, expect, it } from 'vitest';
import { createGuessLimiter } from '../../src/serve/guesses.ts';

describe('the password-guessing limiter', () => {
  it('forgives a few refusals, then doubles the wait for each one, up to a cap', () => {
    const limiter = createGuessLimiter({ now: () => 0, free: 2, firstDelayMs: 100, maxDelayMs: 1_000 });
    const waits: number[] = [];
    for (let i = 0; i < 8; i++) {
      waits.push(limiter.delayMs('198.51.100.7'));
      limiter.record('198.51.100.7', true);
    }
    expect(waits).toEqual([0, 0, 0, 100, 200, 400, 800, 1_000]);
  });

  it('slows only the source that guesses', () => {
    const limiter = createGuessLimiter({ now: () => 0, free: 0 });
    for (let i = 0; i < 5; i++) limiter.record('198.51.100.7', true);
    expect(limiter.delayMs('198.51.100.7')).toBeGreaterThan(0);
    expect(limiter.delayMs('203.0.113.9')).toBe(0);
  });

  it('starts a source over after accepted credentials or a quiet spell', () => {
    let clock = 0;
    const limiter = createGuessLimiter({ now: () => clock, free: 0, forgetMs: 1_000 });
    for (let i = 0; i < 5; i++) limiter.record('a', true);
    limiter.record('a', false);
    expect(limiter.delayMs('a')).toBe(0);
    for (let i = 0; i < 5; i++) limiter.record('b', true);
    clock = 1_001;
    expect(limiter.delayMs('b')).toBe(0);
  });

  it('remembers a bounded number of sources', () => {
    const limiter = createGuessLimiter({ now: () => 0, free: 0, maxSources: 3 });
    for (const source of ['a', 'b', 'c', 'd']) limiter.record(source, true);
    expect(limiter.delayMs('a')).toBe(0);
    expect(limiter.delayMs('d')).toBeGreaterThan(0);
  });
});
