/** One benchmark figure, printed as a ratio against a baseline measured in the same run. */
export interface Figure {
  name: string;
  value: number;
  baseline: number;
  unit: string;
  baselineName: string;
  /** Goal for value/baseline; omitted when the figure is informational. */
  goal?: { max?: number; min?: number; maxDelta?: number };
}

export type Report = (figure: Figure) => void;

export function formatFigure(f: Figure): string {
  const ratio = f.value / f.baseline;
  let verdict = '';
  if (f.goal?.max !== undefined) verdict = ratio <= f.goal.max ? ` (goal <= ${f.goal.max}: met)` : ` (goal <= ${f.goal.max}: MISSED)`;
  if (f.goal?.min !== undefined) verdict = ratio >= f.goal.min ? ` (goal >= ${f.goal.min}: met)` : ` (goal >= ${f.goal.min}: MISSED)`;
  if (f.goal?.maxDelta !== undefined) {
    const delta = f.value - f.baseline;
    verdict = ` (+${delta.toFixed(1)} ${f.unit}; goal <= +${f.goal.maxDelta} ${f.unit}: ${delta <= f.goal.maxDelta ? 'met' : 'MISSED'})`;
  }
  const num = (n: number) => (n >= 100 ? n.toFixed(0) : n >= 1 ? n.toFixed(2) : n.toPrecision(3));
  return `${f.name}: ${num(f.value)} ${f.unit} vs ${f.baselineName} ${num(f.baseline)} ${f.unit} = ${ratio.toFixed(2)}x${verdict}`;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}
