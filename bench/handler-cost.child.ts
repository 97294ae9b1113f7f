// Runs with stdout on /dev/null so both handlers really write their log lines; prints ns/op as JSON on stderr.
import { httpApiEvent } from '../test/support/events.ts';

const registry = '123456789012.dkr.ecr.us-east-1.amazonaws.com';
process.env.ECR_REGISTRY = registry;
const bundle = process.argv[2] ?? '';
const ours = ((await import(bundle)) as { handler: (e: unknown) => Promise<unknown> }).handler;

// What the best-known module does per request: log the whole event, build the URL from rawPath.
async function baseline(event: ReturnType<typeof httpApiEvent>) {
  console.log(JSON.stringify(event));
  return { statusCode: 307, headers: { Location: `https://${registry}${event.rawPath}` } };
}

// The redirect path: the docker engine without credentials (the baseline redirects everything).
const event = httpApiEvent({ rawPath: '/v2/team/app/manifests/latest', rawQueryString: 'n=10' });
delete (event.headers as Record<string, string | undefined>).authorization;
async function nsPerOp(fn: (e: typeof event) => Promise<unknown>, n: number): Promise<number> {
  const start = process.hrtime.bigint();
  for (let i = 0; i < n; i++) await fn(event);
  return Number(process.hrtime.bigint() - start) / n;
}

const n = 20_000;
await nsPerOp(ours, n);
await nsPerOp(baseline, n);
const results = { ours: [] as number[], baseline: [] as number[] };
for (let round = 0; round < 25; round++) {
  results.ours.push(await nsPerOp(ours, n));
  results.baseline.push(await nsPerOp(baseline, n));
}
process.stderr.write(`${JSON.stringify(results)}\n`);
