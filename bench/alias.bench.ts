// The alias Lambda: cold init of the bundle, and in-process cost per request.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { median, type Report } from './report.ts';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/function/index.js`;

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, stdio: 'ignore' });
  if (result.status !== 0) throw new Error(`node ${args.join(' ')} exited ${result.status}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export default async function bench(report: Report): Promise<void> {
  const env = { PATH: process.env.PATH, ECR_REGISTRY: '123456789012.dkr.ecr.us-east-1.amazonaws.com' };
  const bare: number[] = [];
  const init: number[] = [];
  const load = `import(${JSON.stringify(bundle)})`;
  for (let i = 0; i < 3; i++) wallMs(['-e', load], env);
  for (let i = 0; i < 30; i++) {
    bare.push(wallMs(['-e', '0'], env));
    init.push(wallMs(['-e', load], env));
  }
  report({ name: 'bundle cold init (node -e import(bundle))', value: median(init), baseline: median(bare), unit: 'ms', baselineName: 'node -e 0', goal: { maxDelta: 15 } });

  const child = spawnSync(process.execPath, ['--import', 'tsx', `${root}bench/handler-cost.child.ts`, bundle], {
    env: { PATH: process.env.PATH },
    stdio: ['ignore', 'ignore', 'pipe'],
    encoding: 'utf8',
  });
  if (child.status !== 0) throw new Error(`handler bench failed: ${child.stderr}`);
  const lines = child.stderr.trim().split('\n');
  const results = JSON.parse(lines[lines.length - 1] ?? '{}') as { ours: number[]; baseline: number[] };
  report({
    name: 'handler cost per request (redirect + one log line)',
    // Fastest round of each: CPU-bound loops are only ever slowed by noise, never sped up.
    value: Math.min(...results.ours) / 1000,
    baseline: Math.min(...results.baseline) / 1000,
    unit: 'µs/op',
    baselineName: 'log-the-event baseline',
    goal: { max: 0.3 },
  });
}
