/** A guard against super-linear header parsing: a time budget per KiB of input, far from both linear and quadratic cost. */

// About 100x the slowest linear rewrite measured here (~0.015 ms per KiB); a quadratic match of 20 KiB takes ~10 ms per KiB.
export const BUDGET_MS_PER_KIB = 1.5;

/** `unit` repeated to exactly `length` characters. */
export function run(unit: string, length: number): string {
  return unit.repeat(Math.ceil(length / unit.length)).slice(0, length);
}

/**
 * The fastest of up to three timed calls, stopping at the first one within budget: a scheduler or GC pause on a
 * busy machine is not a failure, a call that is slow every time is.
 */
export function fastestMs(call: () => unknown, budgetMs: number): number {
  let fastest = Infinity;
  for (let attempt = 0; attempt < 3 && fastest > budgetMs; attempt++) {
    const started = performance.now();
    call();
    fastest = Math.min(fastest, performance.now() - started);
  }
  return fastest;
}
