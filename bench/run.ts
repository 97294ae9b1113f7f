// `npm run bench`: runs every bench/*.bench.ts (each default-exports `(report) => Promise<void>`) in name order.
import { readdir } from 'node:fs/promises';
import { formatFigure, type Report } from './report.ts';

const only = process.argv[2];
const dir = new URL('.', import.meta.url);
const files = (await readdir(dir)).filter((f) => f.endsWith('.bench.ts') && (!only || f.includes(only))).sort();
const report: Report = (figure) => console.log(formatFigure(figure));
for (const file of files) {
  console.log(`# ${file.replace('.bench.ts', '')}`);
  const module = (await import(new URL(file, dir).href)) as { default: (report: Report) => Promise<void> };
  await module.default(report);
}
